/**
 * Strided and broadcast operands through ndarray-ops, whose loops are compiled
 * per shape and stride pattern (with `new Function`, so a page with a strict
 * Content-Security-Policy cannot run this path).
 */
import type { NdArray } from "ndarray";
import ops from "ndarray-ops";
import type { TypedArray } from "../../dtype";
import { ndview } from "../../ndview";
import type { BinaryOpName, StridedView } from "../backend";

type NdOp = (out: NdArray, a: NdArray, b: NdArray) => unknown;

// ndarray-ops' loop for each binary op.
const ndOps: Record<BinaryOpName, NdOp> = {
	add: ops.add,
	sub: ops.sub,
	mul: ops.mul,
	div: ops.div,
	pow: ops.pow,
	maximum: ops.max,
	minimum: ops.min,
	eq: ops.eq,
	ne: ops.neq,
	lt: ops.lt,
	le: ops.leq,
	gt: ops.gt,
	ge: ops.geq,
};

function asNdArray(v: StridedView): NdArray<TypedArray> {
	return ndview(v.data, v.shape as number[], v.stride as number[], v.offset);
}

/** See {@link Kernels.binaryStrided}. */
export function binaryStrided(op: BinaryOpName, out: StridedView, a: StridedView, b: StridedView): void {
	if (out.shape.includes(0)) return;
	ndOps[op](asNdArray(out), asNdArray(a), asNdArray(b));
}

/** See {@link Kernels.copy}. */
export function copy(out: StridedView, x: StridedView): void {
	if (out.shape.includes(0)) return;
	ops.assign(asNdArray(out), asNdArray(x));
}
