/**
 * A small bounded load generator (no autocannon here): N virtual users on loopback, each a closed loop —
 * send a view's data requests (concurrently, as the page would), wait for all, optionally pause (think time),
 * start the next view — for a fixed duration. Keep-alive comes from Node's fetch (undici's global agent keeps connections open). Every
 * HTTP request is one sample: latency from send to the last body byte; an error is a network failure or a
 * status outside 2xx. In-flight requests at the deadline are awaited but not counted.
 */
import type { Credentials } from './server';
import type { Req } from './views';

export interface Sample {
	view?: string;
	ms: number;
	ok: boolean;
	status: number;
	bytes: number;
}

export function headersFor(req: Req, creds: Credentials): Record<string, string> {
	return req.auth === 'cookie'
		? { cookie: creds.cookie, accept: 'application/json' }
		: { authorization: creds.bearer };
}

/** One request, body read completely. */
export async function timedFetch(base: string, req: Req, creds: Credentials): Promise<Sample> {
	const t = performance.now();
	try {
		const res = await fetch(base + req.path, { headers: headersFor(req, creds), redirect: 'manual' });
		const body = new Uint8Array(await res.arrayBuffer());
		return {
			ms: performance.now() - t,
			ok: res.status >= 200 && res.status < 300,
			status: res.status,
			bytes: body.length
		};
	} catch {
		return { ms: performance.now() - t, ok: false, status: 0, bytes: 0 };
	}
}

export function quantile(xs: number[], q: number): number | null {
	if (!xs.length) return null;
	const s = [...xs].sort((a, b) => a - b);
	// nearest-rank
	return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

export interface LoadResult {
	users: number;
	duration_s: number;
	requests: number;
	rps: number;
	p50_ms: number | null;
	p95_ms: number | null;
	p99_ms: number | null;
	max_ms: number | null;
	errors: number;
	/** status → count, for the errors */
	error_statuses: Record<string, number>;
	/** distinct filters per view, and where they came from (run.ts) */
	filters?: number;
	filters_from?: string;
	server_cores?: number | null;
	server_cpu_ms_per_request?: number | null;
	think_ms: number;
	client_cores?: number | null;
	/** per view: requests, p50, p95 */
	by_view: Record<string, { requests: number; p50_ms: number | null; p95_ms: number | null }>;
}

/** `users` closed loops for `seconds`; `next(user, i)` gives each iteration's requests. */
export async function runLoad(
	base: string,
	creds: Credentials,
	users: number,
	seconds: number,
	thinkMs: number,
	next: (user: number, i: number) => Req[]
): Promise<LoadResult> {
	const samples: Sample[] = [];
	const t0 = performance.now();
	const end = t0 + seconds * 1000;
	const loop = async (u: number) => {
		for (let i = 0; performance.now() < end; i++) {
			const got = await Promise.all(
				next(u, i).map(async (r) => ({ ...(await timedFetch(base, r, creds)), view: r.view }))
			);
			if (performance.now() <= end) samples.push(...got);
			if (thinkMs > 0) await new Promise((r) => setTimeout(r, thinkMs));
		}
	};
	await Promise.all(Array.from({ length: users }, (_, u) => loop(u)));
	const elapsed = Math.min(performance.now(), end) - t0;
	const ms = samples.map((s) => s.ms);
	const errors = samples.filter((s) => !s.ok);
	const error_statuses: Record<string, number> = {};
	for (const e of errors) error_statuses[e.status] = (error_statuses[e.status] ?? 0) + 1;
	const by_view: LoadResult['by_view'] = {};
	for (const v of [...new Set(samples.map((s) => s.view ?? '-'))]) {
		const xs = samples.filter((s) => (s.view ?? '-') === v).map((s) => s.ms);
		by_view[v] = { requests: xs.length, p50_ms: round(quantile(xs, 0.5)), p95_ms: round(quantile(xs, 0.95)) };
	}
	return {
		users,
		duration_s: Math.round(elapsed / 100) / 10,
		requests: samples.length,
		rps: Math.round((samples.length / (elapsed / 1000)) * 10) / 10,
		p50_ms: round(quantile(ms, 0.5)),
		p95_ms: round(quantile(ms, 0.95)),
		p99_ms: round(quantile(ms, 0.99)),
		max_ms: round(ms.length ? Math.max(...ms) : null),
		errors: errors.length,
		error_statuses,
		by_view,
		think_ms: thinkMs
	};
}

export function round(x: number | null, digits = 1): number | null {
	if (x === null || !Number.isFinite(x)) return null;
	const f = 10 ** digits;
	return Math.round(x * f) / f;
}
