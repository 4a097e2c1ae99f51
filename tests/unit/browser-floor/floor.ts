/**
 * The browser floor, Chromium 86 (README "Browsers"), as data for the tests beside this file: where the built
 * client lands, what the floor's JavaScript engine lacks, and which of those static/browser-floor.js provides.
 *
 * Versions are the first Chromium (= Chrome, Edge, 360 / QQ / 奇安信 on that core) that ships the feature.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'vitest';

export const FLOOR = 86;

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const POLYFILL_FILE = join(ROOT, 'static/browser-floor.js');
/** adapter-node's output: static files at build/client, SvelteKit's hashed chunks under _app/immutable. */
export const CLIENT_DIR = join(ROOT, 'build/client');
export const IMMUTABLE_DIR = join(CLIENT_DIR, '_app/immutable');

/** `npm test` builds before Vitest (scripts/test.sh); with CI set, a missing build fails instead of skipping. */
const ci = (process.env.CI ?? '').toLowerCase();
export const requireBuild = ci !== '' && ci !== '0' && ci !== 'false';

/** First line of a test on the built output: skips with the reason when there is none (fails under CI). */
export function needBuild(ctx: TestContext): void {
	if (existsSync(IMMUTABLE_DIR)) return;
	const reason = `no client build at ${IMMUTABLE_DIR}: run \`npm run build\` first`;
	if (requireBuild) throw new Error(`${reason} (CI is set, so this is a failure, not a skip)`);
	ctx.skip(reason);
}

export function builtFiles(extension: string): string[] {
	return readdirSync(IMMUTABLE_DIR, { recursive: true, encoding: 'utf8' })
		.filter((file) => file.endsWith(extension))
		.sort()
		.map((file) => join(IMMUTABLE_DIR, file));
}

export function readText(file: string): string {
	return readFileSync(file, 'utf8');
}

/**
 * Built-ins above the floor that static/browser-floor.js defines when missing. `probe` is the expression
 * the polyfill test deletes before running the polyfill and then expects to be a function again.
 */
export const POLYFILLED = [
	{ api: 'Object.hasOwn', chromium: 93, probe: 'Object.hasOwn' },
	{ api: 'Array.prototype.at', chromium: 92, probe: 'Array.prototype.at' },
	{ api: 'TypedArray.prototype.at', chromium: 92, probe: 'Object.getPrototypeOf(Int8Array.prototype).at' },
	{ api: 'String.prototype.at', chromium: 92, probe: 'String.prototype.at' },
	{ api: 'Array.prototype.findLast', chromium: 97, probe: 'Array.prototype.findLast' },
	{ api: 'Array.prototype.findLastIndex', chromium: 97, probe: 'Array.prototype.findLastIndex' },
	{
		api: 'TypedArray.prototype.findLast',
		chromium: 97,
		probe: 'Object.getPrototypeOf(Int8Array.prototype).findLast'
	},
	{
		api: 'TypedArray.prototype.findLastIndex',
		chromium: 97,
		probe: 'Object.getPrototypeOf(Int8Array.prototype).findLastIndex'
	},
	{ api: 'structuredClone', chromium: 98, probe: 'structuredClone' }
] as const;

/**
 * How a use shows in the bundle's AST: `static` = `Object.hasOwn` (member of a global), `method` = a call
 * `x.name(…)` on any receiver (the bundle is minified, receivers have no types), `global` = a free identifier.
 */
export type Use =
	| { kind: 'static'; object: string; property: string }
	| { kind: 'method'; property: string }
	| { kind: 'global'; name: string };

export interface FloorApi {
	use: Use;
	chromium: number;
	/** Set when static/browser-floor.js provides it; otherwise the bundle must not use it unguarded. */
	polyfilled?: true;
}

const s = (object: string, property: string, chromium: number, polyfilled?: true): FloorApi => ({
	use: { kind: 'static', object, property },
	chromium,
	polyfilled
});
const m = (property: string, chromium: number, polyfilled?: true): FloorApi => ({
	use: { kind: 'method', property },
	chromium,
	polyfilled
});
const g = (name: string, chromium: number, polyfilled?: true): FloorApi => ({
	use: { kind: 'global', name },
	chromium,
	polyfilled
});

/**
 * Standard-library and DOM APIs above Chromium 86 that code in a bundle plausibly calls. Left out on purpose,
 * as their names are common methods of other objects: Set's `union` / `intersection` / `difference` (ECharts'
 * BoundingRect has `union`), `transfer`, `resize`. Not statically checkable: async iteration of a
 * ReadableStream (Chromium 124), iterator helpers on iterators not made by `.keys()/.values()/.entries()`.
 */
export const FLOOR_APIS: FloorApi[] = [
	s('Object', 'hasOwn', 93, true),
	m('at', 92, true),
	m('findLast', 97, true),
	m('findLastIndex', 97, true),
	g('structuredClone', 98, true),
	m('toSorted', 110),
	m('toReversed', 110),
	m('toSpliced', 110),
	m('with', 110),
	m('isWellFormed', 111),
	m('toWellFormed', 111),
	s('Object', 'groupBy', 117),
	s('Map', 'groupBy', 117),
	s('Promise', 'withResolvers', 119),
	s('Promise', 'try', 128),
	s('Array', 'fromAsync', 121),
	m('symmetricDifference', 122),
	m('isSubsetOf', 122),
	m('isSupersetOf', 122),
	m('isDisjointFrom', 122),
	g('Iterator', 122),
	m('transferToFixedLength', 114),
	s('Uint8Array', 'fromBase64', 140),
	s('Uint8Array', 'fromHex', 140),
	m('toBase64', 140),
	m('toHex', 140),
	m('setFromBase64', 140),
	s('RegExp', 'escape', 136),
	s('URL', 'canParse', 120),
	s('URL', 'parse', 126),
	s('AbortSignal', 'timeout', 103),
	s('AbortSignal', 'any', 116),
	m('throwIfAborted', 100),
	m('randomUUID', 92),
	g('reportError', 95),
	s('Intl', 'Segmenter', 87),
	s('Intl', 'supportedValuesOf', 99),
	s('Intl', 'DurationFormat', 129),
	s('Atomics', 'waitAsync', 87),
	m('checkVisibility', 105),
	m('showPopover', 114),
	m('hidePopover', 114),
	m('togglePopover', 114)
];

export function describeUse(use: Use): string {
	return use.kind === 'static'
		? `${use.object}.${use.property}`
		: use.kind === 'method'
			? `.${use.property}(…)`
			: use.name;
}
