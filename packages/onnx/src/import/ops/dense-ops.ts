/** Import rows of the affine ops a Dense layer is written as: Gemm, MatMul, and the Add of a bias after a MatMul. */
import type { Tensor } from "@backprop/tensor";
import { DenseSpec } from "../layer-specs";
import type { NodeView } from "../node-view";
import type { ImportState, OpImporter } from "../op-table";

function shapeText(shape: readonly (number | null)[]): string {
	return `[${shape.map((d) => d ?? "N").join(",")}]`;
}

// The weight as [inputs, units], checked against the features the layer reads.
function weightOf(node: NodeView, state: ImportState, name: string, transposed: boolean): Tensor {
	const b = state.constant(name, node);
	if (b.rank !== 2) node.fail(`weight '${name}' has shape ${shapeText(b.shape)}, expected a matrix`);
	const w = transposed ? b.transpose().contiguous() : b;
	const features = state.shape[state.shape.length - 1];
	if (w.shape[0] !== features) {
		node.fail(`weight '${name}' ${shapeText(b.shape)} does not fit an input of shape ${shapeText(state.shape)}`);
	}
	return w;
}

// A bias of shape [units] or [1, units], as [units].
function biasOf(node: NodeView, state: ImportState, name: string, units: number): Tensor {
	const c = state.constant(name, node);
	const fits = (c.rank === 1 && c.shape[0] === units) || (c.rank === 2 && c.shape[0] === 1 && c.shape[1] === units);
	if (!fits) node.fail(`bias '${name}' has shape ${shapeText(c.shape)}, expected [${units}]`);
	return c.reshape([units]);
}

/** Gemm(x, B, C) with alpha = beta = 1 and no transposed A: a Dense layer (transB 1 is PyTorch's Linear). */
export const gemmImporter: OpImporter = {
	opType: "Gemm",
	read(node, state) {
		node.arity(2, 3);
		node.onlyAttributes("alpha", "beta", "transA", "transB");
		if (node.float("alpha", 1) !== 1) node.fail("alpha other than 1 is not supported");
		if (node.float("beta", 1) !== 1) node.fail("beta other than 1 is not supported");
		if (node.int("transA", 0) !== 0) node.fail("transA is not supported");
		const transB = node.int("transB", 0);
		if (transB !== 0 && transB !== 1) node.fail(`transB must be 0 or 1, got ${transB}`);
		if (state.shape.length !== 2) node.fail(`Gemm needs a [batch, features] input, got ${shapeText(state.shape)}`);
		const weight = weightOf(node, state, node.inputs[1] as string, transB === 1);
		const units = weight.shape[1];
		const c = node.inputs[2] ?? "";
		const bias = c === "" ? null : biasOf(node, state, c, units);
		state.layers.push(new DenseSpec(node.where, weight, bias));
		state.shape = [state.shape[0] ?? null, units];
	},
};

/** MatMul(x, W) with a constant W [inputs, units]: a Dense layer without a bias (yet). */
export const matMulImporter: OpImporter = {
	opType: "MatMul",
	read(node, state) {
		node.arity(2, 2);
		node.onlyAttributes();
		if (node.inputs[0] !== state.current) node.fail("the layer's input must be MatMul's first operand");
		const weight = weightOf(node, state, node.inputs[1] as string, false);
		state.layers.push(new DenseSpec(node.where, weight, null));
		state.shape = [...state.shape.slice(0, -1), weight.shape[1]];
	},
};

/** Add(x, b) right after a MatMul (or a Gemm without C): that layer's bias. */
export const addImporter: OpImporter = {
	opType: "Add",
	read(node, state) {
		node.arity(2, 2);
		node.onlyAttributes();
		const last = state.layers[state.layers.length - 1];
		if (!(last instanceof DenseSpec) || last.bias !== null || last.activation !== "linear") {
			return node.fail("Add is only supported as the bias of the MatMul just before it");
		}
		const other = node.inputs[0] === state.current ? node.inputs[1] : node.inputs[0];
		last.bias = biasOf(node, state, other as string, last.units);
	},
};
