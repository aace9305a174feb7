import type { Tensor } from "../tensor";
import { reduce } from "./reduce";
import { reshape } from "./shape";

/**
 * Sums a gradient of a broadcast result back to an operand's `shape`: over the
 * leading dimensions the operand lacked and over its size-1 dimensions that were
 * stretched. The backward of every broadcasting op ends with this.
 */
export function unbroadcast(grad: Tensor, shape: readonly number[]): Tensor {
	if (grad.rank === shape.length && grad.shape.every((d, i) => d === shape[i])) return grad;
	const lead = grad.rank - shape.length;
	const axes: number[] = [];
	for (let i = 0; i < grad.rank; i++) {
		if (i < lead || (shape[i - lead] === 1 && grad.shape[i] !== 1)) axes.push(i);
	}
	const summed = axes.length > 0 ? reduce("sum", "sum", grad, axes, true) : grad;
	return reshape(summed, shape);
}
