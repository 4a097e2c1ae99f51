/**
 * Activity names (issue 17): the `activities` section of the mapping profiles maps a raw activity code of an
 * event log (e.g. BPIC15's `01_HOOFD_010`, or a platform's `SL`) to a display name and to one of the four
 * canonical stages (submitted / accepted / decided / completed). Kept with the profiles, so an administrator
 * edits it in the profile's JSON on /admin/profiles (versioned like the rest of the profile).
 *
 * The screens show display names from every profile merged: shipped profiles first (by name), then the latest
 * version of every stored profile (by name) — a later entry wins. Cached for a minute; `refreshActivityNames()`
 * after a save. Stages, merged the same way, feed the server's imports of event logs: an XES mapping stage with no
 * activity list takes the activities marked with it (ingest/profile.ts `xesWithActivityStages`).
 */
import { desc } from 'drizzle-orm';
import { getAppDb } from '../appdb/index';
import { mappingProfile } from '../appdb/schema';
import { listProfiles, loadProfile, type MappingProfile } from '../ingest/profile';
import { ACTIVITY_STAGES, type ActivityStage } from '../ingest/types';

export const STAGES = ACTIVITY_STAGES;

const isObj = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems of an `activities` section (for validateProfile), each in Chinese / English. */
export function activityProblems(v: unknown): string[] {
	if (!isObj(v))
		return ['activities 须为 活动编码→{name, stage} 的对象 / activities must map codes to { name, stage }'];
	const p: string[] = [];
	for (const [code, m] of Object.entries(v)) {
		if (!isObj(m)) {
			p.push(`activities.${code}: 须为 { name, stage } / must be { name, stage }`);
			continue;
		}
		for (const k of Object.keys(m))
			if (k !== 'name' && k !== 'stage') p.push(`activities.${code}.${k}: 未知键 / unknown key`);
		if (m.name !== undefined && (typeof m.name !== 'string' || m.name.length > 100))
			p.push(`activities.${code}.name: 须为不超过 100 字的文本 / must be text of at most 100 characters`);
		if (m.stage !== undefined && !(STAGES as readonly unknown[]).includes(m.stage))
			p.push(
				`activities.${code}.stage: 须为 ${STAGES.join(' / ')} 之一 / must be one of ${STAGES.join(', ')}`
			);
	}
	return p;
}

type Activities = NonNullable<MappingProfile['activities']>;

/** Display names and stages from the given sections, later ones winning (each field on its own). */
export function mergeActivities(sections: (Activities | undefined)[]): ActivityMaps {
	const out: ActivityMaps = { names: {}, stages: {} };
	for (const s of sections)
		for (const [code, m] of Object.entries(s ?? {})) {
			if (m.name) out.names[code] = m.name;
			if (m.stage) out.stages[code] = m.stage;
		}
	return out;
}

interface ActivityMaps {
	names: Record<string, string>;
	stages: Record<string, ActivityStage>;
}

let cache: { at: number; maps: ActivityMaps } | null = null;
const TTL_MS = 60_000;

async function load(): Promise<ActivityMaps> {
	const shipped: (Activities | undefined)[] = [];
	for (const n of listProfiles()) {
		try {
			shipped.push(loadProfile(n).activities);
		} catch {
			// a broken shipped file is reported by the profiles screen, not here
		}
	}
	const db = await getAppDb();
	const rows = await db
		.select({ name: mappingProfile.name, profile: mappingProfile.profile })
		.from(mappingProfile)
		.orderBy(mappingProfile.name, desc(mappingProfile.version));
	const seen = new Set<string>();
	const stored = rows
		.filter((r) => !seen.has(r.name) && !!seen.add(r.name))
		.map((r) => (r.profile as MappingProfile).activities);
	return mergeActivities([...shipped, ...stored]);
}

async function maps(): Promise<ActivityMaps> {
	if (cache && Date.now() - cache.at < TTL_MS) return cache.maps;
	const m = await load();
	cache = { at: Date.now(), maps: m };
	return m;
}

/** raw activity code → display name (codes without a name are absent: show the code). */
export async function activityNames(): Promise<Record<string, string>> {
	return (await maps()).names;
}

/** raw activity code → canonical stage, for the server's imports of event logs (ingest: xesWithActivityStages). */
export async function activityStages(): Promise<Record<string, ActivityStage>> {
	return (await maps()).stages;
}

export function refreshActivityNames(): void {
	cache = null;
}
