/** Runs the CLI as users do (`npx tsx src/cli/index.ts …`) for the specs of its contracts. */
import { spawnSync } from 'node:child_process';

export interface CliRun {
	code: number | null;
	stdout: string;
	/** the CLI's own lines: npx's warnings about the user's npm config are not its output */
	stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
	const r = spawnSync('npx', ['tsx', 'src/cli/index.ts', ...args], {
		encoding: 'utf8',
		timeout: 120_000,
		env: { ...process.env, ...env },
		maxBuffer: 64 << 20
	});
	const stderr = r.stderr
		.split('\n')
		.filter((l) => l && !l.startsWith('npm warn'))
		.join('\n');
	return { code: r.status, stdout: r.stdout, stderr };
}
