/**
 * PostCSS plugin (vite.config.ts `css.postcss`): selectors of Chromium 88 on the Chromium 86 floor.
 *
 * A core drops any rule whose selector it cannot parse whole. Two forms in our CSS need Chromium 88:
 * - Svelte 5 scopes a nested selector as `.list.svelte-x li:where(.svelte-x)` — `:where()`; that is about a
 *   third of our component CSS, missing on a 360 / QQ / 奇安信 build on a Chromium 86–87 core;
 * - a selector list in `:not()`, `:not(figcaption, .toggle)` (lightningcss lowers it to
 *   `:not(:-webkit-any(…))`, which no Chromium accepts inside `:not()`).
 * After each such rule this adds a copy in the older form — `:where(.svelte-x)` as `.svelte-x` (Svelte 4's
 * form, one class more specific), `:not(a, b)` as `:not(a):not(b)` — inside `@supports not selector(:where(a))`:
 * `selector()` is Chromium 83, so only a core without `:where()` (= before 88) uses the copy; current
 * browsers ignore it and keep Svelte 5's specificity. The copy sits right after the original, at the same
 * place in the cascade.
 *
 * Runs before Vite hashes and minifies the CSS, so a changed file changes name.
 * tests/unit/browser-floor/css.test.ts checks the built CSS has no other selector above the floor.
 */
/** @import { AtRule, Plugin } from 'postcss' */

/** The `@supports` condition true exactly on a core without `:where()` (Chromium 83–87 here). */
export const WHERE_FALLBACK_CONDITION = 'not selector(:where(a))';

const SVELTE_SCOPE = /:where\((\.svelte-[a-z0-9]+)\)/g;
/** One simple selector, the only argument `:not()` takes before Chromium 88. */
const SIMPLE = /^(?:\*|[a-zA-Z][\w-]*|\.[\w-]+|#[\w-]+|\[[^\]]+\]|::?[\w-]+)$/;
/** Wrappers lightningcss puts around a `:not()` list when lowering it. */
const LIST_WRAPPER = /^:(?:is|-webkit-any|-moz-any)\((.*)\)$/s;

/**
 * Splits `text` at the top-level occurrences of `separator` (not inside parentheses, brackets or quotes).
 * @param {string} text
 * @param {string} separator
 */
function splitTopLevel(text, separator) {
	/** @type {string[]} */
	const parts = [];
	let depth = 0;
	let quote = '';
	let start = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quote) {
			if (c === '\\') i++;
			else if (c === quote) quote = '';
		} else if (c === '"' || c === "'") quote = c;
		else if (c === '(' || c === '[') depth++;
		else if (c === ')' || c === ']') depth--;
		else if (c === separator && depth === 0) {
			parts.push(text.slice(start, i));
			start = i + 1;
		}
	}
	parts.push(text.slice(start));
	return parts;
}

/**
 * `:not(a, b)` (or lightningcss's `:not(:is(a, b))`) → `:not(a):not(b)` when every item is one simple selector.
 * @param {string} selector
 */
function splitNotLists(selector) {
	let out = '';
	let i = 0;
	for (let at = selector.indexOf(':not(', i); at >= 0; at = selector.indexOf(':not(', i)) {
		const open = at + ':not('.length;
		let depth = 1;
		let close = open;
		while (close < selector.length && depth > 0) {
			if (selector[close] === '(') depth++;
			else if (selector[close] === ')') depth--;
			close++;
		}
		let argument = selector.slice(open, close - 1).trim();
		const wrapped = argument.match(LIST_WRAPPER);
		if (wrapped) argument = wrapped[1];
		const items = splitTopLevel(argument, ',').map((item) => item.trim());
		out += selector.slice(i, at);
		out +=
			items.length > 1 || wrapped
				? items.every((item) => SIMPLE.test(item))
					? items.map((item) => `:not(${item})`).join('')
					: selector.slice(at, close)
				: selector.slice(at, close);
		i = close;
	}
	return out + selector.slice(i);
}

/**
 * The selector list in the form a Chromium 86 core parses: `:where(.svelte-x)` → `.svelte-x`,
 * `:not(a, b)` → `:not(a):not(b)`. Unchanged when there is nothing to rewrite.
 * @param {string} selector
 */
export function floorSelector(selector) {
	return splitNotLists(selector.replace(SVELTE_SCOPE, '$1'));
}

/** @param {import('postcss').Node | undefined} node */
export function isWhereFallback(node) {
	if (node?.type !== 'atrule') return false;
	const atRule = /** @type {AtRule} */ (node);
	return atRule.name === 'supports' && atRule.params === WHERE_FALLBACK_CONDITION;
}

/** @returns {Plugin} */
export function cssWhereFallback() {
	return {
		postcssPlugin: 'css-where-fallback',
		Rule(rule, { AtRule }) {
			const selector = floorSelector(rule.selector);
			// vitePreprocess runs PostCSS on a component's source too, before Svelte scopes it: a copy made
			// there comes back with `:where(.svelte-x)` added, and is put in floor form here.
			if (isWhereFallback(rule.parent)) {
				if (selector !== rule.selector) rule.selector = selector;
				return;
			}
			if (selector === rule.selector) return;
			const next = rule.next();
			const copies = isWhereFallback(next) ? (/** @type {AtRule} */ (next).nodes ?? []) : [];
			if (copies.some((node) => node.type === 'rule' && floorSelector(node.selector) === selector)) return;
			const fallback = new AtRule({ name: 'supports', params: WHERE_FALLBACK_CONDITION });
			fallback.append(rule.clone({ selector }));
			rule.after(fallback);
		}
	};
}
