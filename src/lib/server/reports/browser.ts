/**
 * The process's one headless Chromium (Debian's, through playwright-core), for PDF printing and SVG → PNG.
 * Launched lazily on first use, shared by concurrent requests (each gets its own short-lived context and
 * page, closed in `finally`), relaunched if it crashed, closed on shutdown (SvelteKit's
 * `sveltekit:shutdown`, process exit signals, or `closeBrowser()` from the CLI and tests).
 *
 * Executable: CHROMIUM_PATH, else /usr/bin/chromium. No network: pages are set from strings and every request
 * they would make is aborted, so a report can never fetch anything.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { getConfig } from '../config';

const ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-dev-shm-usage'
];

let launching: Promise<Browser> | null = null;
let hooked = false;

function hookShutdown(): void {
	if (hooked) return;
	hooked = true;
	const close = () => void closeBrowser();
	(process as NodeJS.EventEmitter).once('sveltekit:shutdown', close);
	process.once('beforeExit', close);
}

export function chromiumPath(): string {
	return getConfig().chromiumPath;
}

export async function getBrowser(): Promise<Browser> {
	if (launching) {
		const b = await launching.catch(() => null);
		if (b?.isConnected()) return b;
		launching = null;
	}
	const p = (async () => {
		const { chromium } = await import('playwright-core');
		const b = await chromium.launch({ executablePath: chromiumPath(), args: ARGS, headless: true });
		b.on('disconnected', () => {
			if (launching === p) launching = null;
		});
		return b;
	})();
	launching = p;
	p.catch(() => {
		if (launching === p) launching = null;
	});
	hookShutdown();
	return p;
}

/** Run `fn` with a fresh page (offline; closed afterwards, whatever happens). */
export async function withPage<T>(
	fn: (page: Page) => Promise<T>,
	opts: { width?: number; height?: number; scale?: number } = {}
): Promise<T> {
	const browser = await getBrowser();
	let ctx: BrowserContext | null = null;
	try {
		ctx = await browser.newContext({
			viewport: { width: opts.width ?? 800, height: opts.height ?? 600 },
			deviceScaleFactor: opts.scale ?? 1,
			javaScriptEnabled: false,
			offline: true
		});
		await ctx.route('**/*', (route) => route.abort());
		const page = await ctx.newPage();
		return await fn(page);
	} finally {
		await ctx?.close().catch(() => {});
	}
}

export async function closeBrowser(): Promise<void> {
	const p = launching;
	launching = null;
	if (!p) return;
	const b = await p.catch(() => null);
	await b?.close().catch(() => {});
}
