/** Reading an exported model's nodes back, to check which ops the exporter wrote. */
import onnxProto from "onnx-proto";

/** The op type of every node of the model's graph, in order. */
export function opTypes(bytes: Uint8Array): string[] {
	const model = onnxProto.onnx.ModelProto.decode(bytes);
	return (model.graph?.node ?? []).map((n) => n.opType ?? "");
}

/** How many nodes of the model's graph are `op`. */
export function countOps(bytes: Uint8Array, op: string): number {
	return opTypes(bytes).filter((t) => t === op).length;
}
