/** Checkpoint files (Node): atomic writes, careful reads. The main entry loads this on first use. */
import { readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { writeFileAtomic } from "./atomic-write";
import { type Checkpoint, type CheckpointInput, checkpointFromJSON, checkpointToJSON } from "./checkpoint";
import { ModelFormatError } from "./document-checks";
import { MAX_MODEL_FILE_BYTES } from "./limits";

/**
 * Writes a checkpoint to `path` atomically (a crash never leaves a half-written
 * file). Rejects with what checkpointToJSON throws, and with an Error naming the
 * folder when it does not exist.
 */
export async function saveCheckpoint(path: string, input: CheckpointInput): Promise<void> {
	const text = `${JSON.stringify(checkpointToJSON(input))}\n`;
	const target = resolve(path);
	const info = await stat(dirname(target)).catch(() => null);
	if (!info?.isDirectory()) throw new Error(`saveCheckpoint: folder ${dirname(target)} does not exist`);
	await writeFileAtomic(target, text);
}

/**
 * Reads a checkpoint written by {@link saveCheckpoint}. Rejects with an Error
 * naming the file when it cannot be read or is too large, and with a
 * ModelFormatError naming the file and field for any content problem.
 */
export async function loadCheckpoint(path: string): Promise<Checkpoint> {
	const info = await stat(path).catch((e: NodeJS.ErrnoException) => {
		throw new Error(`loadCheckpoint: cannot read ${path}: ${e.code === "ENOENT" ? "no such file" : e.message}`);
	});
	if (!info.isFile() || info.size > MAX_MODEL_FILE_BYTES)
		throw new Error(`loadCheckpoint: ${path} is not a checkpoint file of a readable size`);
	const text = await readFile(path, "utf8");
	try {
		return checkpointFromJSON(text);
	} catch (e) {
		if (e instanceof ModelFormatError) throw new ModelFormatError(`${path}: ${e.message}`);
		throw e;
	}
}
