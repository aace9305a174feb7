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

/**
 * Loads `bytes` in an InferenceSession (which runs ONNX's shape inference and type
 * checks on the whole graph) and runs it on `x`, fed as `dtype` under `inputName`.
 */
export async function runOnnx(bytes: Uint8Array, x: Tensor, dtype: DType, inputName = "input"): Promise<RuntimeOutput> {
	const session = await ort.InferenceSession.create(bytes);
	try {
		const data = x.astype(dtype).dataSync() as Float32Array | Float64Array;
		const feeds = { [inputName]: new ort.Tensor(dtype, data, [...x.shape]) };
		const results = await session.run(feeds);
		const out = results[session.outputNames[0] as string] as ort.Tensor;
		return { values: Array.from(out.data as Float32Array | Float64Array), dims: [...out.dims], type: out.type };
	} finally {
		await session.release();
	}
}
