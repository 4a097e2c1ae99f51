/**
 * Every request key the app answers, read from the filesystem (src/routes), in policy.ts's format:
 * `GET /id` for each page (+page.svelte / +page.ts / +page.server.ts), `POST /id` or `POST /id?/name` for each
 * form action in +page.server.ts, `<METHOD> /id` for each handler exported by +server.ts. Exports are read
 * with the TypeScript parser, so `export const actions = { a, b } satisfies Actions` and
 * `export const GET: RequestHandler = …` / `export async function POST` are all found.
 * Used by the authorization-matrix tests (Vitest and Playwright).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface RouteKey {
	key: string;
	routeId: string;
	method: string;
	/** Form action name ('default' for the default action), null for page loads and endpoints. */
	action: string | null;
	kind: 'page' | 'action' | 'endpoint';
	file: string;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function exportsOf(file: string): { names: string[]; actions: string[] | null } {
	const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
	const names: string[] = [];
	let actions: string[] | null = null;
	const isExported = (n: ts.Node) =>
		ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
	const objectKeys = (e: ts.Expression | undefined): string[] | null => {
		while (e && (ts.isSatisfiesExpression(e) || ts.isAsExpression(e) || ts.isParenthesizedExpression(e))) e = e.expression;
		if (!e || !ts.isObjectLiteralExpression(e)) return null;
		return e.properties.map((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : '?'));
	};
	for (const st of src.statements) {
		if (ts.isFunctionDeclaration(st) && isExported(st) && st.name) names.push(st.name.text);
		if (ts.isVariableStatement(st) && isExported(st)) {
			for (const d of st.declarationList.declarations) {
				if (!ts.isIdentifier(d.name)) continue;
				names.push(d.name.text);
				if (d.name.text === 'actions') actions = objectKeys(d.initializer) ?? ['?'];
			}
		}
		if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) {
			for (const el of st.exportClause.elements) names.push(el.name.text);
			if (st.exportClause.elements.some((el) => el.name.text === 'actions') && actions === null) actions = ['?'];
		}
	}
	return { names, actions };
}

export function routeKeys(root = path.resolve('src/routes')): RouteKey[] {
	const out: RouteKey[] = [];
	const walk = (dir: string) => {
		const files = fs.readdirSync(dir, { withFileTypes: true });
		const rel = path.relative(root, dir).split(path.sep).join('/');
		const routeId = '/' + rel;
		const has = (f: string) => files.some((e) => e.isFile() && e.name === f);
		const pageFile = ['+page.svelte', '+page.ts', '+page.js', '+page.server.ts', '+page.server.js'].find(has);
		if (pageFile) {
			out.push({ key: `GET ${routeId}`, routeId, method: 'GET', action: null, kind: 'page', file: path.join(dir, pageFile) });
			const server = ['+page.server.ts', '+page.server.js'].find(has);
			if (server) {
				const { actions } = exportsOf(path.join(dir, server));
				for (const a of actions ?? []) {
					out.push({
						key: a === 'default' ? `POST ${routeId}` : `POST ${routeId}?/${a}`,
						routeId,
						method: 'POST',
						action: a,
						kind: 'action',
						file: path.join(dir, server)
					});
				}
			}
		}
		const endpoint = ['+server.ts', '+server.js'].find(has);
		if (endpoint) {
			const { names } = exportsOf(path.join(dir, endpoint));
			for (const n of names) {
				if (METHODS.includes(n)) out.push({ key: `${n === 'HEAD' ? 'GET' : n} ${routeId}`, routeId, method: n, action: null, kind: 'endpoint', file: path.join(dir, endpoint) });
				// `fallback` answers every method: the policy has no key for it, so it must not be used.
				if (n === 'fallback') out.push({ key: `FALLBACK ${routeId}`, routeId, method: 'FALLBACK', action: null, kind: 'endpoint', file: path.join(dir, endpoint) });
			}
		}
		for (const e of files) if (e.isDirectory()) walk(path.join(dir, e.name));
	};
	walk(root);
	const seen = new Set<string>();
	return out.filter((k) => (seen.has(k.key) ? false : (seen.add(k.key), true))).sort((a, b) => a.key.localeCompare(b.key));
}

/** A concrete path for a route id: sample values for its parameters (`[id]` → '1', `[code]` → 'D01' …). */
export function samplePath(routeId: string, samples: Record<string, string> = {}): string {
	const p = routeId
		.split('/')
		.filter((s) => !/^\(.+\)$/.test(s)) // route groups are not in the URL
		.map((seg) =>
			seg.replace(/\[\[?(?:\.\.\.)?([^\]=]+)(?:=[^\]]+)?\]\]?/g, (_, name: string) => samples[name] ?? (name === 'id' ? '1' : 'D01'))
		)
		.join('/');
	return p === '' ? '/' : p;
}
