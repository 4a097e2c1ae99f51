import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { refreshLoop } from './refresh-loop';

describe('refreshLoop', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('runs one tick at a time, the next scheduled after the previous ended', async () => {
		let running = 0;
		let most = 0;
		let runs = 0;
		const stop = refreshLoop(1000, async () => {
			running++;
			most = Math.max(most, running);
			await new Promise((r) => setTimeout(r, 2500)); // slower than the interval
			running--;
			runs++;
		});
		await vi.advanceTimersByTimeAsync(10_000);
		stop();
		expect(most).toBe(1);
		expect(runs).toBe(2); // 1 s wait + 2.5 s tick, twice, within 10 s (a third is still running)
	});

	it('stops: no tick after stop, no pending timer', async () => {
		const tick = vi.fn(async () => {});
		const stop = refreshLoop(1000, tick);
		await vi.advanceTimersByTimeAsync(1500);
		stop();
		await vi.advanceTimersByTimeAsync(5000);
		expect(tick).toHaveBeenCalledTimes(1);
		expect(vi.getTimerCount()).toBe(0);
	});

	it("ends when a tick answers 'stop'", async () => {
		const tick = vi.fn(async () => 'stop' as const);
		refreshLoop(1000, tick);
		await vi.advanceTimersByTimeAsync(5000);
		expect(tick).toHaveBeenCalledTimes(1);
		expect(vi.getTimerCount()).toBe(0);
	});
});
