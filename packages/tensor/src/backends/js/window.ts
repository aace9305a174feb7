/**
 * im2col and col2im: a convolution's windows laid out as the rows of a matrix
 * (so the convolution is one matmul against the filter) and the adjoint that
 * adds such rows back into the image (the input's gradient).
 */
import type { TypedArray } from "../../dtype";
import type { WindowGeometry } from "../backend";

/** See {@link Kernels.im2col}. */
export function im2col(x: TypedArray, geo: WindowGeometry, out: TypedArray): void {
	const { batch, inHeight, inWidth, channels, outHeight, outWidth, windowHeight, windowWidth } = geo;
	const { strideHeight, strideWidth, dilationHeight, dilationWidth, padTop, padLeft } = geo;
	const pixelRun = windowWidth * channels;
	let o = 0;
	for (let b = 0; b < batch; b++) {
		const image = b * inHeight;
		for (let oy = 0; oy < outHeight; oy++) {
			const y0 = oy * strideHeight - padTop;
			for (let ox = 0; ox < outWidth; ox++) {
				const x0 = ox * strideWidth - padLeft;
				for (let ky = 0; ky < windowHeight; ky++) {
					const iy = y0 + ky * dilationHeight;
					if (iy < 0 || iy >= inHeight) {
						o += pixelRun;
						continue;
					}
					const row = (image + iy) * inWidth;
					for (let kx = 0; kx < windowWidth; kx++) {
						const ix = x0 + kx * dilationWidth;
						if (ix >= 0 && ix < inWidth) {
							const at = (row + ix) * channels;
							for (let c = 0; c < channels; c++) out[o + c] = x[at + c];
						}
						o += channels;
					}
				}
			}
		}
	}
}

/** See {@link Kernels.col2im}. */
export function col2im(cols: TypedArray, geo: WindowGeometry, out: TypedArray): void {
	const { batch, inHeight, inWidth, channels, outHeight, outWidth, windowHeight, windowWidth } = geo;
	const { strideHeight, strideWidth, dilationHeight, dilationWidth, padTop, padLeft } = geo;
	const pixelRun = windowWidth * channels;
	let o = 0;
	for (let b = 0; b < batch; b++) {
		const image = b * inHeight;
		for (let oy = 0; oy < outHeight; oy++) {
			const y0 = oy * strideHeight - padTop;
			for (let ox = 0; ox < outWidth; ox++) {
				const x0 = ox * strideWidth - padLeft;
				for (let ky = 0; ky < windowHeight; ky++) {
					const iy = y0 + ky * dilationHeight;
					if (iy < 0 || iy >= inHeight) {
						o += pixelRun;
						continue;
					}
					const row = (image + iy) * inWidth;
					for (let kx = 0; kx < windowWidth; kx++) {
						const ix = x0 + kx * dilationWidth;
						if (ix >= 0 && ix < inWidth) {
							const at = (row + ix) * channels;
							for (let c = 0; c < channels; c++) out[at + c] = out[at + c] + cols[o + c];
						}
						o += channels;
					}
				}
			}
		}
	}
}
