/** The process entry of the `backprop` command: real streams, Ctrl-C and SIGTERM handling, the exit code. */
import { processIo } from "./io";
import { run } from "./run";
import { handleStopSignals } from "./signals";

/**
 * Runs the command line of this process and sets its exit code. The first
 * Ctrl-C or SIGTERM aborts training after the current batch (the command saves
 * what it has and exits 130, or 143 for SIGTERM); a second one exits at once
 * with that code, unless a save is being written: it is finished first.
 */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
	const controller = new AbortController();
	const stopListening = handleStopSignals(controller, process.stderr);
	// Output piped into a command that stops reading early (`| head`) is not an error.
	const onStdoutError = (e: NodeJS.ErrnoException) => {
		if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
		throw e;
	};
	process.stdout.on("error", onStdoutError);
	try {
		process.exitCode = await run(argv, { ...processIo(), signal: controller.signal });
	} finally {
		stopListening();
	}
}
