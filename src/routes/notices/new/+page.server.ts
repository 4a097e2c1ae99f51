/**
 * /notices/new — a supervisor raises a notice against a department, optionally tied to an indicator, a flag,
 * cases and the assessment period (prefilled from the query: /notices/new?dept=…&indicator=…&from=…&to=…,
 * e.g. from a lagging unit on /reports). Default action `create` → redirect to the new notice.
 */
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { FLAGS, KPIS } from '$lib/kpi/catalog';
import { getAnalytics } from '$lib/server/analytics/instance';
import { dimensionOptions } from '$lib/server/analytics/dimensions';
import { getAppDb } from '$lib/server/appdb';
import { requireUser } from '$lib/server/auth/guard';
import { createNotice, MAX_DEADLINE, NoticeError } from '$lib/server/notices/service';
import { WorkdayError } from '$lib/server/analytics/calendar/workdays';

export const load: PageServerLoad = async (event) => {
	requireUser(event, ['supervisor']);
	const q = event.url.searchParams;
	const dims = await dimensionOptions(await getAnalytics());
	const lang = event.locals.lang ?? 'zh';
	return {
		departments: dims.departments.map((d) => ({ code: d.code, name: d.name, group: d.peer_group })),
		indicators: KPIS.map((k) => ({ id: k.id, name: k.name[lang] })),
		flags: FLAGS.map((f) => ({ id: f.id, name: f.name[lang] })),
		maxDeadline: MAX_DEADLINE,
		prefill: {
			dept: q.get('dept') ?? '',
			indicator: q.get('indicator') ?? '',
			flag: q.get('flag') ?? '',
			cases: q.getAll('case').join(', '),
			from: q.get('from') ?? '',
			to: q.get('to') ?? '',
			title: q.get('title') ?? '',
			task: q.get('task') ?? ''
		}
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event, ['supervisor']);
		const f = await event.request.formData();
		const s = (k: string) => String(f.get(k) ?? '');
		const values = {
			deptCode: s('dept'),
			title: s('title'),
			problem: s('problem'),
			requiredAction: s('required_action'),
			deadlineWorkdays: Number(s('deadline') || NaN),
			indicator: s('indicator') || null,
			flag: s('flag') || null,
			caseIds: s('cases').split(/[\s,，;；]+/).filter(Boolean),
			periodFrom: s('period_from') || null,
			periodTo: s('period_to') || null,
			taskId: s('task') ? Number(s('task')) : null
		};
		let id: number;
		try {
			id = await createNotice(await getAppDb(), await getAnalytics(), user, values);
		} catch (e) {
			if (e instanceof NoticeError || e instanceof WorkdayError)
				return fail(e instanceof NoticeError ? e.status : 400, { error: e.message, values: Object.fromEntries([...f.entries()].map(([k, v]) => [k, String(v)])) });
			throw e;
		}
		redirect(303, `/notices/${id}`);
	}
};
