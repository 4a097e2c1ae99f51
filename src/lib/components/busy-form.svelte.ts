/**
 * A form that is busy from its submit until the page has updated (for `use:enhance`): its buttons are disabled
 * meanwhile, so nothing is posted twice, and a button may say "sending…". `reset: false` keeps what was typed
 * (a refused form is corrected, not retyped); `after` runs once the page shows the result.
 */
import type { ActionResult, SubmitFunction } from '@sveltejs/kit';

interface Options {
	reset?: boolean | ((result: ActionResult) => boolean);
	invalidateAll?: boolean;
	after?: (result: ActionResult) => void | Promise<void>;
}

export class BusyForm {
	busy = $state(false);

	constructor(private readonly options: Options = {}) {}

	enhance: SubmitFunction = () => {
		this.busy = true;
		return async ({ result, update }) => {
			const { reset, invalidateAll, after } = this.options;
			await update({ reset: typeof reset === 'function' ? reset(result) : reset, invalidateAll });
			this.busy = false;
			await after?.(result);
		};
	};
}

/** `use:enhance` for a form whose input stays after the post (an editor: a refused text is corrected, not retyped). */
export const keepInput: SubmitFunction =
	() =>
	({ update }) =>
		update({ reset: false });
