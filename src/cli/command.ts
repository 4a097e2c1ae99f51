/**
 * What a CLI command module exports (as its default): index.ts registers each by name and runs it. Apart from
 * index.ts so that commands can name the type without importing the registry that imports them.
 */
export type Command = {
	summary: string;
	usage: string;
	/** Exit code: 0 (or nothing) success, 1 failure; throw UsageError (args.ts) for 2. */
	run: (argv: string[]) => Promise<number | void>;
};
