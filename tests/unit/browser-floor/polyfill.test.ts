/**
 * static/browser-floor.js on a Chromium 86-like engine: a fresh V8 context (node:vm) with the APIs it
 * provides deleted, then the polyfill, then the APIs must work; where they exist they stay untouched.
 */
import { Parser } from 'acorn';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { POLYFILL_FILE, POLYFILLED, ROOT } from './floor';

const source = readFileSync(POLYFILL_FILE, 'utf8');

/** A context like a Chromium 86 page for what the polyfill covers (a vm context has no structuredClone). */
function floorContext(): vm.Context {
	const context = vm.createContext({});
	for (const { probe } of POLYFILLED) {
		const dot = probe.lastIndexOf('.');
		vm.runInContext(
			dot < 0
				? `delete globalThis.${probe}`
				: `delete ${probe.slice(0, dot)}[${JSON.stringify(probe.slice(dot + 1))}]`,
			context
		);
	}
	return context;
}

function run(context: vm.Context, code: string): unknown {
	return vm.runInContext(code, context);
}

describe('static/browser-floor.js', () => {
	it('parses as an ES5 classic script (it must run on any core that loads it)', () => {
		expect(() => Parser.parse(source, { ecmaVersion: 5, sourceType: 'script' })).not.toThrow();
	});

	it('is loaded by src/app.html as a classic, blocking script ahead of SvelteKit’s head and modules', () => {
		const html = readFileSync(join(ROOT, 'src/app.html'), 'utf8');
		const tag = html.match(/<script\b[^>]*\bsrc="%sveltekit\.assets%\/browser-floor\.js"[^>]*><\/script>/);
		expect(tag, 'app.html has <script src="%sveltekit.assets%/browser-floor.js">').not.toBeNull();
		expect(tag![0]).not.toMatch(/\b(type|async|defer)\b/);
		expect(html.indexOf(tag![0])).toBeLessThan(html.indexOf('%sveltekit.head%'));
	});

	it('defines every API it covers where the engine lacks it', () => {
		const context = floorContext();
		for (const { probe } of POLYFILLED)
			expect(run(context, `typeof ${probe}`), `${probe} deleted`).toBe('undefined');
		run(context, source);
		for (const { probe } of POLYFILLED) expect(run(context, `typeof ${probe}`), probe).toBe('function');
		// Non-enumerable, like the built-ins: for…in over an array or a string must not see them.
		expect(
			run(context, `var k = []; for (var x in [1]) k.push(x); for (var y in 'a') k.push(y); k.join()`)
		).toBe('0,0');
	});

	it('Object.hasOwn', () => {
		const context = floorContext();
		run(context, source);
		expect(run(context, `Object.hasOwn({ a: 1 }, 'a')`)).toBe(true);
		expect(run(context, `Object.hasOwn(Object.create({ a: 1 }), 'a')`)).toBe(false);
		expect(run(context, `Object.hasOwn([5], 0)`)).toBe(true);
		expect(run(context, `Object.hasOwn('ab', 'length')`)).toBe(true);
		expect(() => run(context, `Object.hasOwn(null, 'a')`)).toThrow(/null/);
	});

	it('.at on arrays, typed arrays (Arrow’s BigUint64Array) and strings', () => {
		const context = floorContext();
		run(context, source);
		expect(
			run(
				context,
				`[1, 2, 3].at(0) + ',' + [1, 2, 3].at(-1) + ',' + [1, 2, 3].at(3) + ',' + [1, 2, 3].at(-4)`
			)
		).toBe('1,3,undefined,undefined');
		expect(run(context, `[1, 2, 3].at('1') + [1, 2, 3].at(NaN) + [1, 2, 3].at(1.7)`)).toBe(2 + 1 + 2);
		expect(run(context, `Array.prototype.at.call({ length: 2, 0: 'a', 1: 'b' }, -1)`)).toBe('b');
		expect(run(context, `new BigUint64Array([1n, 2n ** 63n]).at(-1) === 2n ** 63n`)).toBe(true);
		expect(run(context, `new Int16Array([-1, 7]).at(-1)`)).toBe(7);
		expect(run(context, `new Int32Array(0).at(0)`)).toBeUndefined();
		expect(run(context, `'办件量'.at(-1) + 'abc'.at(0)`)).toBe('量a');
		expect(run(context, `'abc'.at(5)`)).toBeUndefined();
	});

	it('findLast / findLastIndex on arrays and typed arrays', () => {
		const context = floorContext();
		run(context, source);
		expect(run(context, `[1, 2, 3, 4].findLast(function (x) { return x % 2 === 1; })`)).toBe(3);
		expect(run(context, `[1, 2, 3, 4].findLastIndex(function (x) { return x % 2 === 1; })`)).toBe(2);
		expect(run(context, `[1, 2].findLast(function (x) { return x > 5; })`)).toBeUndefined();
		expect(run(context, `[1, 2].findLastIndex(function (x) { return x > 5; })`)).toBe(-1);
		expect(run(context, `new Float64Array([0.5, 1.5, 2.5]).findLast(function (x) { return x < 2; })`)).toBe(
			1.5
		);
		expect(
			run(context, `new Uint8Array([9, 8, 7]).findLastIndex(function (x, i, a) { return a[i] === 9; })`)
		).toBe(0);
		expect(() => run(context, `[1].findLast(null)`)).toThrow(/not a function/);
	});

	it('structuredClone copies deeply, keeps shared references and cycles, refuses functions', () => {
		const context = floorContext();
		run(context, source);
		const result = run(
			context,
			`(function () {
				var shared = { n: 1 };
				var original = {
					date: new Date(86400000), re: /a+/gi, map: new Map([['k', shared]]), set: new Set([1, 2]),
					bytes: new Uint16Array([1, 2, 3]).subarray(1), nested: [shared, shared], big: 10n, nan: NaN, missing: undefined
				};
				original.self = original;
				var copy = structuredClone(original);
				shared.n = 2;
				return {
					distinct: copy !== original && copy.nested[0] !== shared,
					sameShared: copy.nested[0] === copy.nested[1] && copy.map.get('k') === copy.nested[0],
					cycle: copy.self === copy,
					untouched: copy.nested[0].n,
					date: copy.date instanceof Date && copy.date.getTime(),
					re: copy.re instanceof RegExp && copy.re.source + '/' + copy.re.flags,
					set: Array.from(copy.set).join(),
					bytes: copy.bytes instanceof Uint16Array && Array.from(copy.bytes).join() + '@' + copy.bytes.byteOffset,
					big: copy.big === 10n,
					nan: Number.isNaN(copy.nan),
					missing: 'missing' in copy
				};
			})()`
		);
		expect(JSON.parse(JSON.stringify(result))).toEqual({
			distinct: true,
			sameShared: true,
			cycle: true,
			untouched: 1,
			date: 86400000,
			re: 'a+/gi',
			set: '1,2',
			bytes: '2,3@2',
			big: true,
			nan: true,
			missing: true
		});
		expect(
			run(context, `var e = structuredClone(new RangeError('x')); e instanceof RangeError && e.message`)
		).toBe('x');
		expect(() => run(context, `structuredClone({ f: function () {} })`)).toThrow(/could not be cloned/);
		expect(() => run(context, `structuredClone(Symbol('s'))`)).toThrow(/could not be cloned/);
		expect(() => run(context, `structuredClone()`)).toThrow(/1 argument required/);
	});

	it('leaves native implementations alone on a current engine', () => {
		const context = vm.createContext({ structuredClone });
		const before = POLYFILLED.map(({ probe }) => run(context, probe));
		run(context, source);
		expect(POLYFILLED.map(({ probe }) => run(context, probe))).toEqual(before);
	});
});
