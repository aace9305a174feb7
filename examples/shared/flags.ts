/** The examples' few flags: `--epochs N`, `--seed N`, `--quiet`. */

/** Parsed flags; missing ones keep the example's defaults. */
export interface ExampleFlags {
	epochs: number;
	seed: number;
	quiet: boolean;
}

/** Reads `--epochs N`, `--seed N` and `--quiet`; throws an Error naming a bad flag or value. */
export function parseExampleFlags(argv: readonly string[], defaults: { epochs: number; seed: number }): ExampleFlags {
	const flags: ExampleFlags = { ...defaults, quiet: false };
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i]!;
		if (flag === "--quiet") flags.quiet = true;
		else if (flag === "--epochs" || flag === "--seed") {
			const value = Number(argv[++i]);
			if (!Number.isInteger(value) || value < (flag === "--epochs" ? 1 : 0))
				throw new Error(`${flag}: expected a whole number, got '${argv[i] ?? ""}'`);
			flags[flag === "--epochs" ? "epochs" : "seed"] = value;
		} else throw new Error(`unknown flag '${flag}' (valid: --epochs N, --seed N, --quiet)`);
	}
	return flags;
}

/** Runs an example's main, printing an Error's message as one line and setting exit code 2 for flags, 1 else. */
export function runExample(name: string, main: () => Promise<void>): void {
	main().catch((e: unknown) => {
		process.stderr.write(`${name}: error: ${e instanceof Error ? e.message : String(e)}\n`);
		process.exitCode = 1;
	});
}
