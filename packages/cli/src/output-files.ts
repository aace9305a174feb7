/** Files the commands write: checked before any work starts, written whole or not at all. */
import { stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { writeFileAtomic } from "@backprop/nn";
import { describeFsError } from "./csv";
import { CliError } from "./errors";

/**
 * Checks that `path` (relative to `cwd`) can be written before training starts:
 * its folder exists and it is not itself a folder. Returns the absolute path.
 * Throws CliError (exit 1) naming `flag` and the path otherwise.
 */
export async function checkOutputPath(flag: string, path: string, cwd: string): Promise<string> {
	const full = resolve(cwd, path);
	const folder = await stat(dirname(full)).catch(() => null);
	if (!folder?.isDirectory()) throw new CliError(`${flag} ${path}: folder ${dirname(path)} does not exist`);
	const existing = await stat(full).catch(() => null);
	if (existing?.isDirectory()) throw new CliError(`${flag} ${path}: it is a folder`);
	return full;
}

/**
 * Writes `text` to `path` atomically: into a temporary file in the same folder,
 * flushed, then renamed over `path`, so a failure or Ctrl-C never leaves a
 * partial file. Throws CliError (exit 1) naming the path when it cannot.
 */
export async function writeTextAtomic(path: string, text: string): Promise<void> {
	try {
		await writeFileAtomic(path, text);
	} catch (e) {
		throw new CliError(`cannot write ${path}: ${describeFsError(e as NodeJS.ErrnoException)}`);
	}
}

/**
 * Writes `bytes` to `full` atomically (as {@link writeTextAtomic}). Throws CliError
 * (exit 1) naming `shown`, the path as the user typed it, when it cannot.
 */
export async function writeFileOrFail(full: string, shown: string, bytes: Uint8Array): Promise<void> {
	try {
		await writeFileAtomic(full, bytes);
	} catch (e) {
		throw new CliError(`cannot write ${shown}: ${describeFsError(e as NodeJS.ErrnoException)}`);
	}
}
