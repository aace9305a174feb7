/** The process entry of the `backprop` command: real streams, Ctrl-C handling, the exit code. */
import { EXIT_INTERRUPTED } from "./errors";
import { processIo } from "./io";
import { run } from "./run";

/**
 * Runs the command line of this process and sets its exit code. The first
 * Ctrl-C aborts training after the current batch (the command saves what it has
 * and exits 130); a second one exits at once with 130.
 */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
	const controller = new AbortController();
	const onSigint = () => {
		if (controller.signal.aborted) {
			process.stderr.write("\nbackprop: interrupted again; stopping now\n");
			process.exit(EXIT_INTERRUPTED);
		}
		controller.abort();
	};
	process.on("SIGINT", onSigint);
	// Output piped into a command that stops reading early (`| head`) is not an error.
	const onStdoutError = (e: NodeJS.ErrnoException) => {
		if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
		throw e;
	};
	process.stdout.on("error", onStdoutError);
	try {
		process.exitCode = await run(argv, { ...processIo(), signal: controller.signal });
	} finally {
		process.off("SIGINT", onSigint);
	}
}
