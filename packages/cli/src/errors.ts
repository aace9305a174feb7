/** The command line's errors: one line for the user, and the exit code that goes with it. */

/** Exit code of a successful command. */
export const EXIT_OK = 0;
/** Exit code of a failure that is not a usage mistake (bad file, bad data, training failed). */
export const EXIT_FAILURE = 1;
/** Exit code of a usage mistake: an unknown flag, a bad flag value, a flag that does not fit the data. */
export const EXIT_USAGE = 2;
/** Exit code after Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/**
 * A failure the user can act on. Its message is printed as one line,
 * `backprop: error: <message>`, and the command exits with `exitCode`.
 */
export class CliError extends Error {
	override name = "CliError";

	/** `message` names the problem (file, line, column, flag, value); `exitCode` is 1 unless given. */
	constructor(
		message: string,
		readonly exitCode: number = EXIT_FAILURE,
	) {
		super(message);
	}
}

/** A usage mistake (exit code 2): something the user fixes by changing the command line. */
export class UsageError extends CliError {
	override name = "UsageError";

	/** `message` names the flag and the value. */
	constructor(message: string) {
		super(message, EXIT_USAGE);
	}
}

// One helper each for folding a message onto a line and quoting a value in it: the data package's.
export { oneLine, quote } from "@backprop/data";
