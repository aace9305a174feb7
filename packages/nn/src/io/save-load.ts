/** Model files: atomic writes, careful reads. */
import { readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { JsonObject } from "../json";
import type { Sequential } from "../layers/sequential";
import { writeFileAtomic } from "./atomic-write";
import { MAX_MODEL_FILE_BYTES } from "./limits";
import { checkModelJSON, ModelFormatError, modelFromJSON, modelToJSON } from "./model-json";

/**
 * Writes the model document to `path` atomically (see writeFileAtomic: symlinks
 * followed, mode and owner kept, stale temporary files of killed saves removed).
 * The document is first checked with the validator loadModel uses, so whatever is
 * saved loads. Nothing is touched when it rejects: with ModelFormatError naming
 * the field loadModel would refuse (a NaN weight, a `__proto__` metadata key, a
 * metadata number JSON cannot hold, nesting too deep), with an Error naming the
 * folder when it does not exist, the path when it is not a regular file or the
 * document would be larger than MAX_MODEL_FILE_BYTES, and with what modelToJSON
 * throws for a model it cannot describe.
 */
export async function saveModel(model: Sequential, path: string, metadata?: JsonObject): Promise<void> {
	const doc = modelToJSON(model, metadata ?? model.metadata);
	checkModelJSON(doc);
	let text: string;
	try {
		text = `${JSON.stringify(doc)}\n`;
	} catch (e) {
		// V8 caps strings near 512 MiB: "Invalid string length".
		throw new Error(`saveModel: the model is too large to save as JSON (${(e as Error).message})`);
	}
	const bytes = Buffer.byteLength(text, "utf8");
	if (bytes > MAX_MODEL_FILE_BYTES) {
		throw new Error(
			`saveModel: the model would take ${bytes} bytes, more than a model file may be (${MAX_MODEL_FILE_BYTES})`,
		);
	}
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
	if (info.size > MAX_MODEL_FILE_BYTES)
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
