/** Convolution and pooling rows of the op table: forward and gradient side by side. */
import { conv2d, conv2dFilterGrad, conv2dInputGrad } from "../ops/conv";
import { avgPool2d, avgPool2dGrad, maxPool2d, maxPool2dGrad } from "../ops/pool";
import type { OpRow } from "../ops/row";

/** 2-D window ops over NHWC images. */
export const windowRows = {
	// y = im2col(x)·W: dL/dx = col2im(G·Wᵀ), dL/dW = im2col(x)ᵀ·G
	conv2d: {
		arity: 2,
		fn: conv2d,
		grad: (g, { inputs: [x, w], attrs: [options], needsGrad }) => [
			needsGrad[0] ? conv2dInputGrad(g, x, w, options) : null,
			needsGrad[1] ? conv2dFilterGrad(g, x, w, options) : null,
		],
	},
	// Each window's gradient goes to its maximum (the first one on ties).
	maxPool2d: {
		arity: 1,
		fn: maxPool2d,
		grad: (g, { inputs: [x], attrs: [options] }) => [maxPool2dGrad(g, x, options)],
	},
	// Each window's gradient is shared evenly by its real pixels.
	avgPool2d: {
		arity: 1,
		fn: avgPool2d,
		grad: (g, { inputs: [x], attrs: [options] }) => [avgPool2dGrad(g, x, options)],
	},
} satisfies Record<string, OpRow>;
