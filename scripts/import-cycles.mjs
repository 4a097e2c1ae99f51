#!/usr/bin/env node
/**
 * Import cycles in src/ (what `madge --circular` would report, without installing it):
 * `node scripts/import-cycles.mjs [--runtime] [--json]`.
 *
 * Reads every .ts / .svelte file under src/, takes its import edges (static `import … from`, `export … from`,
 * dynamic `import('…')`; `$lib/…` resolves to src/lib/…), and prints each elementary cycle once. By default
 * every edge counts, as madge counts them (type-only and dynamic imports too: a cycle through them still ties
 * the modules together); `--runtime` leaves type-only imports out (what Node actually evaluates).
 * Exit code 1 when a cycle is found, so CI can run it.
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const src = path.join(root, 'src');
const runtimeOnly = process.argv.includes('--runtime');
const asJson = process.argv.includes('--json');

function walk(dir) {
	const out = [];
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) out.push(...walk(p));
		else if (/\.(ts|svelte)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
	}
	return out;
}

/** The script part of a file (Svelte: the <script> blocks). */
function code(file) {
	const text = fs.readFileSync(file, 'utf8');
	if (!file.endsWith('.svelte')) return text;
	return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

/** [specifier, typeOnly] of every import edge in `text` (comments stripped first). */
function importsOf(text) {
	const t = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
	const out = [];
	const stat = /(^|[;\s])(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/g;
	for (const m of t.matchAll(stat)) {
		const clause = m[4].trim();
		// `import { type A, type B } from` is type-only too.
		const allTypes =
			/^\{[^}]*\}$/.test(clause) &&
			clause
				.slice(1, -1)
				.split(',')
				.filter((s) => s.trim())
				.every((s) => /^\s*type\s/.test(s));
		out.push([m[5], !!m[3] || allTypes]);
	}
	for (const m of t.matchAll(/(^|[;\s])import\s+['"]([^'"]+)['"]/g)) out.push([m[2], false]);
	for (const m of t.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push([m[1], false]);
	return out;
}

function resolve(from, spec) {
	let base;
	if (spec.startsWith('$lib/') || spec === '$lib') base = path.join(src, 'lib', spec.slice(5));
	else if (spec.startsWith('.')) base = path.resolve(path.dirname(from), spec);
	else return null; // packages, $app, $env
	for (const c of [base, `${base}.ts`, `${base}.svelte`, path.join(base, 'index.ts')])
		if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
	if (base.endsWith('.js') && fs.existsSync(base.replace(/\.js$/, '.ts')))
		return base.replace(/\.js$/, '.ts');
	return null;
}

const files = walk(src);
const graph = new Map();
for (const f of files) {
	const deps = new Set();
	for (const [spec, typeOnly] of importsOf(code(f))) {
		if (runtimeOnly && typeOnly) continue;
		const r = resolve(f, spec);
		if (r && r !== f) deps.add(r);
	}
	graph.set(f, [...deps].sort());
}

// Elementary cycles, each reported once from its smallest file name (Johnson-style search limited to one
// strongly connected component at a time keeps this fast on a few hundred files).
function sccs() {
	let index = 0;
	const idx = new Map(),
		low = new Map(),
		on = new Set(),
		stack = [],
		out = [];
	function visit(v) {
		idx.set(v, index);
		low.set(v, index);
		index++;
		stack.push(v);
		on.add(v);
		for (const w of graph.get(v) ?? []) {
			if (!idx.has(w)) {
				visit(w);
				low.set(v, Math.min(low.get(v), low.get(w)));
			} else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
		}
		if (low.get(v) === idx.get(v)) {
			const comp = [];
			let w;
			do {
				w = stack.pop();
				on.delete(w);
				comp.push(w);
			} while (w !== v);
			if (comp.length > 1) out.push(comp);
		}
	}
	for (const v of graph.keys()) if (!idx.has(v)) visit(v);
	return out;
}

const cycles = [];
const LIMIT = 500;
for (const comp of sccs()) {
	const members = new Set(comp);
	const sorted = [...comp].sort();
	for (const start of sorted) {
		const path_ = [start];
		const onPath = new Set([start]);
		const search = (v) => {
			for (const w of graph.get(v) ?? []) {
				if (!members.has(w) || w < start || cycles.length >= LIMIT) continue;
				if (w === start) cycles.push([...path_]);
				else if (!onPath.has(w)) {
					path_.push(w);
					onPath.add(w);
					search(w);
					path_.pop();
					onPath.delete(w);
				}
			}
		};
		search(start);
	}
}

const rel = (f) => path.relative(root, f);
if (asJson)
	console.log(
		JSON.stringify(
			cycles.map((c) => c.map(rel)),
			null,
			1
		)
	);
else {
	for (const c of cycles) console.log([...c, c[0]].map(rel).join(' → '));
	console.log(
		`${cycles.length}${cycles.length >= LIMIT ? '+' : ''} cycle(s) in ${graph.size} files${runtimeOnly ? ' (type-only imports left out)' : ''}`
	);
}
process.exit(cycles.length ? 1 : 0);
