/** Import row of Conv (2-D, group 1): a Conv2D on the NHWC form of the NCHW value. */
import { Conv2D } from "@backprop/nn";
import { ModuleSpec } from "../layer-specs";
import { holdTransposed, shapeText } from "../layout";
import type { OpImporter } from "../op-table";
import { pairAttribute, spatialSizes, windowPadding } from "../window";

/**
 * Conv(x, W [out, in, kh, kw], B?) → Conv2D with the filter transposed to
 * [kh, kw, in, out], strides and dilations as given, pads that are 'valid' or
 * TensorFlow's 'same'. An activation node after it becomes its activation.
 * Throws OnnxError naming the node for group ≠ 1, another rank, pads neither rule
 * gives, or a weight or bias that disagrees with the input or kernel_shape.
 */
export const convImporter: OpImporter = {
	opType: "Conv",
	read(node, state) {
		node.arity(2, 3);
		node.onlyAttributes("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides");
		if (node.int("group", 1) !== 1) node.fail(`group ${node.int("group", 1)} is not supported (only 1)`);
		const [h, w] = spatialSizes(node, state.shape);
		const channels = state.shape[1] as number;
		const weightName = node.inputs[1] as string;
		const weight = state.constant(weightName, node);
		const [out, inputs, kh, kw] = weight.shape as [number, number, number, number];
		if (weight.rank !== 4 || inputs !== channels) {
			node.fail(
				`weight '${weightName}' ${shapeText(weight.shape)} does not fit an input of ${channels} channels (expected [out, ${channels}, kh, kw])`,
			);
		}
		const kernel = pairAttribute(node, "kernel_shape", [kh, kw]);
		if (kernel[0] !== kh || kernel[1] !== kw) {
			node.fail(`kernel_shape [${kernel.join(",")}] disagrees with the weight ${shapeText(weight.shape)}`);
		}
		const strides = pairAttribute(node, "strides", [1, 1]);
		const dilations = pairAttribute(node, "dilations", [1, 1]);
		const extent: [number, number] = [(kh - 1) * dilations[0] + 1, (kw - 1) * dilations[1] + 1];
		const { padding, out: size } = windowPadding(node, [h, w], extent, strides);
		const biasName = node.inputs[2] ?? "";
		const bias = biasName === "" ? null : state.constant(biasName, node);
		if (bias && (bias.rank !== 1 || bias.shape[0] !== out)) {
			node.fail(`bias '${biasName}' has shape ${shapeText(bias.shape)}, expected [${out}]`);
		}
		holdTransposed(state, [0, 2, 3, 1], node);
		const filter = weight.transpose([2, 3, 1, 0]).contiguous();
		const spec = new ModuleSpec(
			node.where,
			(dtype, activation) => {
				const layer = new Conv2D(inputs, out, [kh, kw], {
					strides,
					dilations,
					padding,
					activation,
					useBias: bias !== null,
					init: "zeros",
					dtype,
				});
				layer.weight.value = filter.astype(dtype);
				if (layer.bias && bias) layer.bias.value = bias.astype(dtype);
				return layer;
			},
			true,
		);
		state.layers.push(spec);
		state.shape = [state.shape[0] ?? null, out, ...size];
		state.chainShape = [state.shape[0] ?? null, ...size, out];
	},
};
