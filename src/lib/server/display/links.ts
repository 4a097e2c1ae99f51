/**
 * Display links (issue 15): read-only tokens that open ONLY the big screen on an unattended meeting-room PC.
 *
 * - Created by an admin with a name, a scope (the jurisdiction, or one region) and an expiry; the link
 *   (`/display?key=rpd_…`) is shown once — only the SHA-256 is stored (app DB `display_link`).
 * - Opening the link exchanges the key for an httpOnly cookie scoped to `path=/display` and redirects to the
 *   clean `/display` URL, so the key leaves the address bar and the browser never sends it to any other path:
 *   every other page and `/api/*` see an anonymous request (and `rpd_` is not an API token either).
 * - Every request of the screen validates the token against the database (no cache): a revoked or expired link
 *   stops at the next refresh. Bad keys are throttled per IP (same back-off table as logins).
 */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { desc, eq } from 'drizzle-orm';
import type { AppDb } from '../appdb/index';
import { displayLink } from '../appdb/schema';
import { hashToken } from '../auth/session';
import type { ThrottlePolicy } from '../auth/throttle';
import { parseLayout, type WallLayout } from '../../display/layout';

const PREFIX = 'rpd_';
const TOKEN_RE = /^rpd_[a-z2-7]{32}$/;
export const DISPLAY_COOKIE = 'rp_display';
export const DISPLAY_PATH = '/display';
/** last_seen_at is written at most this often per link (the screen polls every few seconds). */
const TOUCH_EVERY_MS = 60_000;
/** Longest life an admin may give a link. */
export const MAX_DAYS = 366;

const MIN = 60_000;
/** Bad display keys per IP: 10 free, then 30 s doubling up to an hour. */
export const DISPLAY_IP_POLICY: ThrottlePolicy = { free: 10, baseMs: 30_000, maxMs: 60 * MIN, resetAfterMs: 60 * MIN };
export const displayIpKey = (ip: string) => `display-ip:${ip}`;

export interface DisplayLinkInfo {
	id: number;
	name: string;
	prefix: string;
	regionCode: string | null;
	layout: WallLayout;
	createdAt: Date;
	expiresAt: Date;
	revokedAt: Date | null;
	lastSeenAt: Date | null;
	lastSeenIp: string | null;
}

function info(r: typeof displayLink.$inferSelect): DisplayLinkInfo {
	return {
		id: r.id,
		name: r.name,
		prefix: r.prefix,
		regionCode: r.regionCode,
		layout: parseLayout(r.layout),
		createdAt: r.createdAt,
		expiresAt: r.expiresAt,
		revokedAt: r.revokedAt,
		lastSeenAt: r.lastSeenAt,
		lastSeenIp: r.lastSeenIp
	};
}

export function generateDisplayToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return PREFIX + encodeBase32LowerCaseNoPadding(bytes);
}

export async function createDisplayLink(
	db: AppDb,
	opts: { name: string; regionCode: string | null; layout?: WallLayout; days: number; createdBy: number | null }
): Promise<{ id: number; token: string; prefix: string }> {
	const token = generateDisplayToken();
	const prefix = token.slice(0, 8);
	const days = Math.min(MAX_DAYS, Math.max(1, Math.round(opts.days)));
	const [row] = await db
		.insert(displayLink)
		.values({
			name: opts.name,
			tokenHash: hashToken(token),
			prefix,
			regionCode: opts.regionCode,
			layout: parseLayout(opts.layout ?? {}),
			createdBy: opts.createdBy,
			expiresAt: new Date(Date.now() + days * 86_400_000)
		})
		.returning({ id: displayLink.id });
	return { id: row.id, token, prefix };
}

export async function listDisplayLinks(db: AppDb): Promise<DisplayLinkInfo[]> {
	return (await db.select().from(displayLink).orderBy(desc(displayLink.createdAt))).map(info);
}

export async function getDisplayLink(db: AppDb, id: number): Promise<DisplayLinkInfo | null> {
	const [r] = await db.select().from(displayLink).where(eq(displayLink.id, id));
	return r ? info(r) : null;
}

export async function revokeDisplayLink(db: AppDb, id: number): Promise<boolean> {
	const r = await db.update(displayLink).set({ revokedAt: new Date() }).where(eq(displayLink.id, id)).returning({ id: displayLink.id });
	return r.length > 0;
}

export async function saveDisplayLayout(db: AppDb, id: number, layout: WallLayout): Promise<boolean> {
	const r = await db
		.update(displayLink)
		.set({ layout: parseLayout(layout) })
		.where(eq(displayLink.id, id))
		.returning({ id: displayLink.id });
	return r.length > 0;
}

/** The link of a token, or null (malformed, unknown, revoked, expired). Touches last_seen at most once a minute. */
export async function validateDisplayToken(db: AppDb, token: string | undefined, ip: string, now = new Date()): Promise<DisplayLinkInfo | null> {
	if (!token || !TOKEN_RE.test(token)) return null;
	const [r] = await db.select().from(displayLink).where(eq(displayLink.tokenHash, hashToken(token)));
	if (!r || r.revokedAt || r.expiresAt <= now) return null;
	if (!r.lastSeenAt || now.getTime() - r.lastSeenAt.getTime() > TOUCH_EVERY_MS || r.lastSeenIp !== ip)
		await db.update(displayLink).set({ lastSeenAt: now, lastSeenIp: ip }).where(eq(displayLink.id, r.id));
	return info(r);
}

export function looksLikeDisplayToken(s: string | null | undefined): s is string {
	return !!s && TOKEN_RE.test(s);
}
