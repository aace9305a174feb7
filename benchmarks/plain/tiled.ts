/**
 * The best plain matrix product we know how to write in JavaScript, for the
 * plain baseline: the same scheme as backprop's kernel (written separately here,
 * since the baseline must not use backprop's internals). Depth blocks of 128;
 * `b` packed into 4-column panels and `a` into 4-row panels as Float64Arrays;
 * each 4×4 tile of the result summed in 16 locals. Operands are read through
 * strides, so the transposed products of an MLP's backward pass need no copy.
 */
import type { TypedArray } from "@backprop/tensor";

/** A matrix read in place: element (r, c) is `data[offset + r·rowStride + c·colStride]`. */
export interface View {
	/** The buffer. */
	data: TypedArray;
	/** Index of element (0, 0). */
	offset: number;
	/** Distance between rows. */
	rowStride: number;
	/** Distance between columns. */
	colStride: number;
}

/** A dense row-major [rows, cols] matrix as a {@link View}. */
export function dense(data: TypedArray, cols: number): View {
	return { data, offset: 0, rowStride: cols, colStride: 1 };
}

/** The transpose of a dense row-major [rows, cols] matrix, as a {@link View} of shape [cols, rows]. */
export function transposed(data: TypedArray, cols: number): View {
	return { data, offset: 0, rowStride: 1, colStride: cols };
}

const KC = 128;
let packedA = new Float64Array(4 * KC);
let packedB = new Float64Array(0);

/** `out[m,n] = A[m,k] · B[k,n]` (out dense row-major, overwritten). */
export function gemmTiled(a: View, b: View, out: TypedArray, m: number, k: number, n: number): void {
	out.fill(0, 0, m * n);
	if (m === 0 || n === 0 || k === 0) return;
	const panels = Math.ceil(n / 4);
	const block = Math.min(KC, k);
	if (packedB.length < panels * block * 4) packedB = new Float64Array(panels * block * 4);
	if (packedA.length < block * 4) packedA = new Float64Array(block * 4);
	const ap = packedA;
	const bp = packedB;
	for (let p0 = 0; p0 < k; p0 += block) {
		const kc = Math.min(block, k - p0);
		// Pack B rows p0..p0+kc into 4-wide column panels.
		for (let jp = 0; jp < panels; jp++) {
			for (let p = 0; p < kc; p++) {
				const s = b.offset + (p0 + p) * b.rowStride;
				const d = (jp * kc + p) * 4;
				for (let c = 0; c < 4; c++) {
					const j = jp * 4 + c;
					bp[d + c] = j < n ? b.data[s + j * b.colStride] : 0;
				}
			}
		}
		for (let i0 = 0; i0 < m; i0 += 4) {
			const rows = Math.min(4, m - i0);
			for (let p = 0; p < kc; p++) {
				for (let r = 0; r < 4; r++) {
					ap[p * 4 + r] = r < rows ? a.data[a.offset + (i0 + r) * a.rowStride + (p0 + p) * a.colStride] : 0;
				}
			}
			for (let jp = 0; jp < panels; jp++) {
				let bi = jp * kc * 4;
				let c00 = 0;
				let c01 = 0;
				let c02 = 0;
				let c03 = 0;
				let c10 = 0;
				let c11 = 0;
				let c12 = 0;
				let c13 = 0;
				let c20 = 0;
				let c21 = 0;
				let c22 = 0;
				let c23 = 0;
				let c30 = 0;
				let c31 = 0;
				let c32 = 0;
				let c33 = 0;
				const end = kc * 4;
				for (let ai = 0; ai < end; ai += 4, bi += 4) {
					const b0 = bp[bi];
					const b1 = bp[bi + 1];
					const b2 = bp[bi + 2];
					const b3 = bp[bi + 3];
					const a0 = ap[ai];
					c00 += a0 * b0;
					c01 += a0 * b1;
					c02 += a0 * b2;
					c03 += a0 * b3;
					const a1 = ap[ai + 1];
					c10 += a1 * b0;
					c11 += a1 * b1;
					c12 += a1 * b2;
					c13 += a1 * b3;
					const a2 = ap[ai + 2];
					c20 += a2 * b0;
					c21 += a2 * b1;
					c22 += a2 * b2;
					c23 += a2 * b3;
					const a3 = ap[ai + 3];
					c30 += a3 * b0;
					c31 += a3 * b1;
					c32 += a3 * b2;
					c33 += a3 * b3;
				}
				const sums = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
				const j0 = jp * 4;
				const cols = Math.min(4, n - j0);
				for (let r = 0; r < rows; r++) {
					const o = (i0 + r) * n + j0;
					for (let c = 0; c < cols; c++) out[o + c] = out[o + c] + sums[r * 4 + c];
				}
			}
		}
	}
}
