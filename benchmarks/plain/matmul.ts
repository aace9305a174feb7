/**
 * The textbook fast loop for a dense product: row-major, i-k-j order (the inner
 * loop runs along rows with unit stride), k unrolled by 4. The plain baseline
 * reports it next to the tiled kernel (tiled.ts) as the `ikj` variant.
 */
import type { TypedArray } from "@backprop/tensor";

/** `out[m,n] = a[m,k] · b[k,n]` (out is overwritten). */
export function gemm(a: TypedArray, b: TypedArray, out: TypedArray, m: number, k: number, n: number): void {
	out.fill(0, 0, m * n);
	for (let i = 0; i < m; i++) {
		const ai = i * k;
		const oi = i * n;
		let p = 0;
		for (; p + 3 < k; p += 4) {
			const a0 = a[ai + p];
			const a1 = a[ai + p + 1];
			const a2 = a[ai + p + 2];
			const a3 = a[ai + p + 3];
			const b0 = p * n;
			const b1 = b0 + n;
			const b2 = b1 + n;
			const b3 = b2 + n;
			for (let j = 0; j < n; j++) {
				out[oi + j] = out[oi + j] + a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
			}
		}
		for (; p < k; p++) {
			const ap = a[ai + p];
			const bp = p * n;
			for (let j = 0; j < n; j++) out[oi + j] = out[oi + j] + ap * b[bp + j];
		}
	}
}
