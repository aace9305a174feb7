/** Export rows of MaxPool2D, AvgPool2D and GlobalAvgPool2D: the ONNX pools on the NCHW transpose. */
import { AvgPool2D, GlobalAvgPool2D, MaxPool2D, type ModuleLike } from "@backprop/nn";
import { OnnxError } from "../errors";
import type { GraphBuilder } from "./graph-builder";
import type { ExportValue, LayerExporter } from "./layer-table";
import { nhwcSizes, toNchw, toNhwc, windowAxis } from "./nhwc-window";

/** Writes `op` (MaxPool or AveragePool) for a MaxPool2D/AvgPool2D layer; throws OnnxError when the window does not fit. */
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
	const pooled = graph.node(op, [toNchw(graph, input.name, prefix)], `${prefix}_${op}`, {
		kernel_shape: { ints: [ph, pw] },
		strides: { ints: [sh, sw] },
		pads: { ints: [rows.pads[0], cols.pads[0], rows.pads[1], cols.pads[1]] },
	});
	return { name: toNhwc(graph, pooled, prefix), shape: [input.shape[0] ?? null, rows.out, cols.out, c] };
}

/** MaxPool2D → Transpose, MaxPool, Transpose. */
export const maxPool2dExporter: LayerExporter<MaxPool2D> = {
	type: "MaxPool2D",
	matches: (layer: ModuleLike): layer is MaxPool2D => layer instanceof MaxPool2D,
	inputShape: () => null,
	export: (layer, input, { graph, where, prefix }) => exportPool("MaxPool", layer, input, graph, where, prefix),
};

/** AvgPool2D → Transpose, AveragePool (padding not counted), Transpose. */
export const avgPool2dExporter: LayerExporter<AvgPool2D> = {
	type: "AvgPool2D",
	matches: (layer: ModuleLike): layer is AvgPool2D => layer instanceof AvgPool2D,
	inputShape: () => null,
	export: (layer, input, { graph, where, prefix }) => exportPool("AveragePool", layer, input, graph, where, prefix),
};

/** GlobalAvgPool2D → Transpose, GlobalAveragePool ([N, C, 1, 1]), Flatten: [batch, channels]. */
export const globalAvgPool2dExporter: LayerExporter<GlobalAvgPool2D> = {
	type: "GlobalAvgPool2D",
	matches: (layer: ModuleLike): layer is GlobalAvgPool2D => layer instanceof GlobalAvgPool2D,
	inputShape: () => null,
	export(_layer, input, { graph, where, prefix }) {
		const [, , c] = nhwcSizes(input, where);
		const pooled = graph.node("GlobalAveragePool", [toNchw(graph, input.name, prefix)], `${prefix}_GlobalAveragePool`);
		const name = graph.node("Flatten", [pooled], `${prefix}_Flatten`, { axis: { int: 1 } });
		return { name, shape: [input.shape[0] ?? null, c] };
	},
};
