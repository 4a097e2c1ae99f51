/**
 * The cached dashboard screens and how each computes its data — one definition for the routes
 * (`cachedScreen(event, name, SCREENS[name].compute, …)`) and for the prewarm (prewarm.ts).
 */
import type { Lang } from '../../i18n';
import { assessmentData } from './assessment';
import { markUnavailable } from './availability';
import { engineSafe, type DashboardStart } from './load';
import { overviewCore } from './overview';
import { delegationData, satisfactionData, timelinessData } from './screens';

export interface ScreenDef<T> {
	compute: (start: DashboardStart, lang: Lang) => Promise<T>;
	/** the data depends on the language (names of assessment columns) */
	lang: boolean;
}

const def = <T>(compute: ScreenDef<T>['compute'], lang = false): ScreenDef<T> => ({ compute, lang });

export const SCREENS = {
	// Screens with KPI cards: cards the loaded data cannot answer say why (availability.ts).
	overview: def(async (s) =>
		markUnavailable(
			s.db,
			await engineSafe(s, () => overviewCore(s.db, s.ctx.query!, s.user, s.scope !== null))
		)
	),
	delegation: def(async (s) =>
		markUnavailable(s.db, await engineSafe(s, () => delegationData(s.db, s.ctx.query!)))
	),
	timeliness: def(async (s) =>
		markUnavailable(s.db, await engineSafe(s, () => timelinessData(s.db, s.ctx.query!)))
	),
	satisfaction: def(async (s) =>
		markUnavailable(s.db, await engineSafe(s, () => satisfactionData(s.db, s.ctx.query!, s.user)))
	),
	assessment: def((s, lang) => engineSafe(s, () => assessmentData(s.db, s.ctx.query!, s.user, lang)), true)
};

export type ScreenName = keyof typeof SCREENS;
