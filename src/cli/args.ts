/**
 * Minimal argument parsing for the CLI: `--name value`, `--flag`, positionals. Unknown options are errors,
 * so a typo never silently changes what a command does.
 */
export interface ParsedArgs {
	positionals: string[];
	options: Record<string, string | true>;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], spec: { values?: string[]; flags?: string[] }): ParsedArgs {
	const values = new Set(spec.values ?? []);
	const flags = new Set(spec.flags ?? []);
	const out: ParsedArgs = { positionals: [], options: {} };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--') {
			out.positionals.push(...argv.slice(i + 1));
			break;
		}
		if (a.startsWith('--')) {
			const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
			if (flags.has(name)) out.options[name] = true;
			else if (values.has(name)) {
				const v = inline ?? argv[++i];
				if (v === undefined) throw new UsageError(`--${name} needs a value`);
				out.options[name] = v;
			} else throw new UsageError(`unknown option --${name}`);
		} else out.positionals.push(a);
	}
	return out;
}

export function opt(a: ParsedArgs, name: string): string | undefined {
	const v = a.options[name];
	return typeof v === 'string' ? v : undefined;
}

export function requireOpt(a: ParsedArgs, name: string): string {
	const v = opt(a, name);
	if (!v) throw new UsageError(`--${name} is required`);
	return v;
}
