/** Shape rows of the op table: forward and gradient side by side. */

import { zeros } from "../create";
import type { DType } from "../dtype";
import { type Paddings, pad, unpad } from "../ops/pad";
import type { OpRow } from "../ops/row";
import {
	astype,
	broadcastTo,
	clampIndex,
	clone,
	concat,
	contiguous,
	gather,
	inversePermutation,
	reshape,
	scatterAdd,
	slice,
	transpose,
} from "../ops/shape";
import { unbroadcast } from "../ops/unbroadcast";
import { normalizeAxis } from "../shape";
import type { Tensor } from "../tensor";

/** Reshaping, slicing, joining and casting. */
export const shapeRows = {
	// The gradient moves back through the inverse permutation.
	transpose: {
		arity: 1,
		fn: transpose,
		grad: (g, { inputs: [x], attrs: [perm] }) => {
			const p = (perm as readonly number[] | undefined) ?? x.shape.map((_, i, s) => s.length - 1 - i);
			return [g.transpose(inversePermutation(p))];
		},
	},
	// Same elements, same order: the gradient takes the input's shape back.
	reshape: { arity: 1, fn: reshape, grad: (g, { inputs: [x] }) => [g.reshape(x.shape)] },
	flatten: { arity: 1, fn: (x: Tensor) => x.reshape([-1]), grad: "composite" },
	// Each repeated element collects the gradient of all its copies.
	broadcastTo: { arity: 1, fn: broadcastTo, grad: (g, { inputs: [x] }) => [unbroadcast(g, x.shape)] },
	// The gradient lands where the slice came from; zero elsewhere.
	slice: {
		arity: 1,
		fn: slice,
		grad: (g, { inputs: [x], attrs: [start, , axis = 0] }) => {
			const t = x;
			const ax = normalizeAxis(axis as number, t.rank, "slice");
			const n = t.shape[ax];
			const lo = clampIndex(start as number, n);
			const part = (len: number) => {
				const shape = t.shape.slice();
				shape[ax] = len;
				return zeros(shape, { dtype: g.dtype });
			};
			return [part(lo).concat([g, part(n - lo - g.shape[ax])], ax)];
		},
	},
	// Scatter-add: entry i of the input receives the gradients of every entry that copied it.
	gather: {
		arity: 1,
		fn: gather,
		grad: (g, { inputs: [x], attrs: [indices, axis = 0] }) => {
			const t = x;
			const ax = normalizeAxis(axis as number, t.rank, "gather");
			const n = t.shape[ax];
			const idx = Array.from(indices as ArrayLike<number>, (i) => (i < 0 ? i + n : i));
			return [scatterAdd(g, idx, ax, t.shape)];
		},
	},
	// Each input takes back its own stretch of the gradient.
	concat: {
		arity: 1,
		variadic: true,
		fn: concat,
		grad: (g, { inputs, attrs: [axis = 0], needsGrad }) => {
			const ax = normalizeAxis(axis as number, g.rank, "concat");
			let at = 0;
			return inputs.map((t, i) => {
				const len = t.shape[ax];
				const piece = needsGrad[i] ? g.slice(at, at + len, ax) : null;
				at += len;
				return piece;
			});
		},
	},
	// The gradient is the interior the input occupies; none to the padding.
	pad: {
		arity: 1,
		fn: pad,
		grad: (g, { inputs: [x], attrs: [paddings] }) => [unpad(g, x, paddings as Paddings)],
	},
	// The gradient is cast back to the input's dtype.
	astype: {
		arity: 1,
		fn: astype,
		grad: (g, { inputs: [x] }) => [g.astype(x.dtype as DType)],
	},
	clone: { arity: 1, fn: clone, grad: (g) => [g] },
	contiguous: { arity: 1, fn: contiguous, grad: (g) => [g] },
} satisfies Record<string, OpRow>;
