/** Export row of LSTM: ONNX LSTM (sequence first) between two Transposes of the batch-first value. */
import { LSTM, type ModuleLike } from "@backprop/nn";
import { type Tensor, zeros } from "@backprop/tensor";
import { OnnxError } from "../errors";
import type { LayerExporter } from "./layer-table";

// Our gate blocks are i, f, g, o; ONNX's are i, o, f, c (c is our g): ONNX block k is our block GATES[k].
const GATES = [0, 3, 1, 2];

/** `w` [n, 4·units] (our Dense-like layout) as ONNX's [1, 4·units, n], gate blocks reordered. */
function onnxGateWeights(w: Tensor, units: number): Tensor {
	const rows = w.transpose();
	const blocks = GATES.map((g) => rows.slice(g * units, (g + 1) * units, 0));
	const [first, ...rest] = blocks as [Tensor, ...Tensor[]];
	return first.concat(rest, 0).reshape([1, 4 * units, w.shape[0] as number]);
}

/**
 * LSTM → Transpose to [time, batch, inputs], LSTM (hidden_size units, zero initial
 * state; W and R its weights with the gates reordered, B = bias ‖ 0 since our one
 * bias is PyTorch's bias_ih + bias_hh), then for returnSequences Y [time, 1, batch,
 * units] → Squeeze → Transpose back to [batch, time, units], else Y_h [1, batch,
 * units] (the last step's h) → Squeeze → [batch, units]. ONNX Runtime runs only
 * layout 0 (sequence first), so the Transposes are written in every opset. Throws
 * OnnxError for an input that is not [batch, time, inputs].
 */
export const lstmExporter: LayerExporter<LSTM> = {
	type: "LSTM",
	matches: (layer: ModuleLike): layer is LSTM => layer instanceof LSTM,
	inputShape: (layer) => [null, null, layer.inputs],
	export(layer, input, { graph, where, prefix }) {
		if (input.shape.length !== 3 || input.shape[2] !== layer.inputs) {
			throw new OnnxError(
				`toOnnx: ${where}: takes [batch, time, ${layer.inputs}] but gets [${input.shape.map((d) => d ?? "N").join(",")}]`,
			);
		}
		const u = layer.units;
		const seqFirst = graph.node("Transpose", [input.name], `${prefix}_to_time_first`, { perm: { ints: [1, 0, 2] } });
		const w = graph.constant(`${prefix}_W`, onnxGateWeights(layer.weightIh.value, u));
		const r = graph.constant(`${prefix}_R`, onnxGateWeights(layer.weightHh.value, u));
		const bias = layer.bias.value;
		const reordered = GATES.map((g) => bias.slice(g * u, (g + 1) * u));
		const b = graph.constant(
			`${prefix}_B`,
			reordered[0].concat([...reordered.slice(1), zeros([4 * u], { dtype: bias.dtype })], 0).reshape([1, 8 * u]),
		);
		const [batch, time] = input.shape;
		const wanted = layer.returnSequences ? [true, false] : [false, true];
		const [y, yh] = graph.nodeWithOutputs("LSTM", [seqFirst, w, r, b], `${prefix}_LSTM`, wanted, {
			hidden_size: { int: u },
		});
		if (!layer.returnSequences) {
			const axes = graph.int64Constant(`${prefix}_axes`, [0]);
			const name = graph.node("Squeeze", [yh as string, axes], `${prefix}_Squeeze`);
			return { name, shape: [batch ?? null, u] };
		}
		const axes = graph.int64Constant(`${prefix}_axes`, [1]);
		const steps = graph.node("Squeeze", [y as string, axes], `${prefix}_Squeeze`);
		const name = graph.node("Transpose", [steps], `${prefix}_to_batch_first`, { perm: { ints: [1, 0, 2] } });
		return { name, shape: [batch ?? null, time ?? null, u] };
	},
};
