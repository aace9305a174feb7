// out[m×n] += A[m×k] · B[k×n], A and B read through element strides (a transposed
// operand is a stride swap), `out` dense row-major. The GotoBLAS scheme: for each
// NC-column block and KC-deep block, B is packed into NR-wide column panels; for each
// MC-row block, A into MR-high row panels (unless its rows are contiguous: then the
// micro-kernel reads them in place, which measured 2-4% faster than packing); then a
// register-tiled micro-kernel walks the panels. V8 gives WebAssembly SIMD about 15 vector
// registers: a tile of 8 accumulators plus 4 B vectors and 2 broadcast A values fits
// (larger tiles or an unrolled depth loop spill and run at a fifth of the speed).
// Edge tiles are computed whole on zero-padded panels and only their inside is added.

/** float32 tile: 2 rows × 16 columns (8 f32x4 accumulators). */
const MR32 = 2;
const NR32 = 16;
const KC32 = 256;
const MC32 = 64;
const NC32 = 256;
/** float64 tile: 2 rows × 8 columns (8 f64x2 accumulators); KC64 = 128 as the js kernel, so sums match it bit for bit. */
const MR64 = 2;
const NR64 = 8;
const KC64 = 128;
const MC64 = 64;
const NC64 = 256;

/** Bytes of packing space the float32 product needs (A block, then B block). */
export function matmulScratchF32(): i32 {
	return (MC32 * KC32 + NC32 * KC32) * 4;
}

/** Bytes of packing space the float64 product needs (A block, then B block). */
export function matmulScratchF64(): i32 {
	return (MC64 * KC64 + NC64 * KC64) * 8;
}

const EDGE: usize = memory.data(MR32 * NR32 * 8, 16);

function packB32(b: usize, brs: i32, bcs: i32, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
	for (let jp = 0; jp < nc; jp += NR32) {
		const cols = min(NR32, nc - jp);
		let src = b + ((<usize>p0 * brs + <usize>(j0 + jp) * bcs) << 2);
		const rowBytes = (<usize>brs) << 2;
		if (cols == NR32 && bcs == 1) {
			for (let p = 0; p < kc; p++) {
				v128.store(dst, v128.load(src));
				v128.store(dst, v128.load(src, 16), 16);
				v128.store(dst, v128.load(src, 32), 32);
				v128.store(dst, v128.load(src, 48), 48);
				dst += NR32 << 2;
				src += rowBytes;
			}
		} else {
			const colBytes = (<usize>bcs) << 2;
			for (let p = 0; p < kc; p++) {
				for (let c = 0; c < NR32; c++) store<f32>(dst + (c << 2), c < cols ? load<f32>(src + <usize>c * colBytes) : 0);
				dst += NR32 << 2;
				src += rowBytes;
			}
		}
	}
}

function packA32(a: usize, ars: i32, acs: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
	const colBytes = (<usize>acs) << 2;
	for (let ip = 0; ip < mc; ip += MR32) {
		if (ars == 1 && ip + MR32 <= mc) {
			// A transposed: the panel's two rows sit side by side in memory, one copy a step.
			let src = a + ((<usize>(i0 + ip) + <usize>p0 * acs) << 2);
			let d = dst;
			for (let p = 0; p < kc; p++) {
				store<u64>(d, load<u64>(src));
				src += colBytes;
				d += MR32 << 2;
			}
			dst += (<usize>(MR32 * kc)) << 2;
			continue;
		}
		for (let r = 0; r < MR32; r++) {
			let d = dst + (r << 2);
			if (ip + r < mc) {
				let src = a + ((<usize>(i0 + ip + r) * ars + <usize>p0 * acs) << 2);
				for (let p = 0; p < kc; p++) {
					store<f32>(d, load<f32>(src));
					src += colBytes;
					d += MR32 << 2;
				}
			} else {
				for (let p = 0; p < kc; p++) {
					store<f32>(d, 0);
					d += MR32 << 2;
				}
			}
		}
		dst += (<usize>(MR32 * kc)) << 2;
	}
}

/**
 * One MR32×NR32 tile of `out` (at `o`, rows `ldo` bytes apart) += A panel · B panel over
 * `kc` ≥ 1 steps: A's two rows are read at `ap` and `ap + aoff`, advancing `astep`
 * bytes a step (a packed panel or A itself through its strides), B from its packed
 * panel. Sums run in order of depth. Only the first `rows`×`cols` entries are added.
 */
@inline
function tile32(ap: usize, aoff: usize, astep: usize, bq: usize, kc: i32, o: usize, ldo: usize, rows: i32, cols: i32): void {
	let a1p = ap + aoff;
	// A do-while on the B pointer: one compare a step less than a counted loop (measured 5-7% faster).
	const bend = bq + ((<usize>kc * NR32) << 2);
	let c00 = f32x4.splat(0);
	let c01 = c00;
	let c02 = c00;
	let c03 = c00;
	let c10 = c00;
	let c11 = c00;
	let c12 = c00;
	let c13 = c00;
	do {
		const b0 = v128.load(bq);
		const b1 = v128.load(bq, 16);
		const b2 = v128.load(bq, 32);
		const b3 = v128.load(bq, 48);
		const a0 = v128.load32_splat(ap);
		c00 = f32x4.add(c00, f32x4.mul(a0, b0));
		c01 = f32x4.add(c01, f32x4.mul(a0, b1));
		c02 = f32x4.add(c02, f32x4.mul(a0, b2));
		c03 = f32x4.add(c03, f32x4.mul(a0, b3));
		const a1 = v128.load32_splat(a1p);
		c10 = f32x4.add(c10, f32x4.mul(a1, b0));
		c11 = f32x4.add(c11, f32x4.mul(a1, b1));
		c12 = f32x4.add(c12, f32x4.mul(a1, b2));
		c13 = f32x4.add(c13, f32x4.mul(a1, b3));
		ap += astep;
		a1p += astep;
		bq += NR32 << 2;
	} while (bq < bend);
	if (rows == MR32 && cols == NR32) {
		v128.store(o, f32x4.add(v128.load(o), c00));
		v128.store(o, f32x4.add(v128.load(o, 16), c01), 16);
		v128.store(o, f32x4.add(v128.load(o, 32), c02), 32);
		v128.store(o, f32x4.add(v128.load(o, 48), c03), 48);
		const o1 = o + ldo;
		v128.store(o1, f32x4.add(v128.load(o1), c10));
		v128.store(o1, f32x4.add(v128.load(o1, 16), c11), 16);
		v128.store(o1, f32x4.add(v128.load(o1, 32), c12), 32);
		v128.store(o1, f32x4.add(v128.load(o1, 48), c13), 48);
	} else {
		v128.store(EDGE, c00);
		v128.store(EDGE, c01, 16);
		v128.store(EDGE, c02, 32);
		v128.store(EDGE, c03, 48);
		v128.store(EDGE, c10, 64);
		v128.store(EDGE, c11, 80);
		v128.store(EDGE, c12, 96);
		v128.store(EDGE, c13, 112);
		for (let r = 0; r < rows; r++) {
			for (let c = 0; c < cols; c++) {
				const at = o + <usize>r * ldo + ((<usize>c) << 2);
				store<f32>(at, load<f32>(at) + load<f32>(EDGE + ((<usize>(r * NR32 + c)) << 2)));
			}
		}
	}
}

/** float32 product; `scratch` holds matmulScratchF32() bytes, 16-aligned. */
export function matmulF32(
	a: usize,
	ars: i32,
	acs: i32,
	b: usize,
	brs: i32,
	bcs: i32,
	out: usize,
	m: i32,
	k: i32,
	n: i32,
	scratch: usize,
): void {
	const packA = scratch;
	const packB = scratch + ((MC32 * KC32) << 2);
	const ldo = (<usize>n) << 2;
	for (let j0 = 0; j0 < n; j0 += NC32) {
		const nc = min(NC32, n - j0);
		for (let p0 = 0; p0 < k; p0 += KC32) {
			const kc = min(KC32, k - p0);
			packB32(b, brs, bcs, p0, kc, j0, nc, packB);
			for (let i0 = 0; i0 < m; i0 += MC32) {
				const mc = min(MC32, m - i0);
				// A with unit column stride is read in place (its rows are contiguous runs); others are packed.
				const inPlace = acs == 1;
				if (!inPlace) packA32(a, ars, acs, i0, mc, p0, kc, packA);
				for (let jp = 0; jp < nc; jp += NR32) {
					const bp = packB + ((<usize>jp * kc) << 2);
					const cols = min(NR32, nc - jp);
					for (let ip = 0; ip < mc; ip += MR32) {
						const rows = min(MR32, mc - ip);
						const o = out + <usize>(i0 + ip) * ldo + ((<usize>(j0 + jp)) << 2);
						if (inPlace) {
							// A one-row edge reads its row twice; the second row's sums are dropped.
							const ap = a + ((<usize>(i0 + ip) * ars + <usize>p0) << 2);
							tile32(ap, rows == MR32 ? (<usize>ars) << 2 : 0, 1 << 2, bp, kc, o, ldo, rows, cols);
						} else {
							tile32(packA + ((<usize>ip * kc) << 2), 1 << 2, MR32 << 2, bp, kc, o, ldo, rows, cols);
						}
					}
				}
			}
		}
	}
}

function packB64(b: usize, brs: i32, bcs: i32, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
	for (let jp = 0; jp < nc; jp += NR64) {
		const cols = min(NR64, nc - jp);
		let src = b + ((<usize>p0 * brs + <usize>(j0 + jp) * bcs) << 3);
		const rowBytes = (<usize>brs) << 3;
		if (cols == NR64 && bcs == 1) {
			for (let p = 0; p < kc; p++) {
				v128.store(dst, v128.load(src));
				v128.store(dst, v128.load(src, 16), 16);
				v128.store(dst, v128.load(src, 32), 32);
				v128.store(dst, v128.load(src, 48), 48);
				dst += NR64 << 3;
				src += rowBytes;
			}
		} else {
			const colBytes = (<usize>bcs) << 3;
			for (let p = 0; p < kc; p++) {
				for (let c = 0; c < NR64; c++) store<f64>(dst + (c << 3), c < cols ? load<f64>(src + <usize>c * colBytes) : 0);
				dst += NR64 << 3;
				src += rowBytes;
			}
		}
	}
}

function packA64(a: usize, ars: i32, acs: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
	const colBytes = (<usize>acs) << 3;
	for (let ip = 0; ip < mc; ip += MR64) {
		if (ars == 1 && ip + MR64 <= mc) {
			// A transposed: the panel's two rows sit side by side in memory, one copy a step.
			let src = a + ((<usize>(i0 + ip) + <usize>p0 * acs) << 3);
			let d = dst;
			for (let p = 0; p < kc; p++) {
				v128.store(d, v128.load(src));
				src += colBytes;
				d += MR64 << 3;
			}
			dst += (<usize>(MR64 * kc)) << 3;
			continue;
		}
		for (let r = 0; r < MR64; r++) {
			let d = dst + (r << 3);
			if (ip + r < mc) {
				let src = a + ((<usize>(i0 + ip + r) * ars + <usize>p0 * acs) << 3);
				for (let p = 0; p < kc; p++) {
					store<f64>(d, load<f64>(src));
					src += colBytes;
					d += MR64 << 3;
				}
			} else {
				for (let p = 0; p < kc; p++) {
					store<f64>(d, 0);
					d += MR64 << 3;
				}
			}
		}
		dst += (<usize>(MR64 * kc)) << 3;
	}
}

/**
 * One MR64×NR64 tile of `out` (at `o`, rows `ldo` bytes apart) += A panel · B panel over
 * `kc` ≥ 1 steps: A's two rows are read at `ap` and `ap + aoff`, advancing `astep`
 * bytes a step (a packed panel or A itself through its strides), B from its packed
 * panel. Sums run in order of depth. Only the first `rows`×`cols` entries are added.
 */
@inline
function tile64(ap: usize, aoff: usize, astep: usize, bq: usize, kc: i32, o: usize, ldo: usize, rows: i32, cols: i32): void {
	let a1p = ap + aoff;
	// A do-while on the B pointer: one compare a step less than a counted loop (measured 5-7% faster).
	const bend = bq + ((<usize>kc * NR64) << 3);
	let c00 = f64x2.splat(0);
	let c01 = c00;
	let c02 = c00;
	let c03 = c00;
	let c10 = c00;
	let c11 = c00;
	let c12 = c00;
	let c13 = c00;
	do {
		const b0 = v128.load(bq);
		const b1 = v128.load(bq, 16);
		const b2 = v128.load(bq, 32);
		const b3 = v128.load(bq, 48);
		const a0 = v128.load64_splat(ap);
		c00 = f64x2.add(c00, f64x2.mul(a0, b0));
		c01 = f64x2.add(c01, f64x2.mul(a0, b1));
		c02 = f64x2.add(c02, f64x2.mul(a0, b2));
		c03 = f64x2.add(c03, f64x2.mul(a0, b3));
		const a1 = v128.load64_splat(a1p);
		c10 = f64x2.add(c10, f64x2.mul(a1, b0));
		c11 = f64x2.add(c11, f64x2.mul(a1, b1));
		c12 = f64x2.add(c12, f64x2.mul(a1, b2));
		c13 = f64x2.add(c13, f64x2.mul(a1, b3));
		ap += astep;
		a1p += astep;
		bq += NR64 << 3;
	} while (bq < bend);
	if (rows == MR64 && cols == NR64) {
		v128.store(o, f64x2.add(v128.load(o), c00));
		v128.store(o, f64x2.add(v128.load(o, 16), c01), 16);
		v128.store(o, f64x2.add(v128.load(o, 32), c02), 32);
		v128.store(o, f64x2.add(v128.load(o, 48), c03), 48);
		const o1 = o + ldo;
		v128.store(o1, f64x2.add(v128.load(o1), c10));
		v128.store(o1, f64x2.add(v128.load(o1, 16), c11), 16);
		v128.store(o1, f64x2.add(v128.load(o1, 32), c12), 32);
		v128.store(o1, f64x2.add(v128.load(o1, 48), c13), 48);
	} else {
		v128.store(EDGE, c00);
		v128.store(EDGE, c01, 16);
		v128.store(EDGE, c02, 32);
		v128.store(EDGE, c03, 48);
		v128.store(EDGE, c10, 64);
		v128.store(EDGE, c11, 80);
		v128.store(EDGE, c12, 96);
		v128.store(EDGE, c13, 112);
		for (let r = 0; r < rows; r++) {
			for (let c = 0; c < cols; c++) {
				const at = o + <usize>r * ldo + ((<usize>c) << 3);
				store<f64>(at, load<f64>(at) + load<f64>(EDGE + ((<usize>(r * NR64 + c)) << 3)));
			}
		}
	}
}

/** float64 product; `scratch` holds matmulScratchF64() bytes, 16-aligned. Same sums, in the same order, as the js kernel. */
export function matmulF64(
	a: usize,
	ars: i32,
	acs: i32,
	b: usize,
	brs: i32,
	bcs: i32,
	out: usize,
	m: i32,
	k: i32,
	n: i32,
	scratch: usize,
): void {
	const packA = scratch;
	const packB = scratch + ((MC64 * KC64) << 3);
	const ldo = (<usize>n) << 3;
	for (let j0 = 0; j0 < n; j0 += NC64) {
		const nc = min(NC64, n - j0);
		for (let p0 = 0; p0 < k; p0 += KC64) {
			const kc = min(KC64, k - p0);
			packB64(b, brs, bcs, p0, kc, j0, nc, packB);
			for (let i0 = 0; i0 < m; i0 += MC64) {
				const mc = min(MC64, m - i0);
				// A with unit column stride is read in place (its rows are contiguous runs); others are packed.
				const inPlace = acs == 1;
				if (!inPlace) packA64(a, ars, acs, i0, mc, p0, kc, packA);
				for (let jp = 0; jp < nc; jp += NR64) {
					const bp = packB + ((<usize>jp * kc) << 3);
					const cols = min(NR64, nc - jp);
					for (let ip = 0; ip < mc; ip += MR64) {
						const rows = min(MR64, mc - ip);
						const o = out + <usize>(i0 + ip) * ldo + ((<usize>(j0 + jp)) << 3);
						if (inPlace) {
							// A one-row edge reads its row twice; the second row's sums are dropped.
							const ap = a + ((<usize>(i0 + ip) * ars + <usize>p0) << 3);
							tile64(ap, rows == MR64 ? (<usize>ars) << 3 : 0, 1 << 3, bp, kc, o, ldo, rows, cols);
						} else {
							tile64(packA + ((<usize>ip * kc) << 3), 1 << 3, MR64 << 3, bp, kc, o, ldo, rows, cols);
						}
					}
				}
			}
		}
	}
}
