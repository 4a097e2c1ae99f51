/**
 * The public progress lookup's decision (项目业主查询, docs/project-lookup.md), independent of HTTP like login.ts:
 * input check → throttle check → verification → stage-level progress, each attempt audit-logged.
 *
 * Invariants:
 * - A wrong project code, a wrong verification value, an unknown project and a project without a register row
 *   or without `owner_verify` take the same path (one register read, one hash, one constant-time compare against
 *   the stored or a dummy hash, the same two throttle writes) and give the same answer: no enumeration.
 * - Failures count per IP and per normalised code (throttle.ts LOOKUP_*); while either is locked nothing is
 *   verified, and the right value is refused too. Successes count per IP against a ceiling (no scraping).
 * - The verification value is never stored, logged or returned; the audit row holds the code (as typed,
 *   normalised) and the IP.
 * - The answer carries stage-level progress only (analytics/projects/public.ts).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { PublicProjectProgress } from '../../projects/types';
import type { Analytics } from '../analytics/db';
import type { ProjectTargets } from '../analytics/projects/figures';
import { publicProgress, registerEntry } from '../analytics/projects/public';
import type { AppDb } from '../appdb/index';
import { hashVerify, normaliseId } from '../ingest/pii';
import { auditAs } from './audit';
import {
	LOOKUP_CODE_POLICY,
	LOOKUP_IP_POLICY,
	LOOKUP_OK_IP_POLICY,
	clearThrottle,
	lockedUntil,
	lookupCodeKey,
	lookupIpKey,
	lookupOkIpKey,
	recordFailure
} from './throttle';

/** Longest project code / verification value accepted (a national project code has 24 characters, a 统一社会信用代码 18). */
export const LOOKUP_MAX_CHARS = 64;

export interface LookupInput {
	code: string;
	value: string;
	ip: string;
}

export interface LookupContext {
	/** characters of the owner's code that verify (config projectVerifyChars, > 0) */
	chars: number;
	asOf: string;
	targets: ProjectTargets;
	now?: Date;
}

export type LookupResult =
	| { ok: true; progress: PublicProjectProgress }
	/** missing / malformed input: answered before any lookup, not counted */
	| { ok: false; reason: 'missing' }
	| { ok: false; reason: 'format' }
	/** wrong code, wrong value, unknown or unverifiable project — one answer; lockedUntil: this failure locked */
	| { ok: false; reason: 'invalid'; lockedUntil: Date | null }
	| { ok: false; reason: 'throttled'; lockedUntil: Date };

/** Full-width forms (a Chinese IME's ９１４３…, －) to ASCII; blanks removed. */
function clean(v: string): string {
	return v.normalize('NFKC').replace(/\s+/g, '');
}

/** The project code as looked up, audited and throttled: NFKC, no blanks. */
export function normaliseCode(code: string): string {
	return clean(code);
}

/** The verification value as hashed: NFKC, then pii.ts's normalisation (upper-case, no blanks or hyphens). */
export function normaliseValue(value: string): string {
	return normaliseId(clean(value));
}

/** Input check only: nothing here depends on the data, so it can answer before the throttle. */
export function checkInput(
	input: Pick<LookupInput, 'code' | 'value'>,
	chars: number
): 'missing' | 'format' | null {
	const code = normaliseCode(input.code);
	const value = normaliseValue(input.value);
	if (!code || !value) return 'missing';
	if (code.length > LOOKUP_MAX_CHARS || value.length > LOOKUP_MAX_CHARS) return 'format';
	if (/\p{C}/u.test(code) || /\p{C}/u.test(value)) return 'format';
	if (value.length < chars) return 'format';
	return null;
}

/** A per-process random "stored hash" compared when there is none, so every path does the same work. */
const DUMMY = randomBytes(32);

function sameHash(stored: string | null, typed: string): boolean {
	const ok = stored !== null && /^[0-9a-f]{64}$/.test(stored);
	const a = ok ? Buffer.from(stored, 'hex') : DUMMY;
	const b = Buffer.from(typed, 'hex');
	return timingSafeEqual(a, b) && ok;
}

export async function lookupProject(
	app: AppDb,
	analytics: Analytics,
	input: LookupInput,
	ctx: LookupContext
): Promise<LookupResult> {
	const now = ctx.now ?? new Date();
	const bad = checkInput(input, ctx.chars);
	if (bad) return { ok: false, reason: bad };
	const code = normaliseCode(input.code);
	const ipKey = lookupIpKey(input.ip);
	const codeKey = lookupCodeKey(code);
	const okKey = lookupOkIpKey(input.ip);
	const audit = (action: 'success' | 'failure' | 'throttled', details: Record<string, unknown> = {}) =>
		auditAs(app, null, `project_lookup.${action}`, { project_code: code, ...details }, input.ip);

	const locked = await lockedUntil(app, [ipKey, codeKey, okKey], now);
	if (locked) {
		await audit('throttled', { locked_until: locked.toISOString() });
		return { ok: false, reason: 'throttled', lockedUntil: locked };
	}

	const entry = await registerEntry(analytics, code);
	const typed = hashVerify(normaliseValue(input.value), ctx.chars);
	const good = sameHash(entry?.owner_verify ?? null, typed);
	if (!entry || !good) {
		const [a, b] = await Promise.all([
			recordFailure(app, ipKey, LOOKUP_IP_POLICY, now),
			recordFailure(app, codeKey, LOOKUP_CODE_POLICY, now)
		]);
		const until = a && b ? (a > b ? a : b) : (a ?? b);
		// For the administrators only: which of the indistinguishable cases it was.
		await audit('failure', {
			reason: !entry ? 'unknown' : entry.owner_verify ? 'mismatch' : 'not_verifiable'
		});
		return { ok: false, reason: 'invalid', lockedUntil: until };
	}
	// The owner proved the code: its failure count starts again (not the IP's: one known value must not reset an
	// IP that guesses others). The success counts against the IP's ceiling.
	await clearThrottle(app, codeKey);
	await recordFailure(app, okKey, LOOKUP_OK_IP_POLICY, now);
	const progress = await publicProgress(analytics, entry, ctx.asOf, ctx.targets);
	await audit('success');
	return { ok: true, progress };
}
