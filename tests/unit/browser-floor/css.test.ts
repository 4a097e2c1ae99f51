/**
 * CSS on the Chromium 86 floor. Vite lowers the CSS for chrome86 (cssTarget follows build.target: `inset`,
 * nesting, colour syntax …); what it cannot lower is a selector the core does not parse, which drops the
 * whole rule. Svelte 5's `:where(.svelte-x)` and `:not(a, b)` (both Chromium 88) get a copy in the older form
 * from scripts/css-where-fallback.js; no other selector or at-rule above the floor may reach the built CSS.
 */
import postcss, { type AtRule, type Container, type Rule } from 'postcss';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	cssWhereFallback,
	floorSelector,
	isWhereFallback,
	WHERE_FALLBACK_CONDITION
} from '../../../scripts/css-where-fallback.js';
import { builtFiles, needBuild, readText } from './floor';

/** In a selector Chromium 86 must parse: what it does not know (the rule is dropped whole). */
const SELECTORS_ABOVE_FLOOR: [RegExp, string][] = [
	[/:where\(/, ':where() (Chromium 88)'],
	[/:is\(/, ':is() (Chromium 88)'],
	[/:not\([^()]*,/, 'selector list in :not() (Chromium 88)'],
	[/:not\(:-webkit-any\(/, ':not(:-webkit-any()) (never matched by Chromium)'],
	[/:has\(/, ':has() (Chromium 105)'],
	[/:nth-(last-)?child\([^)]*\bof\b/, ':nth-child(… of S) (Chromium 111)'],
	[/:(modal|popover-open|user-invalid|user-valid|state\()/, 'pseudo-class of Chromium 105+'],
	[/&/, 'CSS nesting (Chromium 112)']
];
/** At-rules whose content a Chromium 86 core ignores. */
const AT_RULES_ABOVE_FLOOR = new Map([
	['container', 'Chromium 105'],
	['layer', 'Chromium 99'],
	['scope', 'Chromium 118'],
	['starting-style', 'Chromium 117']
]);

const squash = (selector: string) => selector.replace(/\s+/g, '');
const aboveFloor = (selector: string) =>
	SELECTORS_ABOVE_FLOOR.filter(([pattern]) => pattern.test(selector)).map(([, what]) => what);

describe('scripts/css-where-fallback.js', () => {
	it('writes selectors in the form Chromium 86 parses', () => {
		expect(floorSelector('ul.svelte-abc123 li:where(.svelte-abc123)')).toBe(
			'ul.svelte-abc123 li.svelte-abc123'
		);
		expect(floorSelector('.c.svelte-x > :where(.svelte-x):not(figcaption, .toggle)')).toBe(
			'.c.svelte-x > .svelte-x:not(figcaption):not(.toggle)'
		);
		// lightningcss's lowered forms of the same.
		expect(floorSelector('.c>.svelte-x:not(:-webkit-any(figcaption,.toggle))')).toBe(
			'.c>.svelte-x:not(figcaption):not(.toggle)'
		);
		expect(floorSelector('.c>.svelte-x:not(:is(figcaption,[data-x="a,b"]))')).toBe(
			'.c>.svelte-x:not(figcaption):not([data-x="a,b"])'
		);
		// Left alone: what it cannot write for the floor, and what needs nothing.
		expect(floorSelector(':where(.card) p')).toBe(':where(.card) p');
		expect(floorSelector('a:not(.x .y, .z)')).toBe('a:not(.x .y, .z)');
		expect(floorSelector('a:not(.x), b')).toBe('a:not(.x), b');
	});

	it('adds the floor form after each rule that needs it, inside @supports not selector(:where(a))', async () => {
		const input = [
			'.a.svelte-x1 .b:where(.svelte-x1), .c.svelte-x1 { color: red }',
			'@media (max-width: 600px) { .d.svelte-x1 > span:where(.svelte-x1) { margin: 0 } }',
			'.plain.svelte-x1 { color: blue }',
			'.e:not(.f, .g) { color: green }',
			'@keyframes svelte-x1-spin { from { opacity: 0 } }'
		].join('\n');
		const { css } = await postcss([cssWhereFallback()]).process(input, { from: undefined });
		const rules: string[] = [];
		postcss.parse(css).walkRules((rule) => {
			rules.push(`${isWhereFallback(rule.parent) ? 'fallback ' : ''}${rule.selector}`);
		});
		expect(rules).toEqual([
			'.a.svelte-x1 .b:where(.svelte-x1), .c.svelte-x1',
			'fallback .a.svelte-x1 .b.svelte-x1, .c.svelte-x1',
			'.d.svelte-x1 > span:where(.svelte-x1)',
			'fallback .d.svelte-x1 > span.svelte-x1',
			'.plain.svelte-x1',
			'.e:not(.f, .g)',
			'fallback .e:not(.f):not(.g)',
			'from'
		]);
		// Declarations kept; the copy stays inside the @media of its original.
		expect(css).toContain(
			'.d.svelte-x1 > span:where(.svelte-x1) { margin: 0 } @supports not selector(:where(a)) {'
		);
		expect(css).toMatch(
			/@supports not selector\(:where\(a\)\) \{\s*\.d\.svelte-x1 > span\.svelte-x1 \{ margin: 0 \}\s*\} \}/
		);
		// A second pass adds nothing.
		expect((await postcss([cssWhereFallback()]).process(css, { from: undefined })).css).toBe(css);
	});

	it('puts a copy made on the component source (vitePreprocess) in floor form once Svelte has scoped it', async () => {
		const source = (
			await postcss([cssWhereFallback()]).process('.chart > :not(figcaption, .toggle) { order: 1 }', {
				from: undefined
			})
		).css;
		// What Svelte 5 makes of both rules.
		const scoped = source.replaceAll('.chart > :not(', '.chart.svelte-q1 > :where(.svelte-q1):not(');
		const { css } = await postcss([cssWhereFallback()]).process(scoped, { from: undefined });
		const rules: string[] = [];
		postcss.parse(css).walkRules((rule) => {
			rules.push(`${isWhereFallback(rule.parent) ? 'fallback ' : ''}${rule.selector}`);
		});
		expect(rules).toEqual([
			'.chart.svelte-q1 > :where(.svelte-q1):not(figcaption, .toggle)',
			'fallback .chart.svelte-q1 > .svelte-q1:not(figcaption):not(.toggle)'
		]);
	});
});

describe('built CSS on the Chromium 86 floor', () => {
	it('every rule a Chromium 86 core drops has its floor form in a fallback after it; nothing else is above the floor', (ctx) => {
		needBuild(ctx);
		const files = builtFiles('.css');
		expect(files.length).toBeGreaterThan(0);
		const problems: string[] = [];
		let covered = 0;
		for (const file of files) {
			const root = postcss.parse(readText(file), { from: file });
			root.walkAtRules((atRule) => {
				const version = AT_RULES_ABOVE_FLOOR.get(atRule.name);
				if (version) problems.push(`${basename(file)}: @${atRule.name} (${version})`);
			});
			root.walkRules((rule: Rule) => {
				if ((rule.parent as AtRule | undefined)?.name?.endsWith('keyframes')) return;
				if (isWhereFallback(rule.parent)) {
					for (const what of aboveFloor(rule.selector))
						problems.push(`${basename(file)}: ${what} in fallback \`${rule.selector}\``);
					return;
				}
				if (aboveFloor(rule.selector).length === 0) return;
				// Dropped on the floor: each of its selectors must reappear, in floor form, in a fallback after it.
				const floor = floorSelector(rule.selector);
				for (const what of aboveFloor(floor))
					problems.push(`${basename(file)}: ${what} in \`${rule.selector}\``);
				const parent = rule.parent as Container;
				const later = (parent.nodes ?? []).slice(parent.index(rule) + 1).filter(isWhereFallback) as AtRule[];
				const copies = new Set(
					later.flatMap((fallback) =>
						(fallback.nodes ?? []).flatMap((node) =>
							node.type === 'rule' ? (node as Rule).selectors.map(squash) : []
						)
					)
				);
				const missing = postcss
					.rule({ selector: floor })
					.selectors.filter((selector) => !copies.has(squash(selector)));
				if (missing.length > 0)
					problems.push(
						`${basename(file)}: no @supports ${WHERE_FALLBACK_CONDITION} copy of \`${missing.join(', ')}\` after \`${rule.selector}\``
					);
				else covered++;
			});
		}
		expect(problems).toEqual([]);
		expect(covered, 'the build has rules that need the fallback, so this checks something').toBeGreaterThan(
			0
		);
	});
});
