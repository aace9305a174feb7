/** Model files: atomic writes, careful reads. */
import { readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { JsonObject } from "../json";
import type { Sequential } from "../layers/sequential";
import { writeFileAtomic } from "./atomic-write";
import { ModelFormatError, modelFromJSON, modelToJSON } from "./model-json";

// A model file larger than this is refused before reading (hostile or not a model).
const MAX_FILE_BYTES = 512 * 1024 * 1024;

/**
 * Writes the model document to `path` atomically: into a temporary file in the
 * same folder, flushed, then renamed over `path`. A failure never leaves a
 * truncated file at `path` nor a temporary file behind. Rejects with an Error
 * naming the folder when it does not exist (nothing is created), and with what
 * modelToJSON throws for a model it cannot describe.
 */
export async function saveModel(model: Sequential, path: string, metadata?: JsonObject): Promise<void> {
	const text = `${JSON.stringify(modelToJSON(model, metadata ?? model.metadata))}\n`;
	const target = resolve(path);
	const folder = dirname(target);
	const info = await stat(folder).catch(() => null);
	if (!info?.isDirectory()) throw new Error(`saveModel: folder ${folder} does not exist`);
	try {
		await writeFileAtomic(target, text);
	} catch (e) {
		throw new Error(`saveModel: could not write ${target}: ${(e as Error).message}`);
	}
}

/**
 * Reads a model file written by {@link saveModel}. Rejects with an Error naming
 * the file for a missing or unreadable file or one too large, and with a
 * ModelFormatError naming the file and field for any content problem.
 */
export async function loadModel(path: string): Promise<Sequential> {
	const info = await stat(path).catch((e: NodeJS.ErrnoException) => {
		throw new Error(`loadModel: cannot read ${path}: ${e.code === "ENOENT" ? "no such file" : e.message}`);
	});
	if (!info.isFile()) throw new Error(`loadModel: ${path} is not a file`);
	if (info.size > MAX_FILE_BYTES)
		throw new Error(`loadModel: ${path} is ${info.size} bytes, more than a model file may be`);
	const text = await readFile(path, "utf8").catch((e: Error) => {
		throw new Error(`loadModel: cannot read ${path}: ${e.message}`);
	});
	try {
		return modelFromJSON(text);
	} catch (e) {
		if (e instanceof ModelFormatError) throw new ModelFormatError(`${path}: ${e.message}`);
		throw e;
	}
}
