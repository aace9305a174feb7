/** Files the commands write: checked before any work starts, written whole or not at all. */
import { stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { describeFsError } from "@backprop/data/node";
import { NotRegularFileError, probeWrite, resolveWriteTarget, writeFileAtomic } from "@backprop/nn/node";
import { CliError } from "./errors";

/**
 * Checks that `path` (relative to `cwd`) can be written before any work starts:
 * its folder exists, a file can be created in it (a probe file is created and
 * removed), and what is there now, symbolic links followed, is nothing or a
 * regular file (not a folder, device, socket or FIFO). Returns the absolute path.
 * Throws CliError (exit 1) naming `flag` and the path otherwise.
 */
export async function checkOutputPath(flag: string, path: string, cwd: string): Promise<string> {
	const full = resolve(cwd, path);
	let target: string;
	try {
		target = (await resolveWriteTarget(full)).path;
	} catch (e) {
		if (e instanceof NotRegularFileError) throw new CliError(`${flag} ${path}: it is ${e.kind}, not a regular file`);
		throw new CliError(`${flag} ${path}: ${describeFsError(e as NodeJS.ErrnoException)}`);
	}
	const folder = await stat(dirname(target)).catch(() => null);
	if (!folder?.isDirectory()) throw new CliError(`${flag} ${path}: folder ${dirname(path)} does not exist`);
	await probeWrite(target).catch((e: NodeJS.ErrnoException) => {
		throw new CliError(`${flag} ${path}: cannot create files in folder ${dirname(target)}: ${describeFsError(e)}`);
	});
	return full;
}

function whyNotWritten(e: unknown): string {
	return e instanceof NotRegularFileError ? `it is ${e.kind}` : describeFsError(e as NodeJS.ErrnoException);
}

/**
 * Writes `text` to `path` atomically (see writeFileAtomic: symlinks followed,
 * mode and owner kept), so a failure or Ctrl-C never leaves a partial file.
 * Throws CliError (exit 1) naming the path when it cannot.
 */
export async function writeTextAtomic(path: string, text: string): Promise<void> {
	try {
		await writeFileAtomic(path, text);
	} catch (e) {
		throw new CliError(`cannot write ${path}: ${whyNotWritten(e)}`);
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
		throw new CliError(`cannot write ${shown}: ${whyNotWritten(e)}`);
	}
}
