/**
 * Page-geometry checks shared by the journeys that resize the viewport. After a resize the charts redraw at the
 * new width from a ResizeObserver, which runs before the next frame: until then a chart drawn for the wider
 * screen still sticks out by a few pixels. `settled` waits two frames, so a check measures the page the user sees.
 */
import { expect, type Page } from '@playwright/test';

export async function settled(page: Page): Promise<void> {
	await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** The page does not scroll sideways (`what` names the page and width in the failure message). */
export async function expectNoSideScroll(page: Page, what: string): Promise<void> {
	await settled(page);
	const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
	expect(sw, `${what}: scrollWidth ${sw} > innerWidth ${iw}`).toBeLessThanOrEqual(iw);
}
