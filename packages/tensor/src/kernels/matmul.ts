/**
 * The matrix-multiply kernel: `out[m,n] += a[m,k] · b[k,n]` on dense row-major
 * typed arrays. It is the hot path of every dense layer.
 *
 * Loop order i-k-j: the inner loop walks a row of `b` and a row of `out` with
 * unit stride, which V8 compiles to tight scalar code. `k` is unrolled by 4 so
 * each pass over the output row does four multiply-adds per load/store of `out`.
 * Columns are processed in blocks so the rows of `b` being reused stay in cache
 * for large matrices. Measurements behind these choices: benchmarks/README.md.
 */
import type { TypedArray } from "../dtype";

const COLUMN_BLOCK = 512;
const DEPTH_BLOCK = 128;

/** Multiplies dense `a` [m,k] by dense `b` [k,n], accumulating into dense `out` [m,n]. */
export function matmulKernel(
	a: TypedArray,
	b: TypedArray,
	out: TypedArray,
	m: number,
	k: number,
	n: number,
	aOffset = 0,
	bOffset = 0,
	outOffset = 0,
): void {
	for (let j0 = 0; j0 < n; j0 += COLUMN_BLOCK) {
		const j1 = Math.min(j0 + COLUMN_BLOCK, n);
		for (let p0 = 0; p0 < k; p0 += DEPTH_BLOCK) {
			const p1 = Math.min(p0 + DEPTH_BLOCK, k);
			for (let i = 0; i < m; i++) {
				const ai = aOffset + i * k;
				const oi = outOffset + i * n;
				let p = p0;
				for (; p + 3 < p1; p += 4) {
					const a0 = a[ai + p] as number;
					const a1 = a[ai + p + 1] as number;
					const a2 = a[ai + p + 2] as number;
					const a3 = a[ai + p + 3] as number;
					const b0 = bOffset + p * n;
					const b1 = b0 + n;
					const b2 = b1 + n;
					const b3 = b2 + n;
					for (let j = j0; j < j1; j++) {
						out[oi + j] =
							(out[oi + j] as number) +
							a0 * (b[b0 + j] as number) +
							a1 * (b[b1 + j] as number) +
							a2 * (b[b2 + j] as number) +
							a3 * (b[b3 + j] as number);
					}
				}
				for (; p < p1; p++) {
					const ap = a[ai + p] as number;
					const bp = bOffset + p * n;
					for (let j = j0; j < j1; j++) out[oi + j] = (out[oi + j] as number) + ap * (b[bp + j] as number);
				}
			}
		}
	}
}
