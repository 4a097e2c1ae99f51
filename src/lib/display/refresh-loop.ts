/**
 * The big screens' refresh loop (/cockpit, /display): `tick` runs every `ms`, each run scheduled only after the
 * previous one ended — never two requests at once, however slow the network — until a tick answers 'stop' or
 * the returned `stop` is called (an $effect's cleanup), which also clears the pending timer: a week-long
 * unattended run keeps no timers behind.
 */
export function refreshLoop(ms: number, tick: () => Promise<void | 'stop'>): () => void {
	let stopped = false;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const run = async () => {
		if ((await tick()) === 'stop') stopped = true;
		if (!stopped) timer = setTimeout(run, ms);
	};
	timer = setTimeout(run, ms);
	return () => {
		stopped = true;
		clearTimeout(timer);
	};
}
