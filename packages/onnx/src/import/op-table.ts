/**
 * The import table: one row per ONNX op type, each in its own file under ops/,
 * saying how a node of that type becomes part of a layer. A new op adds one row.
 */
import type { DType, Tensor } from "@backprop/tensor";
import type { LayerSpec } from "./layer-specs";
import type { LayoutState } from "./layout";
import type { NodeView } from "./node-view";
import type { IntConstant } from "./tensors";

/**
 * What a row sees of the import in progress. `shape` is the ONNX value's shape;
 * the layer chain's value is related to it by `perm` and `chainShape` (see
 * layout.ts: rows call holdExact / holdTransposed / holdAxisLast before adding a
 * layer, then set the three fields for their output).
 */
export interface ImportState extends LayoutState {
	/** The element type of the weights (the input's, unless the input holds indices). */
	readonly dtype: DType;
	/** The default-domain opset of the file. */
	readonly opset: number;
	/** The layers read so far, first to last. */
	readonly layers: LayerSpec[];
	/** Name of the value the next layer reads (the previous node's output). */
	readonly current: string;
	/** The graph input's declared batch size (its first dimension), or null when symbolic. */
	readonly batchSize: number | null;
	/** True while the chain's value is still the graph's input of integer indices. */
	readonly inputIsIndices: boolean;
	/** True when `name` is a constant (an initializer or a Constant node's output). */
	isConstant(name: string): boolean;
	/** The constant `name`; throws OnnxError naming `node` when it is not one. */
	constant(name: string, node: NodeView): Tensor;
	/** The integer constant `name` (INT64/INT32); throws OnnxError naming `node` when it is not one. */
	ints(name: string, node: NodeView): IntConstant;
	/** True when `name` is zeros of a shape computed from the graph's shapes (an LSTM's initial state). */
	isZeros(name: string): boolean;
	/** Records `value` as a constant named `name` (for Constant nodes and folded constants). */
	defineConstant(name: string, value: Tensor): void;
	/** Records an integer constant named `name`. */
	defineInts(name: string, value: IntConstant): void;
	/** True when some node, or the graph's output, reads `name`. */
	isRead(name: string): boolean;
	/** Makes the chain continue from `name` (another output of the node being read). */
	continueWith(name: string): void;
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
	 * a layer in `state` and updates `state.shape` (and the layout). The chain
	 * continues from the node's first output unless the row calls
	 * `state.continueWith`. Throws OnnxError (through `node.fail`) for attributes
	 * or constants it cannot take.
	 */
	read(node: NodeView, state: ImportState): void;
	/**
	 * Computes the node's output as a constant when every input is a constant (a
	 * Transpose of a filter); absent for ops that never do.
	 */
	fold?(node: NodeView, state: ImportState): void;
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
