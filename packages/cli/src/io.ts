/** Where the commands read and write: injectable, so they run in-process in tests too. */

/** A stream the commands write text to (process.stdout, a PassThrough in tests). */
export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** The command's view of the world. */
export interface CliIo {
	/** Results: summaries, predictions, JSON. */
	stdout: OutputStream;
	/** Progress, notes and errors. */
	stderr: OutputStream;
	/** Environment variables (NO_COLOR is read from here). */
	env: Readonly<Record<string, string | undefined>>;
	/** Folder that relative paths are resolved against. */
	cwd: string;
	/** Aborted on Ctrl-C: training stops after the current batch. */
	signal?: AbortSignal;
}

/** The real process's streams, environment and folder (without a signal; `main` adds one). */
export function processIo(): CliIo {
	return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** True when `stream` is a terminal. */
export function isTerminal(stream: OutputStream): boolean {
	return stream.isTTY === true;
}
