/**
 * Import row of Gather: a constant table gathered by the graph's input of indices
 * is an Embedding; a constant index on the chain's value drops an axis of size 1,
 * or takes an LSTM's last step (PyTorch's `out[:, -1, :]`).
 */
import { Embedding } from "@backprop/nn";
import { LSTMSpec, ModuleSpec } from "../layer-specs";
import { axisOf, holdExact, identity, onlyTransposed, shapeText } from "../layout";
import type { NodeView } from "../node-view";
import type { ImportState, OpImporter } from "../op-table";

function readEmbedding(node: NodeView, state: ImportState): void {
	const tableName = node.inputs[0] as string;
	if (!state.inputIsIndices) {
		node.fail(`a Gather of the table '${tableName}' must read the graph's input of indices (an Embedding)`);
	}
	if (node.int("axis", 0) !== 0) node.fail(`axis ${node.int("axis", 0)} of a table is not supported (only 0, rows)`);
	const table = state.constant(tableName, node);
	if (table.rank !== 2)
		node.fail(`table '${tableName}' has shape ${shapeText(table.shape)}, expected [vocabulary, dim]`);
	const [vocabulary, dim] = table.shape as [number, number];
	holdExact(state, node);
	state.layers.push(
		new ModuleSpec(node.where, (dtype) => {
			const layer = new Embedding(vocabulary, dim, { init: "zeros", dtype });
			layer.weight.value = table.astype(dtype);
			return layer;
		}),
	);
	state.shape = [...state.shape, dim];
	state.chainShape = [...state.shape];
	state.perm = identity(state.shape.length);
}

function readIndex(node: NodeView, state: ImportState): void {
	const rank = state.shape.length;
	const axis = axisOf(node.int("axis", 0), rank, node);
	const { shape, values } = state.ints(node.inputs[1] as string, node);
	const index = values[0] as number;
	if (shape.length !== 0)
		node.fail(`only a single (scalar) index is supported, got indices of shape ${shapeText(shape)}`);
	const size = state.shape[axis];
	const without = <T>(xs: readonly T[], i: number) => xs.filter((_, k) => k !== i);
	if (size === 1 && (index === 0 || index === -1)) {
		state.shape = without(state.shape, axis);
		return;
	}
	const last = state.layers[state.layers.length - 1];
	const isLastStep = typeof size === "number" && (index === -1 || index === size - 1);
	if (
		last instanceof LSTMSpec &&
		last.returnSequences &&
		onlyTransposed(state) &&
		state.perm[axis] === 1 &&
		isLastStep
	) {
		// The LSTM's last step is its output without returnSequences: drop the time axis of both values.
		last.returnSequences = false;
		state.perm = without(state.perm, axis).map((p) => (p > 1 ? p - 1 : p));
		state.shape = without(state.shape, axis);
		state.chainShape = without(state.chainShape, 1);
		return;
	}
	node.fail(
		`index ${index} on axis ${axis} of ${shapeText(state.shape)} is not supported (only an axis of size 1, or an LSTM's last step)`,
	);
}

/** Gather(table, indices) as an Embedding, or Gather(x, scalar index) as a dropped axis or an LSTM's last step. */
export const gatherImporter: OpImporter = {
	opType: "Gather",
	read(node, state) {
		node.arity(2, 2);
		node.onlyAttributes("axis");
		if (node.inputs[1] === state.current) readEmbedding(node, state);
		else readIndex(node, state);
	},
};
