/**
 * Saving and loading model files from the main entry: the Node modules that do
 * the work are loaded on the first call, so importing @backprop/nn in a browser
 * reads no file system and no `process`.
 */
import type { JsonObject } from "../json";
import type { Sequential } from "../layers/sequential";

/**
 * Writes the model document to `path` atomically (Node only; see
 * writeFileAtomic), after checking it with loadModel's validator so whatever is
 * saved loads. Nothing is touched when it rejects: with ModelFormatError naming
 * the field loadModel would refuse, with an Error naming the folder when it does
 * not exist, the path when it is not a regular file or the document would be
 * larger than MAX_MODEL_FILE_BYTES, and with what modelToJSON throws.
 */
export async function saveModel(model: Sequential, path: string, metadata?: JsonObject): Promise<void> {
	const files = await import("./save-load");
	return files.saveModel(model, path, metadata);
}

/**
 * Reads a model file written by {@link saveModel} (Node only). Rejects with an
 * Error naming the file for a missing or unreadable file or one too large, and
 * with a ModelFormatError naming the file and field for any content problem.
 */
export async function loadModel(path: string): Promise<Sequential> {
	const files = await import("./save-load");
	return files.loadModel(path);
}

/**
 * Writes `text` (or bytes) to `path` atomically (Node only): into a temporary
 * file in the same folder, flushed to disk, then renamed over `path`; symlinks
 * are followed and mode and owner kept. Rejects with the file system's error
 * (its `code`, such as ENOENT, intact), or NotRegularFileError for a device,
 * pipe or socket.
 */
export async function writeFileAtomic(path: string, text: string | Uint8Array): Promise<void> {
	const files = await import("./atomic-write");
	return files.writeFileAtomic(path, text);
}
