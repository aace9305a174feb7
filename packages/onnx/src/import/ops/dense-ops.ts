/**
 * Import rows of the affine ops a Dense layer is written as: Gemm, MatMul, the
 * Add of a bias after a MatMul, and Mul / Add of per-channel constants (our
 * BatchNorm's export, a scale and shift) as a Dense layer with a diagonal weight.
 */
import { eye, type Tensor } from "@backprop/tensor";
import { DenseSpec } from "../layer-specs";
import { holdAxisLast, holdExact, onlyTransposed, shapeText } from "../layout";
import type { NodeView } from "../node-view";
import type { ImportState, OpImporter } from "../op-table";

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

// The layer's output replaces the last axis of both the ONNX value and the chain's value.
function setUnits(state: ImportState, units: number): void {
	state.shape = [...state.shape.slice(0, -1), units];
	state.chainShape = [...state.chainShape.slice(0, -1), units];
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
		holdExact(state, node);
		const weight = weightOf(node, state, node.inputs[1] as string, transB === 1);
		const units = weight.shape[1];
		const c = node.inputs[2] ?? "";
		const bias = c === "" ? null : biasOf(node, state, c, units);
		state.layers.push(new DenseSpec(node.where, weight, bias));
		setUnits(state, units);
	},
};

/** MatMul(x, W) with a constant W [inputs, units]: a Dense layer without a bias (yet). */
export const matMulImporter: OpImporter = {
	opType: "MatMul",
	read(node, state) {
		node.arity(2, 2);
		node.onlyAttributes();
		if (node.inputs[0] !== state.current) node.fail("the layer's input must be MatMul's first operand");
		if (state.shape.length < 2)
			node.fail(`MatMul needs an input [batch, ..., features], got ${shapeText(state.shape)}`);
		holdAxisLast(state, state.shape.length - 1, node);
		const weight = weightOf(node, state, node.inputs[1] as string, false);
		state.layers.push(new DenseSpec(node.where, weight, null));
		setUnits(state, weight.shape[1]);
	},
};

/**
 * The axis a constant of Mul/Add acts along: its one dimension other than 1,
 * right-aligned against the input (a [C, 1, 1] scale of an NCHW value is axis 1),
 * or for a constant of one value the axis the chain already has last. Throws
 * naming the node for a constant that would broadcast the input or varies along
 * more than one axis.
 */
function channelAxis(node: NodeView, state: ImportState, c: Tensor, name: string): { axis: number; size: number } {
	const rank = state.shape.length;
	const shown = `'${name}' ${shapeText(c.shape)}`;
	if (c.rank > rank) node.fail(`constant ${shown} has more axes than the input ${shapeText(state.shape)}`);
	const axes = c.shape.flatMap((d, k) => (d === 1 ? [] : [rank - c.rank + k]));
	if (axes.length > 1) node.fail(`constant ${shown} varies along more than one axis (only per-channel constants)`);
	if (axes.length === 0) {
		const last = onlyTransposed(state) ? state.perm.indexOf(rank - 1) : rank - 1;
		const size = state.shape[last];
		if (typeof size !== "number") node.fail(`a scalar on the batch axis of ${shapeText(state.shape)} is not supported`);
		return { axis: last, size };
	}
	const axis = axes[0] as number;
	if (c.shape[c.shape.length - (rank - axis)] !== state.shape[axis]) {
		node.fail(`constant ${shown} does not fit the input ${shapeText(state.shape)} (axis ${axis})`);
	}
	return { axis, size: state.shape[axis] as number };
}

// The other operand of a binary node whose one data input is the chain's value.
function otherOperand(node: NodeView, state: ImportState): string {
	node.arity(2, 2);
	node.onlyAttributes();
	return (node.inputs[0] === state.current ? node.inputs[1] : node.inputs[0]) as string;
}

/**
 * Add(x, b): the bias of the Dense layer just before it (a MatMul, a Gemm without
 * C, or a Mul below) when that layer acts on the same axis; otherwise a Dense
 * layer with an identity weight and `b` as its bias (x · I + b is exactly x + b).
 */
export const addImporter: OpImporter = {
	opType: "Add",
	read(node, state) {
		const name = otherOperand(node, state);
		const c = state.constant(name, node);
		const { axis, size } = channelAxis(node, state, c, name);
		const before = state.layers.length;
		holdAxisLast(state, axis, node);
		const bias = c.reshape([size]);
		const last = state.layers[state.layers.length - 1];
		if (
			state.layers.length === before &&
			last instanceof DenseSpec &&
			last.bias === null &&
			last.activation === "linear"
		) {
			last.bias = bias;
			return;
		}
		state.layers.push(new DenseSpec(node.where, eye(size, { dtype: c.dtype }), bias));
	},
};

/**
 * Mul(x, s) with a per-channel (or single) constant s: a Dense layer whose weight
 * is diag(s), so x · diag(s) = x ⊙ s exactly (the other products are zeros); an
 * Add after it becomes its bias. This is how our BatchNorm's export (the running
 * statistics folded into a scale and a shift) comes back.
 */
export const mulImporter: OpImporter = {
	opType: "Mul",
	read(node, state) {
		const name = otherOperand(node, state);
		const c = state.constant(name, node);
		const { axis, size } = channelAxis(node, state, c, name);
		holdAxisLast(state, axis, node);
		const scale = c.size === 1 ? c.reshape([1]).broadcastTo([size]) : c.reshape([size]);
		state.layers.push(new DenseSpec(node.where, eye(size, { dtype: c.dtype }).mul(scale.reshape([1, size])), null));
	},
};
