/**
 * Signals that stop a run: Ctrl-C (SIGINT) and SIGTERM both stop training after
 * the current batch, and the command saves what it has. A second signal exits at
 * once, except while a save is being written: that save is finished first, so an
 * impatient second Ctrl-C never costs the trained model.
 */

/** Exit codes after a stopping signal: 128 + its number, as shells report them. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** A signal that stops a run. */
export type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

/**
 * The exit code for a run stopped through `signal`: 143 when it was aborted
 * with the reason "SIGTERM", 130 otherwise (Ctrl-C, or an abort from code).
 */
export function interruptedExitCode(signal: AbortSignal | undefined): number {
	return signal?.reason === "SIGTERM" ? SIGNAL_EXIT_CODES.SIGTERM : SIGNAL_EXIT_CODES.SIGINT;
}

let savesRunning = 0;

/**
 * Runs `write` (saving output files) so that a further signal waits for it: the
 * files are written whole and the command ends as it would have. Returns what
 * `write` returns; rejects with what it rejects with.
 */
export async function finishingSaves<T>(write: () => Promise<T>): Promise<T> {
	savesRunning++;
	try {
		return await write();
	} finally {
		savesRunning--;
	}
}

/**
 * Listens for SIGINT and SIGTERM on this process: the first aborts `controller`
 * with the signal's name as reason; a later one exits at once with the signal's
 * code, except while a save runs: then the save and the command finish (and the
 * command's exit code is the first signal's). Returns a function that stops
 * listening.
 */
export function handleStopSignals(controller: AbortController, stderr: NodeJS.WritableStream): () => void {
	const handlers = (Object.keys(SIGNAL_EXIT_CODES) as StopSignal[]).map((name) => {
		const handler = () => {
			if (!controller.signal.aborted) {
				controller.abort(name);
				return;
			}
			if (savesRunning > 0) {
				stderr.write("\nbackprop: interrupted again; finishing the save first\n");
				return;
			}
			stderr.write("\nbackprop: interrupted again; stopping now\n");
			process.exit(interruptedExitCode(controller.signal));
		};
		process.on(name, handler);
		return [name, handler] as const;
	});
	return () => {
		for (const [name, handler] of handlers) process.off(name, handler);
	};
}
