/**
 * 2-D convolution (NHWC input, `[kh, kw, inC, outC]` filter, TensorFlow's
 * layouts) as im2col followed by one matmul, and its two gradients: the
 * filter's from im2col(x)ᵀ · G, the input's by col2im of G · Wᵀ.
 */
import type { WindowGeometry } from "../backends/backend";
import { allocateStorage, kernels } from "../backends/registry";
import { formatShape, ShapeError } from "../errors";
import { sizeOf } from "../shape";
import { denseData, fromData, type Tensor } from "../tensor";
import { matmul } from "./linalg";
import { checkTensor } from "./operand";
import { reshape, transpose } from "./shape";
import { checkImage, convOptions, windowGeometry } from "./window";

/**
 * The geometry of `conv2d(x, w, options)`, every argument checked. Throws ShapeError
 * for a wrong rank, a channel mismatch or a filter larger than the padded input;
 * RangeError or TypeError for bad options.
 */
export function convGeometry(x: Tensor, w: Tensor, options: unknown): WindowGeometry {
	checkTensor(x, "conv2d");
	checkTensor(w, "conv2d");
	checkImage(x, "conv2d");
	if (w.rank !== 4) {
		throw new ShapeError(
			`conv2d: filter must be 4-D [filterHeight, filterWidth, inChannels, outChannels], got ${formatShape(w.shape)}`,
		);
	}
	if (x.shape[3] !== w.shape[2]) {
		throw new ShapeError(
			`conv2d: input ${formatShape(x.shape)} has ${x.shape[3]} channels but filter ${formatShape(w.shape)} expects ${w.shape[2]}`,
		);
	}
	const window: [number, number] = [w.shape[0], w.shape[1]];
	if (window[0] === 0 || window[1] === 0) throw new ShapeError(`conv2d: filter ${formatShape(w.shape)} is empty`);
	return windowGeometry("conv2d", x.shape, convOptions(options, window));
}

// A 1x1 filter at stride 1 reads each pixel once, in order: im2col is the input itself.
function isPointwise(geo: WindowGeometry): boolean {
	return geo.windowHeight === 1 && geo.windowWidth === 1 && geo.strideHeight === 1 && geo.strideWidth === 1;
}

// The filter as the matrix im2col's rows multiply: [kh·kw·inC, outC].
function filterMatrix(w: Tensor): Tensor {
	return reshape(w, [w.shape[0] * w.shape[1] * w.shape[2], w.shape[3]]);
}

// x's windows as the rows of [batch·outH·outW, kh·kw·inC].
function im2colOf(x: Tensor, geo: WindowGeometry): Tensor {
	const rows = geo.batch * geo.outHeight * geo.outWidth;
	if (isPointwise(geo)) return reshape(x, [rows, geo.channels]);
	const width = geo.windowHeight * geo.windowWidth * geo.channels;
	const out = allocateStorage(x.dtype, rows * width);
	if (out.length > 0) kernels().im2col(denseData(x), geo, out);
	return fromData(out, [rows, width]);
}

/** The convolution of NHWC `x` with filter `w` `[kh, kw, inC, outC]`; see OpSignatures.conv2d. */
export function conv2d(x: Tensor, w: Tensor, options?: unknown): Tensor {
	const geo = convGeometry(x, w, options);
	const y = matmul(im2colOf(x, geo), filterMatrix(w));
	return reshape(y, [geo.batch, geo.outHeight, geo.outWidth, w.shape[3]]);
}

/** dL/dx of conv2d given dL/dy `g`: col2im(G · Wᵀ), with G as `[pixels, outC]`. */
export function conv2dInputGrad(g: Tensor, x: Tensor, w: Tensor, options?: unknown): Tensor {
	const geo = convGeometry(x, w, options);
	const wm = filterMatrix(w);
	const cols = matmul(reshape(g, [sizeOf(g.shape.slice(0, 3)), w.shape[3]]), transpose(wm));
	if (isPointwise(geo)) return reshape(cols, x.shape);
	const out = allocateStorage(cols.dtype, x.size);
	if (out.length > 0) kernels().col2im(denseData(cols), geo, out);
	return fromData(out, x.shape);
}

/** dL/dw of conv2d given dL/dy `g`: im2col(x)ᵀ · G, with G as `[pixels, outC]`. */
export function conv2dFilterGrad(g: Tensor, x: Tensor, w: Tensor, options?: unknown): Tensor {
	const geo = convGeometry(x, w, options);
	const g2 = reshape(g, [sizeOf(g.shape.slice(0, 3)), w.shape[3]]);
	return reshape(matmul(transpose(im2colOf(x, geo)), g2), w.shape);
}
