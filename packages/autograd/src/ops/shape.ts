/** Shape ops, each forward beside its backward. */
import { normalizeAxis, type Tensor, zeros } from "@backprop/tensor";
import { defineOp } from "../define-op";
import type { Operand, Variable } from "../variable";
import { unbroadcast } from "./unbroadcast";

const transposeOp = defineOp<{ perm: readonly number[] | undefined }>({
	name: "transpose",
	forward: ([x], { perm }) => (x as Tensor).transpose(perm),
	// The gradient moves back through the inverse permutation.
	backward: (g, { inputs: [x], attrs: { perm } }) => {
		const p = perm ?? (x as Tensor).shape.map((_, i, s) => s.length - 1 - i);
		return [g.transpose(p.map((_, i) => p.indexOf(i)))];
	},
});

const reshapeOp = defineOp<{ shape: readonly number[] }>({
	name: "reshape",
	forward: ([x], { shape }) => (x as Tensor).reshape(shape),
	// Same elements, same order: the gradient takes the input's shape back.
	backward: (g, { inputs: [x] }) => [g.reshape((x as Tensor).shape)],
});

const broadcastToOp = defineOp<{ shape: readonly number[] }>({
	name: "broadcastTo",
	forward: ([x], { shape }) => (x as Tensor).broadcastTo(shape),
	// Each repeated element collects the gradient of all its copies.
	backward: (g, { inputs: [x] }) => [unbroadcast(g, (x as Tensor).shape)],
});

interface SliceAttrs {
	start: number;
	end: number | undefined;
	axis: number;
}

const sliceOp = defineOp<SliceAttrs>({
	name: "slice",
	forward: ([x], { start, end, axis }) => (x as Tensor).slice(start, end, axis),
	// The gradient lands where the slice came from; zero elsewhere.
	backward: (g, { inputs: [x], attrs: { start, axis } }) => {
		const t = x as Tensor;
		const ax = normalizeAxis(axis, t.rank, "slice");
		const n = t.shape[ax] as number;
		const lo = Math.min(Math.max(start < 0 ? start + n : start, 0), n);
		const part = (len: number) => {
			const shape = t.shape.slice();
			shape[ax] = len;
			return zeros(shape, { dtype: g.dtype });
		};
		return [part(lo).concat([g, part(n - lo - (g.shape[ax] as number))], ax)];
	},
});

const gatherOp = defineOp<{ indices: ArrayLike<number>; axis: number }>({
	name: "gather",
	forward: ([x], { indices, axis }) => (x as Tensor).gather(indices, axis),
	// Scatter-add: entry i of the input receives the gradients of every row that copied it.
	backward: (g, { inputs: [x], attrs: { indices, axis } }) => {
		const t = x as Tensor;
		const ax = normalizeAxis(axis, t.rank, "gather");
		const n = t.shape[ax] as number;
		const perm = [ax, ...t.shape.map((_, i) => i).filter((i) => i !== ax)];
		const moved = g.transpose(perm);
		const rows = moved.values();
		const row = n === 0 ? 0 : t.size / n;
		const acc = zeros([n, row], { dtype: g.dtype });
		const out = acc.array.data;
		for (let j = 0; j < indices.length; j++) {
			const raw = indices[j] as number;
			const at = (raw < 0 ? raw + n : raw) * row;
			for (let c = 0; c < row; c++) out[at + c] = (out[at + c] as number) + (rows[j * row + c] as number);
		}
		const shape = perm.map((p) => t.shape[p] as number);
		return [acc.reshape(shape).transpose(perm.map((_, i) => perm.indexOf(i)))];
	},
});

const concatOp = defineOp<{ axis: number }>({
	name: "concat",
	forward: (xs, { axis }) => (xs[0] as Tensor).concat(xs.slice(1), axis),
	// Each input takes back its own stretch of the gradient.
	backward: (g, { inputs, attrs: { axis }, needsGrad }) => {
		const ax = normalizeAxis(axis, g.rank, "concat");
		let at = 0;
		return inputs.map((t, i) => {
			const len = t.shape[ax] as number;
			const piece = needsGrad[i] ? g.slice(at, at + len, ax) : null;
			at += len;
			return piece;
		});
	},
});

/** Permutes dimensions (reversed when omitted). Throws ShapeError for a bad permutation. */
export const transpose = (x: Operand, perm?: readonly number[]): Variable => transposeOp([x], { perm });
/** The same elements in `shape` (one -1 allowed). Throws ShapeError when sizes differ. */
export const reshape = (x: Operand, shape: readonly number[]): Variable => reshapeOp([x], { shape });
/** Broadcasts to `shape`. Throws ShapeError when NumPy's rules forbid it. */
export const broadcastTo = (x: Operand, shape: readonly number[]): Variable => broadcastToOp([x], { shape });
/** Elements `start..end` (exclusive, Python bounds) along `axis`. */
export const slice = (x: Operand, start: number, end?: number, axis = 0): Variable =>
	sliceOp([x], { start, end, axis });
/** Entries at `indices` along `axis`; repeated indices add their gradients. Throws ShapeError out of range. */
export const gather = (x: Operand, indices: ArrayLike<number>, axis = 0): Variable =>
	gatherOp([x], { indices: Array.from(indices), axis });
/** Joins operands along `axis`. Throws ShapeError when other dimensions differ. */
export const concat = (xs: readonly Operand[], axis = 0): Variable => concatOp(xs, { axis });
