/** `onnxSignature`: what an ONNX file takes and gives, read without building anything. */
import { decodeModel } from "./decode-model";
import { OnnxError } from "./errors";
import { dataTypeName, int64, type OnnxTypes } from "./proto";

/** One graph input or output as the file declares it. */
export interface OnnxValueSignature {
	/** The value's name in the graph. */
	readonly name: string;
	/** Its element type's ONNX name ("FLOAT", "DOUBLE", "INT64", ...). */
	readonly elementType: string;
	/** Its dimensions: a size, a symbolic name (such as the batch's "N"), or null when the file leaves it open. */
	readonly shape: readonly (number | string | null)[];
}

/** The graph inputs (initializers left out) and outputs of an ONNX file. */
export interface OnnxSignature {
	readonly inputs: readonly OnnxValueSignature[];
	readonly outputs: readonly OnnxValueSignature[];
}

function valueSignature(value: OnnxTypes.IValueInfoProto): OnnxValueSignature {
	const tensor = value.type?.tensorType;
	const shape = (tensor?.shape?.dim ?? []).map((d): number | string | null => {
		if (d.dimValue !== undefined && d.dimValue !== null) return int64(d.dimValue);
		return d.dimParam ? d.dimParam : null;
	});
	return { name: value.name ?? "", elementType: dataTypeName(tensor?.elemType ?? 0), shape };
}

/**
 * The inputs and outputs `bytes` declares, as a tool like Netron shows them.
 * Parses only: nothing is evaluated. Throws OnnxError when the bytes are empty,
 * too large or not an ONNX model, or when the model has no graph.
 */
export function onnxSignature(bytes: Uint8Array | ArrayBuffer): OnnxSignature {
	const graph = decodeModel(bytes, "onnxSignature").graph;
	if (!graph) throw new OnnxError("onnxSignature: the model has no graph");
	const constants = new Set((graph.initializer ?? []).map((t) => t.name ?? ""));
	return {
		inputs: (graph.input ?? []).filter((i) => !constants.has(i.name ?? "")).map(valueSignature),
		outputs: (graph.output ?? []).map(valueSignature),
	};
}
