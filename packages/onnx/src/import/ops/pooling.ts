/** Import rows of MaxPool, AveragePool and GlobalAveragePool: our pools on the NHWC form of the NCHW value. */
import { AvgPool2D, GlobalAvgPool2D, MaxPool2D } from "@backprop/nn";
import { ModuleSpec } from "../layer-specs";
import { holdTransposed, identity } from "../layout";
import type { NodeView } from "../node-view";
import type { ImportState, OpImporter } from "../op-table";
import { pairAttribute, spatialSizes, windowPadding } from "../window";

function readPool(node: NodeView, state: ImportState, kind: "max" | "average"): void {
	node.arity(1, 1);
	const [h, w] = spatialSizes(node, state.shape);
	const poolSize = pairAttribute(node, "kernel_shape", null);
	const strides = pairAttribute(node, "strides", [1, 1]);
	if (kind === "max") {
		node.onlyAttributes("auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides");
		const dilations = pairAttribute(node, "dilations", [1, 1]);
		if (dilations[0] !== 1 || dilations[1] !== 1) node.fail(`dilations [${dilations.join(",")}] are not supported`);
	} else {
		node.onlyAttributes("auto_pad", "ceil_mode", "count_include_pad", "kernel_shape", "pads", "strides");
	}
	const { padding, out, padded } = windowPadding(node, [h, w], poolSize, strides);
	if (kind === "average" && padded && node.int("count_include_pad", 0) !== 0) {
		node.fail("count_include_pad 1 with pads is not supported (AvgPool2D leaves padded cells out of the mean)");
	}
	holdTransposed(state, [0, 2, 3, 1], node);
	const options = { poolSize, strides, padding };
	state.layers.push(
		new ModuleSpec(node.where, () => (kind === "max" ? new MaxPool2D(options) : new AvgPool2D(options))),
	);
	const [batch, channels] = state.shape;
	state.shape = [batch ?? null, channels ?? null, ...out];
	state.chainShape = [batch ?? null, ...out, channels ?? null];
}

/** MaxPool (one output, no dilation) → MaxPool2D. */
export const maxPoolImporter: OpImporter = {
	opType: "MaxPool",
	read: (node, state) => readPool(node, state, "max"),
};

/** AveragePool (padding left out of the mean, or no padding) → AvgPool2D. */
export const averagePoolImporter: OpImporter = {
	opType: "AveragePool",
	read: (node, state) => readPool(node, state, "average"),
};

/**
 * GlobalAveragePool → GlobalAvgPool2D: the chain holds [batch, channels], the
 * ONNX value [batch, channels, 1, 1] (a Flatten after it needs no layer).
 */
export const globalAveragePoolImporter: OpImporter = {
	opType: "GlobalAveragePool",
	read(node, state) {
		node.arity(1, 1);
		node.onlyAttributes();
		spatialSizes(node, state.shape);
		holdTransposed(state, [0, 2, 3, 1], node);
		state.layers.push(new ModuleSpec(node.where, () => new GlobalAvgPool2D()));
		const [batch, channels] = state.shape;
		state.shape = [batch ?? null, channels ?? null, 1, 1];
		state.chainShape = [batch ?? null, channels ?? null];
		state.perm = identity(2);
	},
};
