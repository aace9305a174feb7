/** Running exported bytes in ONNX Runtime (onnxruntime-web's wasm backend, in Node, one thread). */
import type { DType, Tensor } from "@backprop/tensor";
import * as ort from "onnxruntime-web";

ort.env.wasm.numThreads = 1;
ort.env.logLevel = "error";

/** The runtime's output: its values as plain numbers, its shape and element type. */
export interface RuntimeOutput {
	values: number[];
	dims: number[];
	type: string;
}

/** `x` as the runtime's tensor of `type`: int64 (indices) as BigInt64Array. */
function feed(x: Tensor, type: DType | "int64"): ort.Tensor {
	if (type === "int64") {
		const indices = BigInt64Array.from(Array.from(x.dataSync(), (v) => BigInt(v)));
		return new ort.Tensor("int64", indices, [...x.shape]);
	}
	return new ort.Tensor(type, x.astype(type).dataSync() as Float32Array | Float64Array, [...x.shape]);
}

/**
 * Loads `bytes` in an InferenceSession (which runs ONNX's shape inference and type
 * checks on the whole graph) and runs it on `x`, fed as `type` under `inputName`
 * (int64 for the indices of a model starting with an Embedding).
 */
export async function runOnnx(
	bytes: Uint8Array,
	x: Tensor,
	type: DType | "int64",
	inputName = "input",
): Promise<RuntimeOutput> {
	const session = await ort.InferenceSession.create(bytes);
	try {
		const feeds = { [inputName]: feed(x, type) };
		const results = await session.run(feeds);
		const out = results[session.outputNames[0] as string] as ort.Tensor;
		return { values: Array.from(out.data as Float32Array | Float64Array), dims: [...out.dims], type: out.type };
	} finally {
		await session.release();
	}
}
