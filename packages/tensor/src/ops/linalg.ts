/** Matrix multiplication on top of the dense kernel in kernels/matmul.ts. */
import { allocate, resultDtype } from "../dtype";
import { formatShape, ShapeError } from "../errors";
import { matmulKernel, matmulKernelStrided, type StridedMatrix } from "../kernels/matmul";
import { broadcastShapes, sameShape, sizeOf } from "../shape";
import { Tensor } from "../tensor";
import { checkTensor } from "./operand";

/**
 * The matrix product `a · b`. 2-D operands give `[m,k] x [k,n] -> [m,n]`; leading
 * dimensions are batch dimensions and broadcast (NumPy's `matmul`); a 1-D operand
 * is a vector whose dimension is dropped from the result.
 * Throws ShapeError naming both shapes when the inner dimensions differ.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
	checkTensor(a, "matmul");
	checkTensor(b, "matmul");
	if (a.rank === 0 || b.rank === 0) throw new ShapeError(`${where(a, b)}: operands must have at least one dimension`);
	const a2 = a.rank === 1 ? a.reshape([1, a.size]) : a;
	const b2 = b.rank === 1 ? b.reshape([b.size, 1]) : b;
	const m = a2.shape[a2.rank - 2] as number;
	const k = a2.shape[a2.rank - 1] as number;
	const kb = b2.shape[b2.rank - 2] as number;
	const n = b2.shape[b2.rank - 1] as number;
	if (k !== kb) throw new ShapeError(`${where(a, b)}: inner dimensions ${k} and ${kb} differ`);
	const batch =
		a2.rank === 2 && b2.rank === 2 ? [] : broadcastShapes(a2.shape.slice(0, -2), b2.shape.slice(0, -2), "matmul");
	const dtype = resultDtype(a.dtype, b.dtype);
	if (batch.length === 0) {
		const product = matmul2d(a2, b2, m, k, n, dtype);
		return a.rank === 1 || b.rank === 1 ? product.reshape(resultShape(a, b, batch, m, n)) : product;
	}
	const batches = sizeOf(batch);
	// The kernel wants dense operands of the output dtype; broadcast batches are materialized.
	const av = denseAs(a2, [...batch, m, k], dtype);
	const bv = denseAs(b2, [...batch, k, n], dtype);
	const out = allocate(dtype, batches * m * n);
	for (let t = 0; t < batches; t++) matmulKernel(av, bv, out, m, k, n, t * m * k, t * k * n, t * m * n);
	return Tensor.fromTypedArray(out, resultShape(a, b, batch, m, n));
}

function resultShape(a: Tensor, b: Tensor, batch: readonly number[], m: number, n: number): number[] {
	const shape = [...batch];
	if (a.rank > 1) shape.push(m);
	if (b.rank > 1) shape.push(n);
	return shape;
}

// 2-D products read both operands in place through their strides (a transposed weight
// in a backward pass, a slice of rows): the kernel's packing copies panels anyway.
function matmul2d(a: Tensor, b: Tensor, m: number, k: number, n: number, dtype: Tensor["dtype"]): Tensor {
	const out = allocate(dtype, m * n);
	matmulKernelStrided(strided(a), strided(b), out, m, k, n);
	return Tensor.fromTypedArray(out, [m, n]);
}

function strided(t: Tensor): StridedMatrix {
	const { data, offset, stride } = t.array;
	return { data, offset, rowStride: stride[0] as number, colStride: stride[1] as number };
}

function where(a: Tensor, b: Tensor): string {
	return `matmul: ${formatShape(a.shape)} x ${formatShape(b.shape)}`;
}

function denseAs(x: Tensor, shape: number[], dtype: Tensor["dtype"]) {
	const full = sameShape(x.shape, shape) ? x : x.broadcastTo(shape);
	return full.astype(dtype).values();
}
