/**
 * `npm run --silent cli -- <command> [options]` — the command-line interface other tools rely on.
 * Each command lives in its own module under commands/ and is registered here. Exit codes:
 * 0 success, 1 failure (message on stderr), 2 usage error.
 */
import { closeAllAnalytics } from '../lib/server/analytics/db';
import { getConfig } from '../lib/server/config';
import { UsageError } from './args';
import type { Command } from './command';

const commands: Record<string, () => Promise<Command>> = {
	// Commands register here: name → lazy module import (keeps start-up fast).
	ingest: async () => (await import('./commands/ingest')).default,
	tables: async () => (await import('./commands/tables')).default,
	cases: async () => (await import('./commands/cases')).default,
	user: async () => (await import('./commands/user')).default,
	token: async () => (await import('./commands/token')).default,
	kpi: async () => (await import('./commands/kpi')).default,
	flags: async () => (await import('./commands/flags')).default,
	report: async () => (await import('./commands/report')).default,
	export: async () => (await import('./commands/export')).default,
	ledger: async () => (await import('./commands/ledger')).default,
	tasks: async () => (await import('./commands/tasks')).default,
	process: async () => (await import('./commands/process')).default,
	projects: async () => (await import('./commands/projects')).default,
	map: async () => (await import('./commands/map')).default
};

function help(): string {
	return [
		'usage: npm run --silent cli -- <command> [options]',
		'',
		...Object.keys(commands).map((c) => `  ${c}`),
		'',
		'`<command> --help` shows a command’s options.'
	].join('\n');
}

async function main(argv: string[]): Promise<number> {
	const [name, ...rest] = argv;
	if (!name || name === '--help' || name === 'help') {
		console.log(help());
		return name ? 0 : 2;
	}
	const load = commands[name];
	if (!load) {
		console.error(`unknown command: ${name}\n\n${help()}`);
		return 2;
	}
	const cmd = await load();
	if (rest.includes('--help')) {
		console.log(`${cmd.summary}\n\nusage: ${cmd.usage}`);
		return 0;
	}
	try {
		return (await cmd.run(rest)) ?? 0;
	} catch (e) {
		if (e instanceof UsageError) {
			console.error(`${e.message}\nusage: ${cmd.usage}`);
			return 2;
		}
		console.error(e instanceof Error ? e.message : String(e));
		if (getConfig().debug) console.error(e);
		return 1;
	} finally {
		await closeAllAnalytics();
	}
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(e) => {
		console.error(e);
		process.exit(1);
	}
);
