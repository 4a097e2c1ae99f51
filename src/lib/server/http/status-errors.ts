/**
 * How a route answers the errors a user can cause. The notice and task services throw errors that carry the
 * HTTP status they mean (NoticeError, TaskError: 400 / 403 / 404 / 409); a load or an endpoint turns them into
 * the error page, a form action into a form message — except 404, which stays a page (the thing is not there
 * to act on, and existence outside the user's scope is private). Attachment problems are the user's too: 400.
 */
import { error, fail } from '@sveltejs/kit';
import { AttachmentError } from '../notices/attachments';

/** A service's error class: a message and the status it answers with. */
export type StatusErrorClass = abstract new (...args: never[]) => Error & { status: number };

/** Runs a load's or an endpoint's work; the service's errors become the error page (with `status` if given). */
export async function orErrorPage<T>(
	Err: StatusErrorClass,
	work: () => Promise<T>,
	status?: number
): Promise<T> {
	try {
		return await work();
	} catch (e) {
		if (e instanceof Err) error(status ?? e.status, e.message);
		throw e;
	}
}

/** Runs a form action's work on the posted form: `{ ok: true }`, or `fail(status, { error })`. */
export async function runFormAction(
	request: Request,
	Err: StatusErrorClass,
	work: (form: FormData) => Promise<unknown>
) {
	try {
		await work(await request.formData());
		return { ok: true };
	} catch (e) {
		if (e instanceof Err) {
			if (e.status === 404) error(404, e.message);
			return fail(e.status, { error: e.message });
		}
		if (e instanceof AttachmentError) return fail(400, { error: e.message });
		throw e;
	}
}
