/** Matrix multiplication on top of the backend's matmul kernel. */
import type { StridedMatrix } from "../backends/backend";
import { allocateStorage, kernels } from "../backends/registry";
import { type DType, resultDtype } from "../dtype";
import { formatShape, ShapeError } from "../errors";
import { broadcastShapes, sameShape, sizeOf } from "../shape";
import { denseData, fromData, type Tensor, viewOf } from "../tensor";
import { checkTensor } from "./operand";
import { astype, broadcastTo, reshape } from "./shape";

/**
 * The matrix product `a · b`. 2-D operands give `[m,k] x [k,n] -> [m,n]`; leading
 * dimensions are batch dimensions and broadcast (NumPy's `matmul`); a 1-D operand
 * is a vector whose dimension is dropped from the result.
 * Throws ShapeError naming both shapes when the inner dimensions differ.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
	checkTensor(a, "matmul");
	checkTensor(b, "matmul");
	if (a.rank === 0 || b.rank === 0) throw new ShapeError(`${shapes(a, b)}: operands must have at least one dimension`);
	const a2 = a.rank === 1 ? reshape(a, [1, a.size]) : a;
	const b2 = b.rank === 1 ? reshape(b, [b.size, 1]) : b;
	const m = a2.shape[a2.rank - 2];
	const k = a2.shape[a2.rank - 1];
	const kb = b2.shape[b2.rank - 2];
	const n = b2.shape[b2.rank - 1];
	if (k !== kb) throw new ShapeError(`${shapes(a, b)}: inner dimensions ${k} and ${kb} differ`);
	const batch =
		a2.rank === 2 && b2.rank === 2 ? [] : broadcastShapes(a2.shape.slice(0, -2), b2.shape.slice(0, -2), "matmul");
	const dtype = resultDtype(a.dtype, b.dtype);
	if (batch.length === 0) {
		// 2-D products read both operands in place through their strides (a transposed weight
		// in a backward pass, a slice of rows): the kernel's packing copies panels anyway.
		const out = allocateStorage(dtype, m * n);
		kernels().matmul(strided(a2), strided(b2), out, m, k, n, 0);
		const product = fromData(out, [m, n]);
		return a.rank === 1 || b.rank === 1 ? reshape(product, resultShape(a, b, batch, m, n)) : product;
	}
	const batches = sizeOf(batch);
	// Batched operands are made dense (broadcast batches materialized), then each product reads its slice.
	const av = denseAs(a2, [...batch, m, k], dtype);
	const bv = denseAs(b2, [...batch, k, n], dtype);
	const out = allocateStorage(dtype, batches * m * n);
	for (let t = 0; t < batches; t++) {
		kernels().matmul(
			{ data: av, offset: t * m * k, rowStride: k, colStride: 1 },
			{ data: bv, offset: t * k * n, rowStride: n, colStride: 1 },
			out,
			m,
			k,
			n,
			t * m * n,
		);
	}
	return fromData(out, resultShape(a, b, batch, m, n));
}

function resultShape(a: Tensor, b: Tensor, batch: readonly number[], m: number, n: number): number[] {
	const shape = [...batch];
	if (a.rank > 1) shape.push(m);
	if (b.rank > 1) shape.push(n);
	return shape;
}

function strided(t: Tensor): StridedMatrix {
	const { data, offset, stride } = viewOf(t);
	return { data, offset, rowStride: stride[0], colStride: stride[1] };
}

function shapes(a: Tensor, b: Tensor): string {
	return `matmul: ${formatShape(a.shape)} x ${formatShape(b.shape)}`;
}

function denseAs(x: Tensor, shape: number[], dtype: DType) {
	const full = sameShape(x.shape, shape) ? x : broadcastTo(x, shape);
	return denseData(full.dtype === dtype ? full : astype(full, dtype));
}
