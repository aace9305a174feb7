/**
 * @backprop/onnx/node: the file-system side of @backprop/onnx, for Node only.
 * Everything else is in the main entry, which runs in a browser.
 */
import { readFile, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, normalize, sep } from "node:path";
import type { Sequential } from "@backprop/nn";
import { TfjsModelError } from "./errors";
import { readModelJson } from "./tfjs/artifacts";
import { loadTfjsModel as loadFromArtifacts, type TfjsArtifacts } from "./tfjs/load";
import { MAX_TFJS_WEIGHTS } from "./tfjs/weights";

export * from "./index";

function fail(message: string): never {
	throw new TfjsModelError(`loadTfjsModel: ${message}`);
}

async function read(path: string, what: string): Promise<Buffer> {
	try {
		return await readFile(path);
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		return fail(`cannot read ${what} ${path}${code === "ENOENT" ? ": no such file" : code ? ` (${code})` : ""}`);
	}
}

/**
 * Reads a TensorFlow.js layers model from a folder holding model.json and its
 * shards (or from the path of model.json itself, or from artifacts in memory as
 * the main entry's `loadTfjsModel`). Shard paths must stay inside the folder.
 * Throws TfjsModelError naming the file for a missing or unreadable file, a shard
 * path leaving the folder, and everything the main entry's loader refuses.
 */
export async function loadTfjsModel(source: string | TfjsArtifacts): Promise<Sequential> {
	if (typeof source !== "string") return loadFromArtifacts(source);
	const info = await stat(source).catch(() => null);
	if (!info) fail(`cannot read ${source}: no such file or folder`);
	const modelPath = info.isDirectory() ? join(source, "model.json") : source;
	const folder = dirname(modelPath);
	const text = (await read(modelPath, "model file")).toString("utf8");
	const model = readModelJson(text);
	const shards = model.manifest.flatMap((g) => g.paths);
	let bytes = 0;
	for (const path of shards) {
		const clean = normalize(path);
		if (isAbsolute(path) || clean === ".." || clean.startsWith(`..${sep}`) || path.includes("://")) {
			fail(`${modelPath}: weight shard path ${JSON.stringify(path)} leaves the model's folder`);
		}
		// Sizes first: a huge shard is refused before anything is read.
		bytes += (await stat(join(folder, clean)).catch(() => null))?.size ?? 0;
	}
	if (bytes > MAX_TFJS_WEIGHTS * 4)
		fail(`${modelPath}: the weight shards hold ${bytes} bytes, more than ${MAX_TFJS_WEIGHTS * 4}`);
	const weights: Record<string, Uint8Array> = {};
	for (const path of shards) weights[path] = await read(join(folder, normalize(path)), "weight shard");
	return loadFromArtifacts({ modelJson: text, weights });
}
