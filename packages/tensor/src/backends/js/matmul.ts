/**
 * The matrix-multiply kernel: `out[m,n] += a[m,k] · b[k,n]` on dense row-major
 * typed arrays. It is the hot path of every dense layer.
 *
 * Large products run a packed, register-tiled loop (the GotoBLAS scheme in
 * plain JS): the depth is cut into blocks of `DEPTH_BLOCK`; in each block `b`
 * is copied into column panels `NR` wide and each group of `MR` rows of `a`
 * into a row panel, both as contiguous Float64Arrays; then every MR×NR tile of
 * `out` is accumulated in 16 local variables while one pass walks the two
 * panels with unit stride. Per step of the inner loop that is 8 loads for 16
 * multiply-adds, where an i-k-j loop does 5 loads and a store for 4. Because
 * the panels are always Float64Array, the inner loop sees one element type
 * whatever the dtype (V8 keeps it monomorphic), and float32 products are
 * accumulated in float64 and rounded once.
 *
 * Products too small or too thin for tiles (fewer than MR rows or NR columns,
 * or little work) run a direct i-k-j loop with k unrolled by 4, which needs no
 * packing. Within one depth block both paths add the products in order of k,
 * exactly as the textbook loop does. Measurements: benchmarks/README.md.
 *
 * `matmulKernelStrided` runs the same kernels on operands read in place through
 * strides, e.g. a transposed weight or input in a dense layer's backward pass:
 * packing copies each panel anyway, so a transpose costs nothing extra there.
 */
import type { TypedArray } from "../../dtype";
import type { StridedMatrix } from "../backend";

/** Rows per register tile. */
const MR = 4;
/** Columns per register tile. */
const NR = 4;
/** Depth per packed block: an MR×DEPTH_BLOCK row panel (4 KiB) stays in L1. */
const DEPTH_BLOCK = 128;
/** Below this many multiply-adds the direct loop is faster than packing. */
const SMALL_WORK = 8 * 8 * 8;
/** Packing buffers up to this many elements (8 MiB) are kept for the next call. */
const KEEP_SCRATCH = 1 << 20;

// One pair of packing buffers for every call: the kernel is synchronous and calls
// nothing outside this file, so no two products ever use them at once.

let scratchA = new Float64Array(MR * DEPTH_BLOCK);
let scratchB = new Float64Array(0);

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
	if (m === 0 || n === 0 || k === 0) return;
	if (m < MR || n < NR || m * n * k < SMALL_WORK) directKernel(a, b, out, m, k, n, aOffset, bOffset, outOffset);
	else {
		const sa: StridedMatrix = { data: a, offset: aOffset, rowStride: k, colStride: 1 };
		const sb: StridedMatrix = { data: b, offset: bOffset, rowStride: n, colStride: 1 };
		packedKernel(sa, sb, out, m, k, n, outOffset);
	}
}

/**
 * `out[m,n] += A[m,k] · B[k,n]` with A and B read through strides (`out` dense
 * row-major from `outOffset`). A transposed operand is a stride swap: for
 * `Xᵀ` with X dense [k,m], pass `{ data, offset, rowStride: 1, colStride: m }`.
 */
export function matmulKernelStrided(
	a: StridedMatrix,
	b: StridedMatrix,
	out: TypedArray,
	m: number,
	k: number,
	n: number,
	outOffset = 0,
): void {
	if (m === 0 || n === 0 || k === 0) return;
	if (a.colStride === 1 && a.rowStride === k && b.colStride === 1 && b.rowStride === n) {
		matmulKernel(a.data, b.data, out, m, k, n, a.offset, b.offset, outOffset);
	} else if (m < MR || n < NR || m * n * k < SMALL_WORK) directStridedKernel(a, b, out, m, k, n, outOffset);
	else packedKernel(a, b, out, m, k, n, outOffset);
}

/** i-k-j with k unrolled by 4: the inner loop runs along rows of `b` and `out` with unit stride. */
function directKernel(
	a: TypedArray,
	b: TypedArray,
	out: TypedArray,
	m: number,
	k: number,
	n: number,
	aOffset: number,
	bOffset: number,
	outOffset: number,
): void {
	for (let i = 0; i < m; i++) {
		const ai = aOffset + i * k;
		const oi = outOffset + i * n;
		const oEnd = oi + n;
		let p = 0;
		for (; p + 3 < k; p += 4) {
			const a0 = a[ai + p];
			const a1 = a[ai + p + 1];
			const a2 = a[ai + p + 2];
			const a3 = a[ai + p + 3];
			let b0 = bOffset + p * n;
			for (let o = oi; o < oEnd; o++, b0++) {
				out[o] = out[o] + a0 * b[b0] + a1 * b[b0 + n] + a2 * b[b0 + 2 * n] + a3 * b[b0 + 3 * n];
			}
		}
		for (; p < k; p++) {
			const ap = a[ai + p];
			let bp = bOffset + p * n;
			for (let o = oi; o < oEnd; o++, bp++) out[o] = out[o] + ap * b[bp];
		}
	}
}

/** i-k-j over strided operands, for products too small or thin to tile. */
function directStridedKernel(
	a: StridedMatrix,
	b: StridedMatrix,
	out: TypedArray,
	m: number,
	k: number,
	n: number,
	outOffset: number,
): void {
	const { data: ad, rowStride: ars, colStride: acs } = a;
	const { data: bd, rowStride: brs, colStride: bcs } = b;
	for (let i = 0; i < m; i++) {
		const ai = a.offset + i * ars;
		const oi = outOffset + i * n;
		for (let p = 0; p < k; p++) {
			const ap = ad[ai + p * acs];
			const bp = b.offset + p * brs;
			for (let j = 0; j < n; j++) out[oi + j] = out[oi + j] + ap * bd[bp + j * bcs];
		}
	}
}

/** A Float64Array of at least `length` elements, reused across calls when small enough to keep. */
function scratch(kind: "a" | "b", length: number): Float64Array {
	const current = kind === "a" ? scratchA : scratchB;
	if (current.length >= length) return current;
	const fresh = new Float64Array(length);
	if (length <= KEEP_SCRATCH) {
		if (kind === "a") scratchA = fresh;
		else scratchB = fresh;
	}
	return fresh;
}

/**
 * Copies rows p0..p0+kc of B into column panels: panel `jp` holds columns
 * jp·NR.. jp·NR+NR-1 as `kc` consecutive groups of NR values (zero past column n).
 */
function packB(b: StridedMatrix, n: number, p0: number, kc: number, dst: Float64Array): void {
	const { data, rowStride, colStride } = b;
	const panels = Math.ceil(n / NR);
	for (let jp = 0; jp < panels; jp++) {
		const j0 = jp * NR;
		const cols = Math.min(NR, n - j0);
		let d = jp * kc * NR;
		for (let p = 0; p < kc; p++, d += NR) {
			const s = b.offset + (p0 + p) * rowStride + j0 * colStride;
			if (cols === NR && colStride === 1) {
				dst[d] = data[s];
				dst[d + 1] = data[s + 1];
				dst[d + 2] = data[s + 2];
				dst[d + 3] = data[s + 3];
			} else {
				for (let c = 0; c < NR; c++) dst[d + c] = c < cols ? data[s + c * colStride] : 0;
			}
		}
	}
}

/** Copies rows i0..i0+MR-1, depth p0..p0+kc-1 of A as `kc` groups of MR values (zero past row m). */
function packA(a: StridedMatrix, m: number, i0: number, p0: number, kc: number, dst: Float64Array): void {
	const { data, rowStride, colStride } = a;
	const rows = Math.min(MR, m - i0);
	for (let r = 0; r < MR; r++) {
		if (r < rows) {
			const s = a.offset + (i0 + r) * rowStride + p0 * colStride;
			for (let p = 0; p < kc; p++) dst[p * MR + r] = data[s + p * colStride];
		} else {
			for (let p = 0; p < kc; p++) dst[p * MR + r] = 0;
		}
	}
}

/**
 * The packed, tiled product. For each depth block: pack `b`; for each MR rows:
 * pack `a`; for each NR columns: accumulate the tile in locals, then add it to
 * `out`. (The tile loop is written inline: as a separate function V8 does not
 * inline it, and the call costs about 10% at n = 256.)
 */
function packedKernel(
	a: StridedMatrix,
	b: StridedMatrix,
	out: TypedArray,
	m: number,
	k: number,
	n: number,
	outOffset: number,
): void {
	const panels = Math.ceil(n / NR);
	const block = Math.min(DEPTH_BLOCK, k);
	const bp = scratch("b", panels * block * NR);
	const ap = scratch("a", block * MR);
	for (let p0 = 0; p0 < k; p0 += block) {
		const kc = Math.min(block, k - p0);
		packB(b, n, p0, kc, bp);
		for (let i0 = 0; i0 < m; i0 += MR) {
			packA(a, m, i0, p0, kc, ap);
			const rows = Math.min(MR, m - i0);
			for (let jp = 0; jp < panels; jp++) {
				const j0 = jp * NR;
				let bi = jp * kc * NR;
				let o = outOffset + i0 * n + j0;
				const cols = Math.min(NR, n - j0);
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
				const end = kc * MR;
				for (let ai = 0; ai < end; ai += MR, bi += NR) {
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
				if (rows === MR && cols === NR) {
					out[o] = out[o] + c00;
					out[o + 1] = out[o + 1] + c01;
					out[o + 2] = out[o + 2] + c02;
					out[o + 3] = out[o + 3] + c03;
					o += n;
					out[o] = out[o] + c10;
					out[o + 1] = out[o + 1] + c11;
					out[o + 2] = out[o + 2] + c12;
					out[o + 3] = out[o + 3] + c13;
					o += n;
					out[o] = out[o] + c20;
					out[o + 1] = out[o + 1] + c21;
					out[o + 2] = out[o + 2] + c22;
					out[o + 3] = out[o + 3] + c23;
					o += n;
					out[o] = out[o] + c30;
					out[o + 1] = out[o + 1] + c31;
					out[o + 2] = out[o + 2] + c32;
					out[o + 3] = out[o + 3] + c33;
					continue;
				}
				// An edge tile: only its part inside `out`.
				const sums = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
				for (let r = 0; r < rows; r++) {
					for (let c = 0; c < cols; c++) out[o + r * n + c] = out[o + r * n + c] + sums[r * NR + c];
				}
			}
		}
	}
}
