/**
 * Import rows of the ops that only regroup values: Flatten, Reshape, Squeeze,
 * Unsqueeze, Transpose, and Pad by nothing. None adds a layer by itself: each
 * changes how the ONNX value is made from the chain's value (layout.ts), and a
 * Permute / Flatten / Reshape layer is written only where a later row needs it.
 */
import { holdExact, onlyTransposed, type Shape, shapeText, transposeShape } from "../layout";
import type { NodeView } from "../node-view";
import type { ImportState, OpImporter } from "../op-table";

// The sizes after the batch axis, all known; throws naming the node otherwise.
function sampleSizes(node: NodeView, shape: Shape): number[] {
	const [batch, ...rest] = shape;
	if (batch !== null || rest.some((d) => d === null)) {
		node.fail(`needs an input [batch, ...] with the batch axis first and known sizes, got ${shapeText(shape)}`);
	}
	return rest as number[];
}

const product = (sizes: readonly number[]) => sizes.reduce((a, b) => a * b, 1);

/** Flatten(axis 1): [batch, d1, d2, ...] → [batch, d1·d2·...]. */
export const flattenImporter: OpImporter = {
	opType: "Flatten",
	read(node, state) {
		node.arity(1, 1);
		node.onlyAttributes("axis");
		const axis = node.int("axis", 1);
		if (axis !== 1) node.fail(`axis ${axis} is not supported (only 1, keeping the batch axis)`);
		state.shape = [null, product(sampleSizes(node, state.shape))];
	},
};

/**
 * Reshape(x, shape) with a constant shape that keeps the batch axis first: 0
 * copies the input's size (allowzero 0), −1 takes what is left; the batch entry
 * may be 0, −1 or the graph input's declared batch size.
 */
export const reshapeImporter: OpImporter = {
	opType: "Reshape",
	read(node, state) {
		node.arity(2, 2);
		node.onlyAttributes("allowzero");
		if (node.int("allowzero", 0) !== 0) node.fail("allowzero 1 is not supported");
		const { shape: dims, values } = state.ints(node.inputs[1] as string, node);
		if (dims.length !== 1 || values.length < 1)
			node.fail(`the shape must be a list of sizes, got [${values.join(",")}]`);
		const sizes = sampleSizes(node, state.shape);
		const [first, ...rest] = values as [number, ...number[]];
		const batchOk = first === 0 || first === -1 || (state.batchSize !== null && first === state.batchSize);
		if (!batchOk) {
			node.fail(`shape [${values.join(",")}] does not keep the batch axis first (its first entry must be 0 or -1)`);
		}
		const copied = rest.map((d, i) =>
			d === 0 ? (sizes[i] ?? node.fail(`shape entry ${i + 1} is 0 but the input has no axis ${i + 1}`)) : d,
		);
		const inferred = copied.filter((d) => d === -1).length;
		if (inferred > (first === -1 ? 0 : 1) || copied.some((d) => d < -1)) {
			node.fail(`shape [${values.join(",")}] is not supported (one -1 at most, the batch's included)`);
		}
		const known = product(copied.filter((d) => d !== -1));
		const total = product(sizes);
		const filled = copied.map((d) => (d === -1 ? total / known : d));
		if (product(filled) !== total || !filled.every((d) => Number.isInteger(d) && d >= 1)) {
			node.fail(`cannot reshape ${shapeText(state.shape)} to [${values.join(",")}]`);
		}
		state.shape = [null, ...filled];
	},
};

/** Transpose(perm): moves no values; the permutation joins the layout (a constant input is folded). */
export const transposeImporter: OpImporter = {
	opType: "Transpose",
	read(node, state) {
		node.arity(1, 1);
		node.onlyAttributes("perm");
		const rank = state.shape.length;
		const t = permOf(node, rank);
		if (!onlyTransposed(state)) holdExact(state, node);
		state.perm = t.map((i) => state.perm[i] as number);
		state.shape = transposeShape(state.shape, t);
	},
	fold(node, state) {
		node.arity(1, 1);
		node.onlyAttributes("perm");
		const x = state.constant(node.inputs[0] as string, node);
		state.defineConstant(node.outputs[0] as string, x.transpose(permOf(node, x.rank)).contiguous());
	},
};

function permOf(node: NodeView, rank: number): number[] {
	const reversed = Array.from({ length: rank }, (_, i) => rank - 1 - i);
	const t = node.ints("perm", reversed);
	if (t.length !== rank || new Set(t).size !== rank || !t.every((i) => Number.isInteger(i) && i >= 0 && i < rank)) {
		node.fail(`perm [${t.join(",")}] is not a permutation of ${rank} axes`);
	}
	return t;
}

// The axes of Squeeze/Unsqueeze: an attribute before opset 13, an input from 13.
function axesOf(node: NodeView, state: ImportState, rank: number): number[] | null {
	node.onlyAttributes("axes");
	const given = state.opset >= 13 ? node.inputs[1] : undefined;
	const raw =
		given !== undefined && given !== ""
			? state.ints(given, node).values
			: node.ints("axes", []).length
				? node.ints("axes", [])
				: null;
	if (raw === null) return null;
	return raw.map((a) => {
		const axis = a < 0 ? a + rank : a;
		if (!Number.isInteger(axis) || axis < 0 || axis >= rank) node.fail(`axis ${a} is out of range for rank ${rank}`);
		return axis;
	});
}

/** Squeeze(axes) of axes of size 1 (never the batch). */
export const squeezeImporter: OpImporter = {
	opType: "Squeeze",
	read(node, state) {
		node.arity(1, 2);
		const axes = axesOf(node, state, state.shape.length) ?? state.shape.flatMap((d, i) => (d === 1 ? [i] : []));
		for (const a of axes) {
			if (state.shape[a] !== 1) node.fail(`axis ${a} of ${shapeText(state.shape)} does not have size 1`);
		}
		state.shape = state.shape.filter((_, i) => !axes.includes(i));
	},
};

/** Unsqueeze(axes): new axes of size 1. */
export const unsqueezeImporter: OpImporter = {
	opType: "Unsqueeze",
	read(node, state) {
		node.arity(1, 2);
		const rank = state.shape.length;
		const axes = axesOf(node, state, rank + countAxes(node, state));
		if (axes === null) return node.fail("axes are required");
		const out: Shape = [];
		let next = 0;
		for (let i = 0; i < rank + axes.length; i++) out.push(axes.includes(i) ? 1 : (state.shape[next++] ?? null));
		state.shape = out;
	},
};

// How many axes Unsqueeze adds (the axes count against the output's rank).
function countAxes(node: NodeView, state: ImportState): number {
	const given = state.opset >= 13 ? node.inputs[1] : undefined;
	return given !== undefined && given !== "" ? state.ints(given, node).values.length : node.ints("axes", []).length;
}

/** Pad by nothing (all pads 0, as torch.onnx writes before an AveragePool): the identity. Other pads are refused. */
export const padImporter: OpImporter = {
	opType: "Pad",
	read(node, state) {
		node.arity(1, 4);
		node.onlyAttributes("mode", "pads", "value");
		const pads =
			state.opset >= 11 && (node.inputs[1] ?? "") !== ""
				? state.ints(node.inputs[1] as string, node).values
				: node.ints("pads", []);
		if (!pads.every((p) => p === 0)) {
			node.fail(
				`pads [${pads.join(",")}] are not supported (only a Pad by nothing; a Conv or pool reads its own pads)`,
			);
		}
	},
};
