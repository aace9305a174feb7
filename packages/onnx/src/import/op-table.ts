/**
 * The import table: one row per ONNX op type, each in its own file under ops/,
 * saying how a node of that type becomes part of a layer. A new op adds one row.
 */
import type { DType, Tensor } from "@backprop/tensor";
import type { LayerSpec } from "./layer-specs";
import type { NodeView } from "./node-view";

/** What a row sees of the import in progress. */
export interface ImportState {
	/** The element type of the graph (its input's). */
	readonly dtype: DType;
	/** The default-domain opset of the file. */
	readonly opset: number;
	/** The layers read so far, first to last. */
	readonly layers: LayerSpec[];
	/** Name of the value the next layer reads (the previous node's output). */
	readonly current: string;
	/** Shape of the value the next layer reads, batch first (null for a dynamic batch). */
	shape: (number | null)[];
	/** True when `name` is a constant (an initializer or a Constant node's output). */
	isConstant(name: string): boolean;
	/** The constant `name`; throws OnnxError naming `node` when it is not one. */
	constant(name: string, node: NodeView): Tensor;
	/** Records `value` as a constant named `name` (for Constant nodes). */
	defineConstant(name: string, value: Tensor): void;
}

/** One row of the import table. */
export interface OpImporter {
	/** The ONNX op type, e.g. "Gemm". */
	readonly opType: string;
	/**
	 * True when the node computes a constant instead of reading the layer chain
	 * (Constant): such a node is not part of the chain.
	 */
	readonly makesConstant?: boolean;
	/**
	 * Reads `node` (whose data input is the chain's current value): adds or extends
	 * a layer in `state` and updates `state.shape`. Throws OnnxError (through
	 * `node.fail`) for attributes or constants it cannot take.
	 */
	read(node: NodeView, state: ImportState): void;
}

const rows = new Map<string, OpImporter>();

/** Adds a row to the import table (replacing a row of the same op type). */
export function addOpImporter(row: OpImporter): void {
	rows.set(row.opType, row);
}

/** The row for `opType`, or undefined. */
export function findOpImporter(opType: string): OpImporter | undefined {
	return rows.get(opType);
}

/** The op types the import table knows, sorted. */
export function importableOps(): string[] {
	return [...rows.keys()].sort();
}
