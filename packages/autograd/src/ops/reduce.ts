/** Reductions, each forward beside its backward. */
import { type Axis, normalizeAxes, sizeOf, Tensor } from "@backprop/tensor";
import { defineOp } from "../define-op";
import type { Operand, Variable } from "../variable";

interface ReduceAttrs {
	axis: Axis | undefined;
	keepDims: boolean;
}

// The reduced result's shape with the reduced axes kept as 1, so it broadcasts against the input.
function keptShape(shape: readonly number[], axis: Axis | undefined): number[] {
	const axes = normalizeAxes(axis, shape.length, "reduce");
	return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

// dL/dx of a reduction: the output gradient spread back over the reduced axes.
function spread(g: Tensor, x: Tensor, axis: Axis | undefined): Tensor {
	return g.reshape(keptShape(x.shape, axis)).broadcastTo(x.shape);
}

const sumOp = defineOp<ReduceAttrs>({
	name: "sum",
	forward: ([x], { axis, keepDims }) => (x as Tensor).sum(axis, keepDims),
	// d(Σx)/dx_i = 1: every element receives the gradient of its sum
	backward: (g, { inputs: [x], attrs: { axis } }) => [spread(g, x as Tensor, axis)],
});

const meanOp = defineOp<ReduceAttrs>({
	name: "mean",
	forward: ([x], { axis, keepDims }) => (x as Tensor).mean(axis, keepDims),
	// d(Σx/n)/dx_i = 1/n
	backward: (g, { inputs: [x], output, attrs: { axis } }) => {
		const t = x as Tensor;
		const n = output.size === 0 ? 1 : t.size / output.size;
		return [spread(g, t, axis).div(n)];
	},
});

// 1 at the first maximal (or minimal) element of each reduced group, 0 elsewhere.
function firstExtremeMask(x: Tensor, axis: Axis | undefined, kind: "max" | "min"): Tensor {
	const axes = normalizeAxes(axis, x.rank, kind);
	const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
	const perm = [...kept, ...axes];
	const moved = x.transpose(perm);
	const data = moved.values();
	const inner = sizeOf(axes.map((a) => x.shape[a] as number));
	const mask = new Float64Array(x.size);
	for (let base = 0; base < x.size; base += inner) {
		let best = base;
		for (let i = base + 1; i < base + inner; i++) {
			const v = data[i] as number;
			const m = data[best] as number;
			if (kind === "max" ? v > m : v < m) best = i;
		}
		mask[best] = 1;
	}
	const inverse = perm.map((_, i) => perm.indexOf(i));
	return Tensor.fromTypedArray(mask, moved.shape).transpose(inverse).astype(x.dtype);
}

function extremeOp(kind: "max" | "min") {
	return defineOp<ReduceAttrs>({
		name: kind,
		forward: ([x], { axis, keepDims }) => (x as Tensor)[kind](axis, keepDims),
		// The gradient goes to the first extreme element of each group (a subgradient at ties).
		backward: (g, { inputs: [x], attrs: { axis } }) => {
			const t = x as Tensor;
			return [spread(g, t, axis).mul(firstExtremeMask(t, axis, kind))];
		},
	});
}
const maxOp = extremeOp("max");
const minOp = extremeOp("min");

/** Sum over `axis` (all axes when omitted). Throws ShapeError for a bad axis. */
export const sum = (x: Operand, axis?: Axis, keepDims = false): Variable => sumOp([x], { axis, keepDims });
/** Mean over `axis` (all axes when omitted). Throws ShapeError for a bad axis. */
export const mean = (x: Operand, axis?: Axis, keepDims = false): Variable => meanOp([x], { axis, keepDims });
/** Maximum over `axis`; the gradient goes to the first maximal element. */
export const max = (x: Operand, axis?: Axis, keepDims = false): Variable => maxOp([x], { axis, keepDims });
/** Minimum over `axis`; the gradient goes to the first minimal element. */
export const min = (x: Operand, axis?: Axis, keepDims = false): Variable => minOp([x], { axis, keepDims });
