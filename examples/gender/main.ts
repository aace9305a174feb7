/**
 * `npm start`: the tutorial's gender network rebuilt with backprop, step by step.
 * Flag mistakes print one line and exit with 2; other failures one line and 1.
 */
import { parseGenderArgs, USAGE, UsageError } from "./args";
import { runGender } from "./run";

async function main(argv: readonly string[]): Promise<number> {
	let options: ReturnType<typeof parseGenderArgs>;
	try {
		options = parseGenderArgs(argv);
	} catch (e) {
		if (e instanceof UsageError) {
			process.stderr.write(`gender: error: ${e.message}\n`);
			return 2;
		}
		throw e;
	}
	if (options.help) {
		process.stdout.write(`${USAGE}\n`);
		return 0;
	}
	return runGender(options, { stdout: process.stdout, stderr: process.stderr });
}

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(e: unknown) => {
		// A user-facing program: one line, no stack trace.
		const message = e instanceof Error ? e.message : String(e);
		process.stderr.write(`gender: error: ${message.split("\n")[0]}\n`);
		process.exitCode = 1;
	},
);
