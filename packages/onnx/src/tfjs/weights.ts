/** The weights of a TensorFlow.js model: shards concatenated per group, float32 little-endian, in manifest order. */
import { type Tensor, tensor } from "@backprop/tensor";
import { fail, type TfjsModelJson } from "./artifacts";

/** Largest total of weights read (as @backprop/nn's model files). */
export const MAX_TFJS_WEIGHTS = 50_000_000;

/** The shard bytes of a model: all shards concatenated in manifest order, or each by its path. */
export type WeightBytes = Uint8Array | ArrayBuffer | Readonly<Record<string, Uint8Array | ArrayBuffer>>;

function asBytes(b: Uint8Array | ArrayBuffer): Uint8Array {
	return b instanceof ArrayBuffer ? new Uint8Array(b) : b;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

/**
 * Every weight by name. Throws TfjsModelError for a missing shard, shards shorter
 * or longer than the manifest says, a weight listed twice, or too many weights.
 */
export function readWeights(model: TfjsModelJson, bytes: WeightBytes): Map<string, Tensor> {
	const total = model.manifest.flatMap((g) => g.weights).reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
	if (total > MAX_TFJS_WEIGHTS) fail("model.json.weightsManifest", `${total} weights is more than ${MAX_TFJS_WEIGHTS}`);
	const whole = bytes instanceof Uint8Array || bytes instanceof ArrayBuffer;
	if (!whole && (bytes === null || typeof bytes !== "object")) {
		fail("weights", "expected the shard bytes (a Uint8Array, an ArrayBuffer, or shards by path)");
	}
	let data: Uint8Array;
	if (whole) data = asBytes(bytes);
	else {
		const byPath = bytes as Readonly<Record<string, Uint8Array | ArrayBuffer>>;
		data = concat(
			model.manifest.flatMap((g) =>
				g.paths.map((p) => {
					const shard = Object.hasOwn(byPath, p) ? byPath[p] : undefined;
					if (!shard) fail(p, "weight shard missing");
					return asBytes(shard);
				}),
			),
		);
	}
	if (data.length !== total * 4) {
		fail(
			"weights",
			`the shards hold ${data.length} bytes but the manifest lists ${total} float32 weights (${total * 4} bytes)`,
		);
	}
	// One aligned copy, read as float32 (the format is little-endian, as every host running this).
	const floats = new Float32Array(data.slice().buffer);
	const weights = new Map<string, Tensor>();
	let at = 0;
	for (const w of model.manifest.flatMap((g) => g.weights)) {
		const size = w.shape.reduce((a, b) => a * b, 1);
		if (weights.has(w.name)) fail("model.json.weightsManifest", `weight '${w.name}' is listed twice`);
		weights.set(w.name, tensor(floats.subarray(at, at + size), { dtype: "float32", shape: w.shape }));
		at += size;
	}
	return weights;
}
