/**
 * /tasks/import — the office or an admin uploads a plan (.docx / .txt) or pastes its text (`parse` → the
 * editable preview, with the parser's doubts and the unit matching, and the changes against a saved plan when
 * importing over one), corrects it and saves it (`save` → the ledger). Nothing is stored before `save`.
 */
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getAnalytics } from '$lib/server/analytics/instance';
import { dimensionOptions } from '$lib/server/analytics/dimensions';
import { getAppDb } from '$lib/server/appdb';
import { audit } from '$lib/server/auth/audit';
import { requireUser } from '$lib/server/auth/guard';
import { listPlans, savePlan, TaskError } from '$lib/server/tasks/plan';
import { buildPreview, readUpload, UPLOAD_TYPES } from '$lib/server/tasks/preview';
import { TASK_ISSUES } from '$lib/server/tasks/parse';

/** Pasted text is bounded like an upload (a plan is tens of KB; 2 MB is far above any real one). */
const MAX_TEXT = 2 * 1024 * 1024;

async function departments() {
	const dims = await dimensionOptions(await getAnalytics());
	return dims.departments.map((d) => ({ code: d.code, name: d.name }));
}

function target(v: FormDataEntryValue | null): number | null {
	const n = Number(v);
	return Number.isInteger(n) && n > 0 && n < 2_147_483_647 ? n : null;
}

export const load: PageServerLoad = async (event) => {
	requireUser(event, ['supervisor', 'admin']);
	const [plans, depts] = await Promise.all([listPlans(await getAppDb()), departments()]);
	return { plans: plans.map((p) => ({ id: p.id, title: p.title })), departments: depts, types: [...UPLOAD_TYPES], issueTexts: TASK_ISSUES, planParam: target(event.url.searchParams.get('plan')) };
};

export const actions: Actions = {
	parse: async (event) => {
		requireUser(event, ['supervisor', 'admin']);
		const f = await event.request.formData();
		const file = f.get('file');
		const pasted = String(f.get('text') ?? '');
		try {
			let text: string;
			let sourceName = '';
			if (file && typeof file === 'object' && (file as File).size > 0) {
				sourceName = (file as File).name;
				text = await readUpload(sourceName, Buffer.from(await (file as File).arrayBuffer()));
			} else if (pasted.trim()) {
				if (pasted.length > MAX_TEXT) return fail(400, { error: '粘贴的文本过长 / the pasted text is too long' });
				text = pasted;
			} else return fail(400, { error: '请上传方案文件或粘贴方案文本 / upload a plan file or paste its text' });
			const preview = await buildPreview(await getAppDb(), { text, sourceName, target: target(f.get('plan')) }, await departments());
			return { preview };
		} catch (e) {
			if (e instanceof TaskError) return fail(e.status, { error: e.message });
			throw e;
		}
	},
	save: async (event) => {
		const user = requireUser(event, ['supervisor', 'admin']);
		const f = await event.request.formData();
		let draft: unknown;
		try {
			draft = JSON.parse(String(f.get('draft') ?? ''));
		} catch {
			return fail(400, { error: '预览数据无效，请重新解析 / the preview is invalid; parse again' });
		}
		let planId: number;
		try {
			const r = await savePlan(await getAppDb(), user, draft, { planId: target(f.get('plan')) });
			planId = r.planId;
			await audit(event, 'task.plan_save', {
				plan_id: r.planId,
				added: r.changes.filter((c) => c.kind === 'added').length,
				changed: r.changes.filter((c) => c.kind === 'changed').length,
				removed: r.changes.filter((c) => c.kind === 'removed').length
			});
		} catch (e) {
			if (e instanceof TaskError) return fail(e.status, { error: e.message });
			throw e;
		}
		redirect(303, `/tasks?plan=${planId}`);
	}
};
