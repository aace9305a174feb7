/**
 * Max and average pooling over NHWC windows and their backward passes. Each
 * output pixel scans its window once with the channels innermost, so every
 * read is a contiguous run of `channels` elements.
 */
import type { TypedArray } from "../../dtype";
import type { WindowGeometry } from "../backend";

// The real rows (or columns) of a window starting at `start`: [lo, hi) clipped to [0, size).
function clipLo(start: number): number {
	return Math.max(start, 0);
}
function clipHi(start: number, window: number, size: number): number {
	return Math.min(start + window, size);
}

/** See {@link Kernels.maxPool}. */
export function maxPool(x: TypedArray, geo: WindowGeometry, out: TypedArray): void {
	const { batch, inHeight, inWidth, channels: C, outHeight, outWidth, windowHeight, windowWidth } = geo;
	let o = 0;
	for (let b = 0; b < batch; b++) {
		for (let oy = 0; oy < outHeight; oy++) {
			const y0 = oy * geo.strideHeight - geo.padTop;
			const ylo = clipLo(y0);
			const yhi = clipHi(y0, windowHeight, inHeight);
			for (let ox = 0; ox < outWidth; ox++) {
				const x0 = ox * geo.strideWidth - geo.padLeft;
				const xlo = clipLo(x0);
				const xhi = clipHi(x0, windowWidth, inWidth);
				// The window's first real pixel starts the maxima; every window has one.
				const first = ((b * inHeight + ylo) * inWidth + xlo) * C;
				for (let c = 0; c < C; c++) out[o + c] = x[first + c];
				for (let iy = ylo; iy < yhi; iy++) {
					for (let ix = iy === ylo ? xlo + 1 : xlo; ix < xhi; ix++) {
						const at = ((b * inHeight + iy) * inWidth + ix) * C;
						for (let c = 0; c < C; c++) {
							const v = x[at + c];
							const m = out[o + c];
							if (v > m || (Number.isNaN(v) && !Number.isNaN(m))) out[o + c] = v;
						}
					}
				}
				o += C;
			}
		}
	}
}

/** See {@link Kernels.maxPoolGrad}. */
export function maxPoolGrad(x: TypedArray, g: TypedArray, geo: WindowGeometry, out: TypedArray): void {
	const { batch, inHeight, inWidth, channels: C, outHeight, outWidth, windowHeight, windowWidth } = geo;
	// Per channel of the current window: the maximum so far and where it is.
	const best = new Float64Array(C);
	const where = new Int32Array(C);
	let o = 0;
	for (let b = 0; b < batch; b++) {
		for (let oy = 0; oy < outHeight; oy++) {
			const y0 = oy * geo.strideHeight - geo.padTop;
			const ylo = clipLo(y0);
			const yhi = clipHi(y0, windowHeight, inHeight);
			for (let ox = 0; ox < outWidth; ox++) {
				const x0 = ox * geo.strideWidth - geo.padLeft;
				const xlo = clipLo(x0);
				const xhi = clipHi(x0, windowWidth, inWidth);
				const first = ((b * inHeight + ylo) * inWidth + xlo) * C;
				for (let c = 0; c < C; c++) {
					best[c] = x[first + c];
					where[c] = first + c;
				}
				for (let iy = ylo; iy < yhi; iy++) {
					for (let ix = iy === ylo ? xlo + 1 : xlo; ix < xhi; ix++) {
						const at = ((b * inHeight + iy) * inWidth + ix) * C;
						for (let c = 0; c < C; c++) {
							const v = x[at + c];
							const m = best[c];
							// Strictly greater, or the first NaN: ties keep the earlier pixel.
							if (v > m || (Number.isNaN(v) && !Number.isNaN(m))) {
								best[c] = v;
								where[c] = at + c;
							}
						}
					}
				}
				for (let c = 0; c < C; c++) {
					const at = where[c];
					out[at] = out[at] + g[o + c];
				}
				o += C;
			}
		}
	}
}

/** See {@link Kernels.avgPool}. */
export function avgPool(x: TypedArray, geo: WindowGeometry, out: TypedArray): void {
	const { batch, inHeight, inWidth, channels: C, outHeight, outWidth, windowHeight, windowWidth } = geo;
	let o = 0;
	for (let b = 0; b < batch; b++) {
		for (let oy = 0; oy < outHeight; oy++) {
			const y0 = oy * geo.strideHeight - geo.padTop;
			const ylo = clipLo(y0);
			const yhi = clipHi(y0, windowHeight, inHeight);
			for (let ox = 0; ox < outWidth; ox++) {
				const x0 = ox * geo.strideWidth - geo.padLeft;
				const xlo = clipLo(x0);
				const xhi = clipHi(x0, windowWidth, inWidth);
				for (let c = 0; c < C; c++) out[o + c] = 0;
				for (let iy = ylo; iy < yhi; iy++) {
					for (let ix = xlo; ix < xhi; ix++) {
						const at = ((b * inHeight + iy) * inWidth + ix) * C;
						for (let c = 0; c < C; c++) out[o + c] = out[o + c] + x[at + c];
					}
				}
				const count = (yhi - ylo) * (xhi - xlo);
				for (let c = 0; c < C; c++) out[o + c] = out[o + c] / count;
				o += C;
			}
		}
	}
}

/** See {@link Kernels.avgPoolGrad}. */
export function avgPoolGrad(g: TypedArray, geo: WindowGeometry, out: TypedArray): void {
	const { batch, inHeight, inWidth, channels: C, outHeight, outWidth, windowHeight, windowWidth } = geo;
	let o = 0;
	for (let b = 0; b < batch; b++) {
		for (let oy = 0; oy < outHeight; oy++) {
			const y0 = oy * geo.strideHeight - geo.padTop;
			const ylo = clipLo(y0);
			const yhi = clipHi(y0, windowHeight, inHeight);
			for (let ox = 0; ox < outWidth; ox++) {
				const x0 = ox * geo.strideWidth - geo.padLeft;
				const xlo = clipLo(x0);
				const xhi = clipHi(x0, windowWidth, inWidth);
				const scale = 1 / ((yhi - ylo) * (xhi - xlo));
				for (let iy = ylo; iy < yhi; iy++) {
					for (let ix = xlo; ix < xhi; ix++) {
						const at = ((b * inHeight + iy) * inWidth + ix) * C;
						for (let c = 0; c < C; c++) out[at + c] = out[at + c] + g[o + c] * scale;
					}
				}
				o += C;
			}
		}
	}
}
