/**
 * Matrix products with one operand transposed, read in place. Every dense
 * layer's backward multiplies by a transposed matrix (G·Wᵀ and Xᵀ·G); reading
 * the stored matrix directly saves copying it into a transposed buffer first.
 */
import type { TypedArray } from "../dtype";

/**
 * `out[m,n] += aᵀ · b` where `a` is stored dense as [k,m] and `b` dense as [k,n]:
 * for each p, row p of `b` scaled by a[p,i] is added to output row i.
 */
export function matmulTransposedAKernel(
	a: TypedArray,
	b: TypedArray,
	out: TypedArray,
	m: number,
	k: number,
	n: number,
): void {
	for (let p = 0; p < k; p++) {
		const ap = p * m;
		const bp = p * n;
		for (let i = 0; i < m; i++) {
			// No skipping of s === 0: 0 · NaN and 0 · Infinity are NaN, as in the dense kernel.
			const s = a[ap + i] as number;
			const oi = i * n;
			for (let j = 0; j < n; j++) out[oi + j] = (out[oi + j] as number) + s * (b[bp + j] as number);
		}
	}
}

/**
 * `out[m,n] += a · bᵀ` where `a` is stored dense as [m,k] and `b` dense as [n,k]:
 * each output element is the dot product of two contiguous rows.
 */
export function matmulTransposedBKernel(
	a: TypedArray,
	b: TypedArray,
	out: TypedArray,
	m: number,
	k: number,
	n: number,
): void {
	for (let i = 0; i < m; i++) {
		const ai = i * k;
		const oi = i * n;
		for (let j = 0; j < n; j++) {
			const bj = j * k;
			let s0 = 0;
			let s1 = 0;
			let p = 0;
			for (; p + 1 < k; p += 2) {
				s0 += (a[ai + p] as number) * (b[bj + p] as number);
				s1 += (a[ai + p + 1] as number) * (b[bj + p + 1] as number);
			}
			if (p < k) s0 += (a[ai + p] as number) * (b[bj + p] as number);
			out[oi + j] = (out[oi + j] as number) + s0 + s1;
		}
	}
}
