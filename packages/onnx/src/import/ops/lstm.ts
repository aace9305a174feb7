/** Import row of LSTM: one forward layer, no peepholes, zero initial state → @backprop/nn's LSTM. */
import { type Tensor, zeros } from "@backprop/tensor";
import { LSTMSpec } from "../layer-specs";
import { holdTransposed, identity, shapeText } from "../layout";
import type { NodeView } from "../node-view";
import type { ImportState, OpImporter } from "../op-table";

// ONNX stacks the gate blocks as i, o, f, c; ours (PyTorch's) as i, f, g (= c), o.
const OUR_ORDER_FROM_ONNX = [0, 2, 3, 1];

/** The rows of `m` [4·units, k] regrouped from ONNX's gate order to ours. */
function regroup(m: Tensor, units: number): Tensor {
	const blocks = OUR_ORDER_FROM_ONNX.map((b) => m.slice(b * units, (b + 1) * units, 0));
	const [first, ...rest] = blocks as [Tensor, ...Tensor[]];
	return first.concat(rest, 0);
}

// A weight input [1, rows, cols] as [rows, cols].
function weightInput(node: NodeView, state: ImportState, index: number, rows: number, cols: number | null): Tensor {
	const name = node.inputs[index] as string;
	const t = state.constant(name, node);
	if (t.rank !== 3 || t.shape[0] !== 1 || t.shape[1] !== rows || (cols !== null && t.shape[2] !== cols)) {
		node.fail(`'${name}' has shape ${shapeText(t.shape)}, expected [1, ${rows}, ${cols ?? "inputs"}] (one direction)`);
	}
	return t.reshape([rows, t.shape[2] as number]);
}

// An optional input that must be absent or zeros (the initial state) or absent (sequence_lens, peepholes).
function checkZeroInput(node: NodeView, state: ImportState, index: number, what: string, zerosAllowed: boolean): void {
	const name = node.inputs[index] ?? "";
	if (name === "") return;
	if (zerosAllowed && state.isZeros(name)) return;
	if (zerosAllowed && state.isConstant(name)) {
		const t = state.constant(name, node);
		if (t.size === 0 || t.abs().max().item() === 0) return;
	}
	node.fail(`${what} '${name}' is not supported${zerosAllowed ? " (only a zero initial state)" : ""}`);
}

/**
 * LSTM (direction forward, default activations, no clip, no peepholes, no
 * sequence_lens, zero initial state) → LSTM with the gate blocks regrouped from
 * ONNX's i, o, f, c to ours i, f, g, o, the weights transposed to [inputs,
 * 4·units] and the two biases summed. The chain continues from Y (returnSequences)
 * or from Y_h (the last step), whichever the graph reads. Throws OnnxError naming
 * the node and the attribute or input otherwise.
 */
export const lstmImporter: OpImporter = {
	opType: "LSTM",
	read(node, state) {
		node.onlyAttributes("activations", "direction", "hidden_size", "layout", "input_forget", "clip");
		if (node.inputs.length < 3 || node.inputs.length > 8)
			node.fail(`expected 3 to 8 inputs, got ${node.inputs.length}`);
		const direction = node.string("direction", "forward");
		if (direction !== "forward") node.fail(`direction ${direction} is not supported (only forward)`);
		const activations = node.strings("activations");
		if (activations && activations.join(",") !== "Sigmoid,Tanh,Tanh") {
			node.fail(`activations ${activations.join(",")} are not supported (only Sigmoid, Tanh, Tanh)`);
		}
		if ((node.node.attribute ?? []).some((a) => a.name === "clip")) node.fail("clip is not supported");
		if (node.int("input_forget", 0) !== 0) node.fail("input_forget 1 is not supported");
		const layout = node.int("layout", 0);
		if (layout !== 0 && layout !== 1) node.fail(`layout ${layout} is not supported`);
		const units = node.int("hidden_size", 0);
		if (!Number.isInteger(units) || units < 1 || units > 1_000_000) node.fail(`hidden_size ${units} is not supported`);
		checkZeroInput(node, state, 4, "sequence_lens", false);
		checkZeroInput(node, state, 5, "initial_h", true);
		checkZeroInput(node, state, 6, "initial_c", true);
		checkZeroInput(node, state, 7, "peepholes P", false);
		if (state.shape.length !== 3 || state.shape[layout === 0 ? 1 : 0] !== null) {
			node.fail(
				`needs X as [${layout === 0 ? "time, batch" : "batch, time"}, inputs] (layout ${layout}), got ${shapeText(state.shape)}`,
			);
		}
		const inputs = state.shape[2];
		const time = state.shape[layout === 0 ? 0 : 1];
		if (typeof inputs !== "number" || typeof time !== "number") {
			return node.fail(`needs X of known time steps and inputs, got ${shapeText(state.shape)}`);
		}
		const w = weightInput(node, state, 1, 4 * units, inputs);
		const r = weightInput(node, state, 2, 4 * units, units);
		const bName = node.inputs[3] ?? "";
		let bias = zeros([4 * units], { dtype: w.dtype });
		if (bName !== "") {
			const b = state.constant(bName, node);
			if (b.rank !== 2 || b.shape[0] !== 1 || b.shape[1] !== 8 * units) {
				node.fail(`bias '${bName}' has shape ${shapeText(b.shape)}, expected [1, ${8 * units}] (one direction)`);
			}
			const both = b.reshape([8 * units]);
			bias = both.slice(0, 4 * units, 0).add(both.slice(4 * units, 8 * units, 0));
		}
		const [y, yH, yC] = [0, 1, 2].map((i) => node.outputs[i] ?? "");
		if (yC && state.isRead(yC)) node.fail(`the cell state output Y_c '${yC}' is not supported`);
		const readsY = y !== "" && state.isRead(y);
		const readsH = yH !== "" && state.isRead(yH);
		if (readsY === readsH) node.fail("exactly one of the outputs Y and Y_h must be read");
		holdTransposed(state, layout === 0 ? [1, 0, 2] : identity(3), node);
		const spec = new LSTMSpec(
			node.where,
			regroup(w, units).transpose().contiguous(),
			regroup(r, units).transpose().contiguous(),
			regroup(bias.reshape([4 * units, 1]), units).reshape([4 * units]),
		);
		state.layers.push(spec);
		if (readsY) {
			// Y: [time, 1, batch, units] (layout 0) or [batch, time, 1, units]; the chain holds [batch, time, units].
			state.chainShape = [null, time, units];
			state.shape = layout === 0 ? [time, 1, null, units] : [null, time, 1, units];
			state.perm = layout === 0 ? [1, 0, 2] : identity(3);
			return;
		}
		spec.returnSequences = false;
		state.chainShape = [null, units];
		state.shape = layout === 0 ? [1, null, units] : [null, 1, units];
		state.perm = identity(2);
		state.continueWith(yH);
	},
};
