/** Export rows of MaxPool2D, AvgPool2D and GlobalAvgPool2D: the ONNX pools on the channels-first (NCHW) value. */
import { AvgPool2D, GlobalAvgPool2D, MaxPool2D, type ModuleLike } from "@backprop/nn";
import { OnnxError } from "../errors";
import type { GraphBuilder } from "./graph-builder";
import type { ExportValue, LayerExporter } from "./layer-table";
import { toChannelsFirst } from "./layout";
import { nhwcSizes, windowAxis } from "./nhwc-window";

/**
 * Writes `op` (MaxPool or AveragePool) for a MaxPool2D/AvgPool2D layer on the NCHW
 * value; the output stays NCHW. Throws OnnxError when the window does not fit.
 */
function exportPool(
	op: "MaxPool" | "AveragePool",
	layer: MaxPool2D | AvgPool2D,
	input: ExportValue,
	graph: GraphBuilder,
	where: string,
	prefix: string,
): ExportValue {
	const [h, w, c] = nhwcSizes(input, where);
	const [ph, pw] = layer.poolSize;
	const [sh, sw] = layer.strides;
	const rows = windowAxis(h, ph, sh, layer.padding);
	const cols = windowAxis(w, pw, sw, layer.padding);
	if (rows.out < 1 || cols.out < 1) {
		throw new OnnxError(`toOnnx: ${where}: the pool window does not fit the input ${h}x${w} with 'valid' padding`);
	}
	// AveragePool's count_include_pad defaults to 0: padded cells are left out of the mean, as TensorFlow's 'same'.
	const pooled = graph.node(op, [toChannelsFirst(graph, input, prefix).name], `${prefix}_${op}`, {
		kernel_shape: { ints: [ph, pw] },
		strides: { ints: [sh, sw] },
		pads: { ints: [rows.pads[0], cols.pads[0], rows.pads[1], cols.pads[1]] },
	});
	return { name: pooled, shape: [input.shape[0] ?? null, rows.out, cols.out, c], layout: "channelsFirst" };
}

/** MaxPool2D → MaxPool (NCHW). */
export const maxPool2dExporter: LayerExporter<MaxPool2D> = {
	type: "MaxPool2D",
	matches: (layer: ModuleLike): layer is MaxPool2D => layer instanceof MaxPool2D,
	inputShape: () => null,
	layouts: "any",
	export: (layer, input, { graph, where, prefix }) => exportPool("MaxPool", layer, input, graph, where, prefix),
};

/** AvgPool2D → AveragePool (NCHW, padding not counted). */
export const avgPool2dExporter: LayerExporter<AvgPool2D> = {
	type: "AvgPool2D",
	matches: (layer: ModuleLike): layer is AvgPool2D => layer instanceof AvgPool2D,
	inputShape: () => null,
	layouts: "any",
	export: (layer, input, { graph, where, prefix }) => exportPool("AveragePool", layer, input, graph, where, prefix),
};

/** GlobalAvgPool2D → GlobalAveragePool on the NCHW value ([N, C, 1, 1]), Flatten: [batch, channels]. */
export const globalAvgPool2dExporter: LayerExporter<GlobalAvgPool2D> = {
	type: "GlobalAvgPool2D",
	matches: (layer: ModuleLike): layer is GlobalAvgPool2D => layer instanceof GlobalAvgPool2D,
	inputShape: () => null,
	layouts: "any",
	export(_layer, input, { graph, where, prefix }) {
		const [, , c] = nhwcSizes(input, where);
		const nchw = toChannelsFirst(graph, input, prefix).name;
		const pooled = graph.node("GlobalAveragePool", [nchw], `${prefix}_GlobalAveragePool`);
		const name = graph.node("Flatten", [pooled], `${prefix}_Flatten`, { axis: { int: 1 } });
		return { name, shape: [input.shape[0] ?? null, c] };
	},
};
