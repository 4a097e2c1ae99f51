/**
 * The built client bundle (build/client/_app/immutable/**\/*.js) against the Chromium 86 floor:
 *
 * - syntax: every chunk parses as an ES2022 module (acorn rejects anything later) and contains none of the
 *   ES2022 syntax Chromium 86 lacks (list below) — class fields, private methods (84), logical assignment
 *   (85), `??` / `?.` (80), BigInt, numeric separators, dynamic import and import.meta are fine;
 * - APIs: no call of a built-in above the floor (floor.ts FLOOR_APIS, looked up in the AST, not by regex)
 *   unless static/browser-floor.js provides it or the same chunk feature-tests it (`typeof X.y`, `'y' in X`);
 * - the build is the current one: it carries the polyfill and the server's page template loads it;
 * - and, in the source, the one gap the polyfill leaves: no named submit button (FormData's submitter).
 */
import { Parser } from 'acorn';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	builtFiles,
	CLIENT_DIR,
	describeUse,
	FLOOR,
	FLOOR_APIS,
	type FloorApi,
	needBuild,
	POLYFILL_FILE,
	POLYFILLED,
	readText,
	ROOT,
	type Use
} from './floor';

interface AstNode {
	type: string;
	start: number;
	end: number;
	[key: string]: unknown;
}

function isNode(value: unknown): value is AstNode {
	return typeof value === 'object' && value !== null && typeof (value as AstNode).type === 'string';
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** Depth-first walk; `inFunction` says whether the node is inside a function body (for top-level await). */
function walk(node: AstNode, visit: (node: AstNode, parent: AstNode | null, inFunction: boolean) => void) {
	const step = (current: AstNode, parent: AstNode | null, inFunction: boolean) => {
		visit(current, parent, inFunction);
		const inner = inFunction || FUNCTIONS.has(current.type);
		for (const key of Object.keys(current)) {
			const value = current[key];
			if (Array.isArray(value)) for (const child of value) if (isNode(child)) step(child, current, inner);
			if (isNode(value)) step(value, current, inner);
		}
	};
	step(node, null, false);
}

const parsed = new Map<string, AstNode>();
function parseChunk(file: string): AstNode {
	let ast = parsed.get(file);
	if (!ast) {
		ast = Parser.parse(readText(file), { ecmaVersion: 2022, sourceType: 'module' }) as unknown as AstNode;
		parsed.set(file, ast);
	}
	return ast;
}

const name = (node: unknown): string | undefined =>
	isNode(node) && node.type === 'Identifier' ? (node.name as string) : undefined;
/** `a.b` / `a?.b` / `a['b']` → 'b'. */
const propertyOf = (node: AstNode): string | undefined =>
	node.computed
		? isNode(node.property) && node.property.type === 'Literal' && typeof node.property.value === 'string'
			? node.property.value
			: undefined
		: name(node.property);

/**
 * ES2022 syntax Chromium 86 does not parse; each entry returns a description when `node` is one.
 * (Later syntax — decorators, `using`, import attributes, RegExp `v` flag — acorn already rejects at 2022.)
 */
const SYNTAX_ABOVE_FLOOR: ((node: AstNode, inFunction: boolean) => string | undefined)[] = [
	(n) => (n.type === 'StaticBlock' ? 'class static block (Chromium 94)' : undefined),
	(n) =>
		n.type === 'BinaryExpression' &&
		n.operator === 'in' &&
		isNode(n.left) &&
		n.left.type === 'PrivateIdentifier'
			? '`#x in obj` private brand check (Chromium 91)'
			: undefined,
	(n, inFunction) =>
		!inFunction && (n.type === 'AwaitExpression' || (n.type === 'ForOfStatement' && n.await === true))
			? 'top-level await (Chromium 89)'
			: undefined,
	(n) =>
		n.type === 'Literal' && (n.regex as { flags?: string } | undefined)?.flags?.includes('d')
			? 'RegExp match indices flag /d (Chromium 90)'
			: undefined,
	(n) =>
		(n.type === 'NewExpression' || n.type === 'CallExpression') &&
		name(n.callee) === 'RegExp' &&
		isNode((n.arguments as unknown[])[1]) &&
		/[dv]/.test(String(((n.arguments as AstNode[])[1] as AstNode).value ?? ''))
			? 'RegExp flag d (Chromium 90) or v (Chromium 112)'
			: undefined,
	(n) =>
		(n.type === 'ImportSpecifier' || n.type === 'ExportSpecifier' || n.type === 'ExportAllDeclaration') &&
		['imported', 'local', 'exported'].some((key) => isNode(n[key]) && (n[key] as AstNode).type === 'Literal')
			? 'string module export name (Chromium 90)'
			: undefined
];

/** Does `node` use `use`? For a method that is a call `x.name(…)`; for the others any reference. */
function uses(node: AstNode, parent: AstNode | null, use: Use): boolean {
	if (use.kind === 'static')
		return (
			node.type === 'MemberExpression' &&
			name(node.object) === use.object &&
			propertyOf(node) === use.property
		);
	if (use.kind === 'method')
		return (
			node.type === 'CallExpression' &&
			isNode(node.callee) &&
			node.callee.type === 'MemberExpression' &&
			propertyOf(node.callee) === use.property
		);
	if (node.type !== 'Identifier' || node.name !== use.name || !parent) return false;
	// A free reference, not `x.name`, `{ name: … }`, a method or a class member called so.
	if (parent.type === 'MemberExpression' && parent.property === node && !parent.computed) return false;
	if (
		(parent.type === 'Property' ||
			parent.type === 'MethodDefinition' ||
			parent.type === 'PropertyDefinition') &&
		parent.key === node &&
		!parent.computed
	)
		return parent.type === 'Property' && parent.shorthand === true;
	return true;
}

/** `typeof X.y` / `typeof y` / `'y' in X`: the chunk tests for the API before using it. */
function featureTests(node: AstNode, use: Use): boolean {
	const target = use.kind === 'global' ? use.name : use.property;
	if (node.type === 'UnaryExpression' && node.operator === 'typeof' && isNode(node.argument)) {
		const argument = node.argument;
		if (use.kind === 'global') return name(argument) === target;
		return argument.type === 'MemberExpression' && propertyOf(argument) === target;
	}
	return (
		node.type === 'BinaryExpression' &&
		node.operator === 'in' &&
		isNode(node.left) &&
		node.left.type === 'Literal' &&
		node.left.value === target
	);
}

/** The name a node could be a use or a feature test of: `x.NAME`, `x.NAME()`, `NAME`, `typeof …NAME`, `'NAME' in x`. */
function keyOf(node: AstNode): string | undefined {
	switch (node.type) {
		case 'MemberExpression':
			return propertyOf(node);
		case 'CallExpression':
			return isNode(node.callee) && node.callee.type === 'MemberExpression'
				? propertyOf(node.callee)
				: undefined;
		case 'Identifier':
			return node.name as string;
		case 'UnaryExpression':
			return node.operator === 'typeof' && isNode(node.argument) ? keyOf(node.argument) : undefined;
		case 'BinaryExpression':
			return node.operator === 'in' && isNode(node.left) && typeof node.left.value === 'string'
				? node.left.value
				: undefined;
	}
	return undefined;
}

const API_BY_KEY = new Map<string, FloorApi[]>();
for (const api of FLOOR_APIS) {
	const key = api.use.kind === 'global' ? api.use.name : api.use.property;
	API_BY_KEY.set(key, [...(API_BY_KEY.get(key) ?? []), api]);
}

const ITERATOR_MAKERS = new Set(['keys', 'values', 'entries']);
const ITERATOR_HELPERS = new Set([
	'map',
	'filter',
	'take',
	'drop',
	'flatMap',
	'reduce',
	'toArray',
	'forEach',
	'some',
	'every',
	'find'
]);
/** `m.values().map(…)`: an iterator helper (Chromium 122) on what `.keys()/.values()/.entries()` returns. */
function iteratorHelper(node: AstNode): boolean {
	if (node.type !== 'CallExpression' || !isNode(node.callee) || node.callee.type !== 'MemberExpression')
		return false;
	const receiver = node.callee.object;
	return (
		ITERATOR_HELPERS.has(propertyOf(node.callee) ?? '') &&
		isNode(receiver) &&
		receiver.type === 'CallExpression' &&
		(receiver.arguments as unknown[]).length === 0 &&
		isNode(receiver.callee) &&
		receiver.callee.type === 'MemberExpression' &&
		ITERATOR_MAKERS.has(propertyOf(receiver.callee) ?? '')
	);
}

function excerpt(file: string, node: AstNode): string {
	const text = readText(file);
	return `${basename(file)}: …${text.slice(Math.max(0, node.start - 60), node.end + 20)}…`;
}

describe(`built client bundle on the Chromium ${FLOOR} floor`, () => {
	it('every chunk parses as ES2022 without the syntax Chromium 86 lacks', (ctx) => {
		needBuild(ctx);
		const files = builtFiles('.js');
		expect(files.length).toBeGreaterThan(0);
		const problems: string[] = [];
		for (const file of files) {
			let ast: AstNode;
			try {
				ast = parseChunk(file);
			} catch (error) {
				problems.push(`${basename(file)}: not ES2022 — ${(error as Error).message}`);
				continue;
			}
			walk(ast, (node, _parent, inFunction) => {
				for (const check of SYNTAX_ABOVE_FLOOR) {
					const found = check(node, inFunction);
					if (found) problems.push(`${found} in ${excerpt(file, node)}`);
				}
			});
		}
		expect(problems).toEqual([]);
	});

	it('calls no built-in above the floor that the polyfill does not provide or the chunk does not feature-test', (ctx) => {
		needBuild(ctx);
		const problems: string[] = [];
		const polyfilledSeen = new Set<string>();
		for (const file of builtFiles('.js')) {
			const ast = parseChunk(file);
			const hits = new Map<FloorApi, AstNode>();
			const tested = new Set<FloorApi>();
			walk(ast, (node, parent) => {
				for (const api of API_BY_KEY.get(keyOf(node) ?? '') ?? []) {
					if (featureTests(node, api.use)) tested.add(api);
					else if (
						uses(node, parent, api.use) &&
						!(parent?.type === 'UnaryExpression' && parent.operator === 'typeof') &&
						!hits.has(api)
					)
						hits.set(api, node);
				}
				if (iteratorHelper(node)) problems.push(`iterator helper (Chromium 122) in ${excerpt(file, node)}`);
			});
			for (const [api, node] of hits) {
				if (api.polyfilled) polyfilledSeen.add(describeUse(api.use));
				else if (!tested.has(api))
					problems.push(`${describeUse(api.use)} (Chromium ${api.chromium}) in ${excerpt(file, node)}`);
			}
		}
		expect(problems).toEqual([]);
		// The polyfilled ones the bundle does call (today Object.hasOwn from devalue, .at from Arrow and our code).
		ctx.annotate(`polyfilled APIs the bundle calls: ${[...polyfilledSeen].sort().join(', ') || 'none'}`);
	});

	it('every polyfilled API in the list is one static/browser-floor.js provides', () => {
		const provided = new Set(POLYFILLED.map(({ api }) => api.split('.').at(-1)));
		for (const api of FLOOR_APIS.filter((a) => a.polyfilled)) {
			const short = api.use.kind === 'global' ? api.use.name : api.use.property;
			expect(provided, describeUse(api.use)).toContain(short);
		}
	});

	it('is the current build: it ships the polyfill and the page template loads it', (ctx) => {
		needBuild(ctx);
		expect(readFileSync(join(CLIENT_DIR, 'browser-floor.js'), 'utf8')).toBe(
			readFileSync(POLYFILL_FILE, 'utf8')
		);
		const serverDir = join(ROOT, 'build/server');
		const template = readdirSync(serverDir, { recursive: true, encoding: 'utf8' })
			.filter((file) => file.endsWith('.js'))
			.some((file) =>
				/<script src=[^>]{0,40}\/browser-floor\.js/.test(readFileSync(join(serverDir, file), 'utf8'))
			);
		expect(
			template,
			`a server chunk under ${relative(ROOT, serverDir)} holds app.html with the script tag`
		).toBe(true);
	});
});

describe('what the floor cannot polyfill: SvelteKit’s form submit with a named submitter', () => {
	// `use:enhance` and GET-form navigation build `new FormData(form, submitter)`; Chromium < 112 ignores the
	// submitter, so a clicked button's name=value would be missing from the request. Buttons pick the action
	// with formaction (which SvelteKit reads itself) instead.
	it('no submit button in src carries a name', () => {
		const offenders: string[] = [];
		const visit = (dir: string) => {
			for (const entry of readdirSync(dir, { withFileTypes: true })) {
				const path = join(dir, entry.name);
				if (entry.isDirectory()) visit(path);
				else if (entry.name.endsWith('.svelte')) {
					for (const tag of readFileSync(path, 'utf8').match(/<(button|input)\b[^>]*>/g) ?? []) {
						const submits = tag.startsWith('<button')
							? !/\btype="(button|reset)"/.test(tag)
							: /\btype="(submit|image)"/.test(tag);
						if (submits && /\sname=/.test(tag)) offenders.push(`${relative(ROOT, path)}: ${tag}`);
					}
				}
			}
		};
		visit(join(ROOT, 'src'));
		expect(offenders).toEqual([]);
	});
});
