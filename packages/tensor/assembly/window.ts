// Sliding-window kernels over NHWC images: im2col, col2im, max and average pooling
// and their backward passes, as the js backend's (backends/js/window.ts, pool.ts)
// with the channels, contiguous in NHWC, four float32 or two float64 lanes at a
// time. Each output element sees the same operations in the same order as in the
// js kernels, so results are identical: im2col is data movement, col2im and the
// pooling sums add in the js order, max pooling compares the same way (strictly
// greater, or the first NaN). The geometry arrives as the 14 fields of the js
// side's WindowGeometry, in its order.

/** Copies `bytes` (a multiple of 4) from `src` to `dst`: 16, 8, then 4 bytes at a time (runs are short: memory.copy's call costs more). */
@inline
function copyRun(dst: usize, src: usize, bytes: usize): void {
	let i: usize = 0;
	for (; i + 16 <= bytes; i += 16) v128.store(dst + i, v128.load(src + i));
	if (i + 8 <= bytes) {
		store<u64>(dst + i, load<u64>(src + i));
		i += 8;
	}
	if (i < bytes) store<u32>(dst + i, load<u32>(src + i));
}

/**
 * im2col over elements of `width` bytes (4 or 8: it only moves bits): each output
 * pixel's window as one row of `out`, (ky, kx, c) order; padding entries are skipped
 * (`out` is zero on entry).
 */
export function im2col(
	width: i32,
	x: usize,
	out: usize,
	batch: i32,
	inHeight: i32,
	inWidth: i32,
	channels: i32,
	outHeight: i32,
	outWidth: i32,
	windowHeight: i32,
	windowWidth: i32,
	strideHeight: i32,
	strideWidth: i32,
	dilationHeight: i32,
	dilationWidth: i32,
	padTop: i32,
	padLeft: i32,
): void {
	const pixel = <usize>(channels * width);
	const run = <usize>windowWidth * pixel;
	let o = out;
	for (let b = 0; b < batch; b++) {
		const image = b * inHeight;
		for (let oy = 0; oy < outHeight; oy++) {
			const y0 = oy * strideHeight - padTop;
			for (let ox = 0; ox < outWidth; ox++) {
				const x0 = ox * strideWidth - padLeft;
				// The window's columns are one contiguous run when undilated and inside the image.
				const whole = dilationWidth == 1 && x0 >= 0 && x0 + windowWidth <= inWidth;
				for (let ky = 0; ky < windowHeight; ky++) {
					const iy = y0 + ky * dilationHeight;
					if (iy < 0 || iy >= inHeight) {
						o += run;
						continue;
					}
					const row = (image + iy) * inWidth;
					if (whole) {
						copyRun(o, x + <usize>(row + x0) * pixel, run);
						o += run;
						continue;
					}
					for (let kx = 0; kx < windowWidth; kx++) {
						const ix = x0 + kx * dilationWidth;
						if (ix >= 0 && ix < inWidth) copyRun(o, x + <usize>(row + ix) * pixel, pixel);
						o += pixel;
					}
				}
			}
		}
	}
}

/** `dst[0..n) += src[0..n)`, float32, in element order per element. */
@inline
function addRunF32(dst: usize, src: usize, n: i32): void {
	let c = 0;
	for (; c + 4 <= n; c += 4) {
		const at = dst + ((<usize>c) << 2);
		v128.store(at, f32x4.add(v128.load(at), v128.load(src + ((<usize>c) << 2))));
	}
	for (; c < n; c++) {
		const at = dst + ((<usize>c) << 2);
		store<f32>(at, load<f32>(at) + load<f32>(src + ((<usize>c) << 2)));
	}
}

/** `dst[0..n) += src[0..n)`, float64. */
@inline
function addRunF64(dst: usize, src: usize, n: i32): void {
	let c = 0;
	for (; c + 2 <= n; c += 2) {
		const at = dst + ((<usize>c) << 3);
		v128.store(at, f64x2.add(v128.load(at), v128.load(src + ((<usize>c) << 3))));
	}
	if (c < n) {
		const at = dst + ((<usize>c) << 3);
		store<f64>(at, load<f64>(at) + load<f64>(src + ((<usize>c) << 3)));
	}
}

// The bodies below take their dtype (and pass) as constant flags from the exported
// wrappers: inlined there, the dead branches fold away.

/** col2im: adds each entry of `cols` into the input pixel it was read from, in the js order. */
@inline
function col2imBody(
	f64: bool,
	cols: usize,
	out: usize,
	batch: i32,
	inHeight: i32,
	inWidth: i32,
	channels: i32,
	outHeight: i32,
	outWidth: i32,
	windowHeight: i32,
	windowWidth: i32,
	strideHeight: i32,
	strideWidth: i32,
	dilationHeight: i32,
	dilationWidth: i32,
	padTop: i32,
	padLeft: i32,
): void {
	const shift: usize = f64 ? 3 : 2;
	const pixel = (<usize>channels) << shift;
	const run = <usize>windowWidth * pixel;
	let o = cols;
	for (let b = 0; b < batch; b++) {
		const image = b * inHeight;
		for (let oy = 0; oy < outHeight; oy++) {
			const y0 = oy * strideHeight - padTop;
			for (let ox = 0; ox < outWidth; ox++) {
				const x0 = ox * strideWidth - padLeft;
				for (let ky = 0; ky < windowHeight; ky++) {
					const iy = y0 + ky * dilationHeight;
					if (iy < 0 || iy >= inHeight) {
						o += run;
						continue;
					}
					const row = (image + iy) * inWidth;
					for (let kx = 0; kx < windowWidth; kx++) {
						const ix = x0 + kx * dilationWidth;
						if (ix >= 0 && ix < inWidth) {
							const at = out + <usize>(row + ix) * pixel;
							if (f64) addRunF64(at, o, channels);
							else addRunF32(at, o, channels);
						}
						o += pixel;
					}
				}
			}
		}
	}
}

/** Lanes where `v` replaces the running maximum `m`: v > m, or v is NaN and m is not (the js rule). */
@inline
function winsF32(v: v128, m: v128): v128 {
	return v128.or(f32x4.gt(v, m), v128.and(f32x4.ne(v, v), f32x4.eq(m, m)));
}

@inline
function winsF64(v: v128, m: v128): v128 {
	return v128.or(f64x2.gt(v, m), v128.and(f64x2.ne(v, v), f64x2.eq(m, m)));
}

@inline
function winsScalar(v: f64, m: f64): bool {
	return v > m || (v != v && m == m);
}

/**
 * Max pooling (`grad` false) or its backward (`grad` true), float32 or float64. The
 * forward writes each window's maximum to `out[b, oy, ox, c]`; the backward scans the
 * same way while tracking where each maximum is, then adds `g[b, oy, ox, c]` into
 * `out` (the input's shape) at that pixel, window by window, channel by channel.
 */
@inline
function maxPoolBody(
	f64: bool,
	grad: bool,
	x: usize,
	g: usize,
	out: usize,
	batch: i32,
	inHeight: i32,
	inWidth: i32,
	C: i32,
	outHeight: i32,
	outWidth: i32,
	windowHeight: i32,
	windowWidth: i32,
	strideHeight: i32,
	strideWidth: i32,
	padTop: i32,
	padLeft: i32,
): void {
	const shift: usize = f64 ? 3 : 2;
	const lanes = f64 ? 2 : 4;
	const offsets32 = i32x4(0, 1, 2, 3);
	const offsets64 = i64x2(0, 1);
	let o = 0;
	for (let b = 0; b < batch; b++) {
		for (let oy = 0; oy < outHeight; oy++) {
			const y0 = oy * strideHeight - padTop;
			const ylo = max(y0, 0);
			const yhi = min(y0 + windowHeight, inHeight);
			for (let ox = 0; ox < outWidth; ox++) {
				const x0 = ox * strideWidth - padLeft;
				const xlo = max(x0, 0);
				const xhi = min(x0 + windowWidth, inWidth);
				const first = ((b * inHeight + ylo) * inWidth + xlo) * C;
				let c = 0;
				for (; c + lanes <= C; c += lanes) {
					let m = v128.load(x + ((<usize>(first + c)) << shift));
					let w = f64 ? i64x2.add(i64x2.splat(<i64>(first + c)), offsets64) : i32x4.add(i32x4.splat(first + c), offsets32);
					for (let iy = ylo; iy < yhi; iy++) {
						for (let ix = iy == ylo ? xlo + 1 : xlo; ix < xhi; ix++) {
							const at = ((b * inHeight + iy) * inWidth + ix) * C + c;
							const v = v128.load(x + ((<usize>at) << shift));
							const mask = f64 ? winsF64(v, m) : winsF32(v, m);
							m = v128.bitselect(v, m, mask);
							if (grad) {
								const here = f64 ? i64x2.add(i64x2.splat(<i64>at), offsets64) : i32x4.add(i32x4.splat(at), offsets32);
								w = v128.bitselect(here, w, mask);
							}
						}
					}
					if (!grad) v128.store(out + ((<usize>(o + c)) << shift), m);
					else if (f64) {
						scatterF64(out, <i32>i64x2.extract_lane(w, 0), g + ((<usize>(o + c)) << 3));
						scatterF64(out, <i32>i64x2.extract_lane(w, 1), g + ((<usize>(o + c + 1)) << 3));
					} else {
						scatterF32(out, i32x4.extract_lane(w, 0), g + ((<usize>(o + c)) << 2));
						scatterF32(out, i32x4.extract_lane(w, 1), g + ((<usize>(o + c + 1)) << 2));
						scatterF32(out, i32x4.extract_lane(w, 2), g + ((<usize>(o + c + 2)) << 2));
						scatterF32(out, i32x4.extract_lane(w, 3), g + ((<usize>(o + c + 3)) << 2));
					}
				}
				for (; c < C; c++) {
					let where = first + c;
					let m = f64 ? load<f64>(x + ((<usize>where) << 3)) : <f64>load<f32>(x + ((<usize>where) << 2));
					for (let iy = ylo; iy < yhi; iy++) {
						for (let ix = iy == ylo ? xlo + 1 : xlo; ix < xhi; ix++) {
							const at = ((b * inHeight + iy) * inWidth + ix) * C + c;
							const v = f64 ? load<f64>(x + ((<usize>at) << 3)) : <f64>load<f32>(x + ((<usize>at) << 2));
							if (winsScalar(v, m)) {
								m = v;
								where = at;
							}
						}
					}
					if (!grad) {
						if (f64) store<f64>(out + ((<usize>(o + c)) << 3), m);
						else store<f32>(out + ((<usize>(o + c)) << 2), <f32>m);
					} else if (f64) scatterF64(out, where, g + ((<usize>(o + c)) << 3));
					else scatterF32(out, where, g + ((<usize>(o + c)) << 2));
				}
				o += C;
			}
		}
	}
}

@inline
function scatterF32(out: usize, at: i32, g: usize): void {
	const p = out + ((<usize>at) << 2);
	store<f32>(p, load<f32>(p) + load<f32>(g));
}

@inline
function scatterF64(out: usize, at: i32, g: usize): void {
	const p = out + ((<usize>at) << 3);
	store<f64>(p, load<f64>(p) + load<f64>(g));
}

/** col2im, float32: adds each entry of `cols` (im2col's layout) into the input pixel it was read from, in the js order. */
export function col2imF32(
	cols: usize,
	out: usize,
	batch: i32,
	inHeight: i32,
	inWidth: i32,
	channels: i32,
	outHeight: i32,
	outWidth: i32,
	windowHeight: i32,
	windowWidth: i32,
	strideHeight: i32,
	strideWidth: i32,
	dilationHeight: i32,
	dilationWidth: i32,
	padTop: i32,
	padLeft: i32,
): void {
	col2imBody(false, cols, out, batch, inHeight, inWidth, channels, outHeight, outWidth, windowHeight, windowWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, padTop, padLeft);
}

/** col2im, float64: adds each entry of `cols` (im2col's layout) into the input pixel it was read from, in the js order. */
export function col2imF64(
	cols: usize,
	out: usize,
	batch: i32,
	inHeight: i32,
	inWidth: i32,
	channels: i32,
	outHeight: i32,
	outWidth: i32,
	windowHeight: i32,
	windowWidth: i32,
	strideHeight: i32,
	strideWidth: i32,
	dilationHeight: i32,
	dilationWidth: i32,
	padTop: i32,
	padLeft: i32,
): void {
	col2imBody(true, cols, out, batch, inHeight, inWidth, channels, outHeight, outWidth, windowHeight, windowWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, padTop, padLeft);
}

/** Max pooling, float32: `out[b, oy, ox, c]` is its window's maximum (`g` unused). */
export function maxPoolF32(
	x: usize,
	g: usize,
	out: usize,
	batch: i32,
	inHeight: i32,
	inWidth: i32,
	C: i32,
	outHeight: i32,
	outWidth: i32,
	windowHeight: i32,
	windowWidth: i32,
	strideHeight: i32,
	strideWidth: i32,
	padTop: i32,
	padLeft: i32,
): void {
	maxPoolBody(false, false, x, g, out, batch, inHeight, inWidth, C, outHeight, outWidth, windowHeight, windowWidth, strideHeight, strideWidth, padTop, padLeft);
}

/** Max pooling's backward, float32: adds `g[b, oy, ox, c]` into `out` at its window's maximum, window by window, channel by channel. */
export function maxPoolGradF32(
	x: usize,
	g: usize,
	out: usize,
	batch: i32,
	inHeight: i32,
	inWidth: i32,
	C: i32,
	outHeight: i32,
	outWidth: i32,
	windowHeight: i32,
	windowWidth: i32,
	strideHeight: i32,
	strideWidth: i32,
	padTop: i32,
	padLeft: i32,
): void {
	maxPoolBody(false, true, x, g, out, batch, inHeight, inWidth, C, outHeight, outWidth, windowHeight, windowWidth, strideHeight, strideWidth, padTop, padLeft);
}

/** Max pooling, float64: `out[b, oy, ox, c]` is its window's maximum (`g` unused). */
export function maxPoolF64(
	x: usize,
	g: usize,
	out: usize,
	batch: i32,
	inHeight: i32,
	inWidth: i32,
	C: i32,
	outHeight: i32,
	outWidth: i32,
	windowHeight: i32,
	windowWidth: i32,
	strideHeight: i32,
	strideWidth: i32,
	padTop: i32,
	padLeft: i32,
): void {
	maxPoolBody(true, false, x, g, out, batch, inHeight, inWidth, C, outHeight, outWidth, windowHeight, windowWidth, strideHeight, strideWidth, padTop, padLeft);
}

/** Max pooling's backward, float64: adds `g[b, oy, ox, c]` into `out` at its window's maximum, window by window, channel by channel. */
export function maxPoolGradF64(
	x: usize,
	g: usize,
	out: usize,
	batch: i32,
	inHeight: i32,
	inWidth: i32,
	C: i32,
	outHeight: i32,
	outWidth: i32,
	windowHeight: i32,
	windowWidth: i32,
	strideHeight: i32,
	strideWidth: i32,
	padTop: i32,
	padLeft: i32,
): void {
	maxPoolBody(true, true, x, g, out, batch, inHeight, inWidth, C, outHeight, outWidth, windowHeight, windowWidth, strideHeight, strideWidth, padTop, padLeft);
}

/**
 * Average pooling (`grad` false): `out[b, oy, ox, c]` is the sum of the window's real
 * pixels, added in window order, divided by their count. Its backward (`grad` true):
 * adds `g[b, oy, ox, c] · (1 / count)` into each of them (`x` unused). float32 sums
 * round once per add as the js kernel's stores do; the backward's product and sum are
 * float64 before one rounding, as in js, so float32 lanes are widened two at a time.
 */
@inline
function avgPoolBody(
	f64: bool,
	grad: bool,
	x: usize,
	g: usize,
	out: usize,
	batch: i32,
	inHeight: i32,
	inWidth: i32,
	C: i32,
	outHeight: i32,
	outWidth: i32,
	windowHeight: i32,
	windowWidth: i32,
	strideHeight: i32,
	strideWidth: i32,
	padTop: i32,
	padLeft: i32,
): void {
	const shift: usize = f64 ? 3 : 2;
	let o = 0;
	for (let b = 0; b < batch; b++) {
		for (let oy = 0; oy < outHeight; oy++) {
			const y0 = oy * strideHeight - padTop;
			const ylo = max(y0, 0);
			const yhi = min(y0 + windowHeight, inHeight);
			for (let ox = 0; ox < outWidth; ox++) {
				const x0 = ox * strideWidth - padLeft;
				const xlo = max(x0, 0);
				const xhi = min(x0 + windowWidth, inWidth);
				const count = (yhi - ylo) * (xhi - xlo);
				if (!grad) {
					const dst = out + ((<usize>o) << shift);
					memory.fill(dst, 0, (<usize>C) << shift);
					for (let iy = ylo; iy < yhi; iy++) {
						for (let ix = xlo; ix < xhi; ix++) {
							const src = x + ((<usize>(((b * inHeight + iy) * inWidth + ix) * C)) << shift);
							if (f64) addRunF64(dst, src, C);
							else addRunF32(dst, src, C);
						}
					}
					divideRun(f64, dst, C, count);
				} else {
					const scale = 1 / <f64>count;
					const gs = g + ((<usize>o) << shift);
					for (let iy = ylo; iy < yhi; iy++) {
						for (let ix = xlo; ix < xhi; ix++) {
							const dst = out + ((<usize>(((b * inHeight + iy) * inWidth + ix) * C)) << shift);
							addScaledRun(f64, dst, gs, C, scale);
						}
					}
				}
				o += C;
			}
		}
	}
}

/** `dst[0..n) /= count` (a float32 quotient rounds once, as the js kernel's float64 division stored to float32 does). */
@inline
function divideRun(f64: bool, dst: usize, n: i32, count: i32): void {
	let c = 0;
	if (f64) {
		const d = f64x2.splat(<f64>count);
		for (; c + 2 <= n; c += 2) {
			const at = dst + ((<usize>c) << 3);
			v128.store(at, f64x2.div(v128.load(at), d));
		}
		for (; c < n; c++) {
			const at = dst + ((<usize>c) << 3);
			store<f64>(at, load<f64>(at) / <f64>count);
		}
	} else {
		const d = f32x4.splat(<f32>count);
		for (; c + 4 <= n; c += 4) {
			const at = dst + ((<usize>c) << 2);
			v128.store(at, f32x4.div(v128.load(at), d));
		}
		for (; c < n; c++) {
			const at = dst + ((<usize>c) << 2);
			store<f32>(at, load<f32>(at) / <f32>count);
		}
	}
}

/** `dst[c] = dst[c] + g[c] · scale` in float64, rounded once to the element type. */
@inline
function addScaledRun(f64: bool, dst: usize, g: usize, n: i32, scale: f64): void {
	const s = f64x2.splat(scale);
	let c = 0;
	if (f64) {
		for (; c + 2 <= n; c += 2) {
			const at = dst + ((<usize>c) << 3);
			v128.store(at, f64x2.add(v128.load(at), f64x2.mul(v128.load(g + ((<usize>c) << 3)), s)));
		}
		for (; c < n; c++) {
			const at = dst + ((<usize>c) << 3);
			store<f64>(at, load<f64>(at) + load<f64>(g + ((<usize>c) << 3)) * scale);
		}
	} else {
		for (; c + 2 <= n; c += 2) {
			const at = dst + ((<usize>c) << 2);
			const gv = f64x2.promote_low_f32x4(v128.load64_zero(g + ((<usize>c) << 2)));
			const ov = f64x2.promote_low_f32x4(v128.load64_zero(at));
			v128.store64_lane(at, f32x4.demote_f64x2_zero(f64x2.add(ov, f64x2.mul(gv, s))), 0);
		}
		for (; c < n; c++) {
			const at = dst + ((<usize>c) << 2);
			store<f32>(at, <f32>(<f64>load<f32>(at) + <f64>load<f32>(g + ((<usize>c) << 2)) * scale));
		}
	}
}

/** Average pooling, float32: `out[b, oy, ox, c]` is the mean of its window's real pixels (`g` unused). */
export function avgPoolF32(
	x: usize,
	g: usize,
	out: usize,
	batch: i32,
	inHeight: i32,
	inWidth: i32,
	C: i32,
	outHeight: i32,
	outWidth: i32,
	windowHeight: i32,
	windowWidth: i32,
	strideHeight: i32,
	strideWidth: i32,
	padTop: i32,
	padLeft: i32,
): void {
	avgPoolBody(false, false, x, g, out, batch, inHeight, inWidth, C, outHeight, outWidth, windowHeight, windowWidth, strideHeight, strideWidth, padTop, padLeft);
}

/** Average pooling's backward, float32: adds `g[b, oy, ox, c]` divided by its window's pixel count into each of them (`x` unused). */
export function avgPoolGradF32(
	x: usize,
	g: usize,
	out: usize,
	batch: i32,
	inHeight: i32,
	inWidth: i32,
	C: i32,
	outHeight: i32,
	outWidth: i32,
	windowHeight: i32,
	windowWidth: i32,
	strideHeight: i32,
	strideWidth: i32,
	padTop: i32,
	padLeft: i32,
): void {
	avgPoolBody(false, true, x, g, out, batch, inHeight, inWidth, C, outHeight, outWidth, windowHeight, windowWidth, strideHeight, strideWidth, padTop, padLeft);
}

/** Average pooling, float64: `out[b, oy, ox, c]` is the mean of its window's real pixels (`g` unused). */
export function avgPoolF64(
	x: usize,
	g: usize,
	out: usize,
	batch: i32,
	inHeight: i32,
	inWidth: i32,
	C: i32,
	outHeight: i32,
	outWidth: i32,
	windowHeight: i32,
	windowWidth: i32,
	strideHeight: i32,
	strideWidth: i32,
	padTop: i32,
	padLeft: i32,
): void {
	avgPoolBody(true, false, x, g, out, batch, inHeight, inWidth, C, outHeight, outWidth, windowHeight, windowWidth, strideHeight, strideWidth, padTop, padLeft);
}

/** Average pooling's backward, float64: adds `g[b, oy, ox, c]` divided by its window's pixel count into each of them (`x` unused). */
export function avgPoolGradF64(
	x: usize,
	g: usize,
	out: usize,
	batch: i32,
	inHeight: i32,
	inWidth: i32,
	C: i32,
	outHeight: i32,
	outWidth: i32,
	windowHeight: i32,
	windowWidth: i32,
	strideHeight: i32,
	strideWidth: i32,
	padTop: i32,
	padLeft: i32,
): void {
	avgPoolBody(true, true, x, g, out, batch, inHeight, inWidth, C, outHeight, outWidth, windowHeight, windowWidth, strideHeight, strideWidth, padTop, padLeft);
}
