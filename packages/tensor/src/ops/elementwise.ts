/**
 * Elementwise forwards. Dense operands of one shape run the backend's dense
 * kernels; a number (or a rank-0 tensor) runs the scalar kernel; a bias repeated
 * over rows the row kernel; anything else the strided kernel over stride-0
 * broadcast views, so nothing is copied to broadcast. Every kernel here writes its
 * whole result, so results come from `outputArray` (no zeroing first).
 */
import type { ArithmeticOpName, BinaryOpName, FusedGradName, UnaryOpName } from "../backends/backend";
import { allocateStorage, kernels } from "../backends/registry";
import { resultDtype } from "../dtype";
import { broadcastShapes, sameShape } from "../shape";
import { fromData, fromView, isDense, type Tensor, type TensorLike, viewOf } from "../tensor";
import { broadcastView, checkOperand, checkTensor, outputArray } from "./operand";

const ROW_OPS: ReadonlySet<string> = new Set<ArithmeticOpName>([
	"add",
	"sub",
	"mul",
	"div",
	"pow",
	"maximum",
	"minimum",
]);

/** `op(a, b)` with NumPy broadcasting. Throws ShapeError if the shapes do not broadcast. */
export function binary(op: BinaryOpName, a: TensorLike, b: TensorLike): Tensor {
	checkOperand(a, op);
	checkOperand(b, op);
	// A plain number takes the other operand's dtype (NumPy's weak scalars).
	const ta = typeof a === "number" ? scalarLike(a, b) : a;
	// A rank-0 operand of the same dtype is a scalar: use the scalar loop, not a broadcast.
	if (typeof b !== "number" && b.rank === 0 && b.dtype === ta.dtype && ta.rank > 0) b = b.item();
	const k = kernels();
	if (typeof b === "number") {
		// A number on the right takes the tensor's dtype too, as scalarLike does on the left.
		if (ta.dtype === "float32") b = Math.fround(b);
		const out = outputArray(ta.dtype, ta.shape);
		if (isDense(ta)) k.binaryScalar(op, viewOf(ta).data, b, out.data);
		else {
			k.copy(out, viewOf(ta));
			k.binaryScalar(op, out.data, b, out.data);
		}
		return fromView(out);
	}
	const dtype = resultDtype(ta.dtype, b.dtype);
	if (sameShape(ta.shape, b.shape)) {
		const out = outputArray(dtype, ta.shape);
		if (isDense(ta) && isDense(b)) k.binary(op, viewOf(ta).data, viewOf(b).data, out.data);
		else k.binaryStrided(op, out, viewOf(ta), viewOf(b));
		return fromView(out);
	}
	const shape = broadcastShapes(ta.shape, b.shape, op);
	const out = outputArray(dtype, shape);
	if (ROW_OPS.has(op) && b.size > 0 && repeatsAlongRows(ta, b, shape)) {
		k.binaryRow(op as ArithmeticOpName, viewOf(ta).data, viewOf(b).data, out.data);
		return fromView(out);
	}
	k.binaryStrided(op, out, broadcastView(ta, shape, op), broadcastView(b, shape, op));
	return fromView(out);
}

// True when a is dense with the result's shape and b, dense, equals a's trailing
// dimensions (leading 1s aside): b repeats along a's rows, e.g. a bias over a batch.
function repeatsAlongRows(a: Tensor, b: Tensor, shape: readonly number[]): boolean {
	if (!sameShape(a.shape, shape) || !isDense(a) || !isDense(b)) return false;
	let first = 0;
	while (first < b.rank && b.shape[first] === 1) first++;
	const tail = b.rank - first;
	for (let i = 0; i < tail; i++) if (b.shape[first + i] !== shape[shape.length - tail + i]) return false;
	return true;
}

function scalarLike(value: number, other: TensorLike): Tensor {
	const data = allocateStorage(typeof other === "number" ? "float64" : other.dtype, 1);
	data[0] = value;
	return fromData(data, []);
}

/** `op(x)` elementwise. Throws TypeError naming the op for a non-tensor. */
export function unary(op: UnaryOpName, x: Tensor): Tensor {
	const t = checkTensor(x, op);
	const out = outputArray(t.dtype, t.shape);
	const k = kernels();
	// Strided input: copy it dense once, then run the loop in place.
	if (isDense(t)) k.unary(op, viewOf(t).data, out.data);
	else {
		k.copy(out, viewOf(t));
		k.unary(op, out.data, out.data);
	}
	return fromView(out);
}

// `t` as a dense array of `dtype` in `shape` (broadcast and cast as needed).
function denseAs(t: Tensor, shape: readonly number[], dtype: Tensor["dtype"]) {
	const full = sameShape(t.shape, shape) ? t : fromView(broadcastView(t, shape, "where"));
	if (isDense(full) && full.dtype === dtype) return viewOf(full).data;
	const out = outputArray(dtype, shape);
	kernels().copy(out, viewOf(full));
	return out.data;
}

/**
 * `a` where `cond` is non-zero, else `b`, all three broadcasting together.
 * Throws ShapeError if the shapes do not broadcast.
 */
export function where(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
	const c = checkOperand(cond, "where");
	checkOperand(a, "where");
	checkOperand(b, "where");
	const ta = typeof a === "number" ? scalarLike(a, typeof b === "number" ? c : b) : a;
	const tb = typeof b === "number" ? scalarLike(b, ta) : b;
	const tc = typeof c === "number" ? scalarLike(c, ta) : c;
	const shape = broadcastShapes(broadcastShapes(tc.shape, ta.shape, "where"), tb.shape, "where");
	const dtype = resultDtype(ta.dtype, tb.dtype);
	const out = outputArray(dtype, shape);
	kernels().where(denseAs(tc, shape, tc.dtype), denseAs(ta, shape, dtype), denseAs(tb, shape, dtype), out.data);
	return fromView(out);
}

/** `x` clamped into [low, high]. Throws a RangeError when low > high. */
export function clip(x: Tensor, low: number, high: number): Tensor {
	if (!(low <= high)) throw new RangeError(`clip: low (${low}) must not exceed high (${high})`);
	return binary("minimum", binary("maximum", x, low), high);
}

/**
 * `fn(value, index)` for every element (row-major index): a user's scalar function
 * over a tensor, e.g. an activation given as `f` and its derivative `df`.
 */
export function mapElements(x: Tensor, fn: (value: number, index: number) => number): Tensor {
	const t = checkTensor(x, "map");
	if (typeof fn !== "function") throw new TypeError("map: expected a function (value, index) => number");
	const out = outputArray(t.dtype, t.shape);
	const k = kernels();
	if (isDense(t)) k.map(viewOf(t).data, fn, out.data);
	else {
		k.copy(out, viewOf(t));
		k.map(out.data, fn, out.data);
	}
	return fromView(out);
}

/**
 * An activation's backward in one pass: `g · y(1-y)` (sigmoid, from the output),
 * `g · (1-y²)` (tanh, from the output), `g · [x > 0]` (relu, from the input).
 * Falls back to the tensor ops when the operands are not dense of one shape.
 */
export function fusedGrad(op: FusedGradName, g: Tensor, saved: Tensor): Tensor {
	if (!sameShape(g.shape, saved.shape) || !isDense(g) || !isDense(saved)) {
		if (op === "sigmoid") return binary("mul", g, binary("mul", saved, binary("add", unary("neg", saved), 1)));
		if (op === "tanh") return binary("mul", g, binary("add", unary("neg", unary("square", saved)), 1));
		return binary("mul", g, binary("gt", saved, 0));
	}
	const out = outputArray(resultDtype(g.dtype, saved.dtype), g.shape);
	kernels().fusedGrad(op, viewOf(g).data, viewOf(saved).data, out.data);
	return fromView(out);
}
