/** Export row of Conv2D: Conv on the channels-first (NCHW) value, then the activation, staying NCHW. */
import { Conv2D, type ModuleLike } from "@backprop/nn";
import { OnnxError } from "../errors";
import { exportActivation } from "./activations";
import type { LayerExporter } from "./layer-table";
import { toChannelsFirst } from "./layout";
import { nhwcSizes, windowAxis } from "./nhwc-window";

/**
 * Conv2D → Conv on the NCHW value (a Transpose first when the input is ours, NHWC),
 * with the filter [kh, kw, in, out] stored as ONNX's [out, in, kh, kw], TensorFlow's
 * 'same' rule written as explicit pads; the output stays NCHW. Throws OnnxError for
 * an input of unknown or other sizes.
 */
export const conv2dExporter: LayerExporter<Conv2D> = {
	type: "Conv2D",
	matches: (layer: ModuleLike): layer is Conv2D => layer instanceof Conv2D,
	inputShape: () => null,
	layouts: "any",
	export(layer, input, { graph, where, prefix }) {
		const [h, w, c] = nhwcSizes(input, where);
		if (c !== layer.inChannels) {
			throw new OnnxError(`toOnnx: ${where}: takes ${layer.inChannels} channels but gets ${c}`);
		}
		const [kh, kw] = layer.kernelSize;
		const [dh, dw] = layer.dilations;
		const [sh, sw] = layer.strides;
		const rows = windowAxis(h, (kh - 1) * dh + 1, sh, layer.padding);
		const cols = windowAxis(w, (kw - 1) * dw + 1, sw, layer.padding);
		if (rows.out < 1 || cols.out < 1) {
			throw new OnnxError(`toOnnx: ${where}: the kernel does not fit the input ${h}x${w} with 'valid' padding`);
		}
		const filter = graph.constant(`${prefix}_weight`, layer.weight.value.transpose([3, 2, 0, 1]));
		const inputs = [toChannelsFirst(graph, input, prefix).name, filter];
		if (layer.bias) inputs.push(graph.constant(`${prefix}_bias`, layer.bias.value));
		const conv = graph.node("Conv", inputs, `${prefix}_Conv`, {
			kernel_shape: { ints: [kh, kw] },
			strides: { ints: [sh, sw] },
			dilations: { ints: [dh, dw] },
			pads: { ints: [rows.pads[0], cols.pads[0], rows.pads[1], cols.pads[1]] },
		});
		return {
			name: exportActivation(layer.activation, graph, conv, where, prefix, "channelsFirst"),
			shape: [input.shape[0] ?? null, rows.out, cols.out, layer.filters],
			layout: "channelsFirst",
		};
	},
};
