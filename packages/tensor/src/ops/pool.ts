/**
 * Max and average pooling over NHWC windows (TensorFlow's conventions: strides
 * default to the pool size; 'same' padding never lets padding win a max and
 * averages only real pixels) and their gradients.
 */
import type { WindowGeometry } from "../backends/backend";
import { allocateStorage, kernels } from "../backends/registry";
import { denseData, fromData, type Tensor } from "../tensor";
import { checkTensor } from "./operand";
import { checkImage, poolOptions, windowGeometry } from "./window";

type PoolName = "maxPool2d" | "avgPool2d";

/** The geometry of a pooling call, every argument checked. Throws ShapeError, RangeError or TypeError naming `op`. */
export function poolGeometry(op: PoolName, x: Tensor, options: unknown): WindowGeometry {
	checkTensor(x, op);
	checkImage(x, op);
	return windowGeometry(op, x.shape, poolOptions(options, op));
}

function outShape(geo: WindowGeometry): number[] {
	return [geo.batch, geo.outHeight, geo.outWidth, geo.channels];
}

/** Max pooling; see OpSignatures.maxPool2d. */
export function maxPool2d(x: Tensor, options: unknown): Tensor {
	const geo = poolGeometry("maxPool2d", x, options);
	const shape = outShape(geo);
	const out = allocateStorage(
		x.dtype,
		shape.reduce((a, b) => a * b, 1),
	);
	if (out.length > 0) kernels().maxPool(denseData(x), geo, out);
	return fromData(out, shape);
}

/** Average pooling; see OpSignatures.avgPool2d. */
export function avgPool2d(x: Tensor, options: unknown): Tensor {
	const geo = poolGeometry("avgPool2d", x, options);
	const shape = outShape(geo);
	const out = allocateStorage(
		x.dtype,
		shape.reduce((a, b) => a * b, 1),
	);
	if (out.length > 0) kernels().avgPool(denseData(x), geo, out);
	return fromData(out, shape);
}

/** dL/dx of maxPool2d given dL/dy `g`: each gradient goes to its window's (first) maximum. */
export function maxPool2dGrad(g: Tensor, x: Tensor, options: unknown): Tensor {
	const geo = poolGeometry("maxPool2d", x, options);
	const out = allocateStorage(g.dtype, x.size);
	if (g.size > 0) kernels().maxPoolGrad(denseData(x), denseData(g), geo, out);
	return fromData(out, x.shape);
}

/** dL/dx of avgPool2d given dL/dy `g`: each gradient spread evenly over its window's real pixels. */
export function avgPool2dGrad(g: Tensor, x: Tensor, options: unknown): Tensor {
	const geo = poolGeometry("avgPool2d", x, options);
	const out = allocateStorage(g.dtype, x.size);
	if (g.size > 0) kernels().avgPoolGrad(denseData(g), geo, out);
	return fromData(out, x.shape);
}
