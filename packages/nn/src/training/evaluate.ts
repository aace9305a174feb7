import { noGrad, variable } from "@backprop/autograd";
import type { Tensor } from "@backprop/tensor";
import { checkRows, type DataLike, toDataTensor } from "../data";
import { getLoss, type LossSpec } from "../losses";
import { getMetric, type MetricSpec } from "../metrics";
import type { Module } from "../module";
import { modelDtype } from "./predict";

/** Options for {@link evaluate}. */
export interface EvaluateOptions {
	/** Loss (default `mse`). */
	loss?: LossSpec;
	/** Metrics to report besides the loss. */
	metrics?: readonly MetricSpec[];
}

/** Loss and metric values by name, e.g. `{ loss: 0.01, accuracy: 1 }`. */
export type Logs = Record<string, number>;

/**
 * A target of rank 1 becomes a column when the model has one output, so `y` may
 * be given as a plain list; with several outputs it stays as class labels.
 */
export function alignTarget(y: Tensor, outputShape: readonly number[]): Tensor {
	if (y.rank === 1 && outputShape.length === 2 && outputShape[1] === 1) return y.reshape([y.size, 1]);
	return y;
}

/** Computes loss and metrics of `model` on (x, y) without recording a graph. */
export function evaluateTensors(
	model: Module,
	x: Tensor,
	y: Tensor,
	options: EvaluateOptions,
	loss = getLoss(options.loss ?? "mse"),
): Logs {
	return noGrad(() => {
		const prediction = model.forward(variable(x));
		const target = alignTarget(y, prediction.shape);
		const logs: Logs = { loss: loss(prediction, target).item() };
		for (const spec of options.metrics ?? []) {
			const m = getMetric(spec);
			logs[m.name] = m.fn(prediction.value, target);
		}
		return logs;
	});
}

/**
 * Loss and metrics of `model` on (x, y). Throws before computing anything for
 * bad data: empty, non-numeric or non-finite values, different row counts, or a
 * feature count the model does not take.
 */
export function evaluate(model: Module, x: DataLike, y: DataLike, options: EvaluateOptions = {}): Logs {
	const dtype = modelDtype(model);
	const xs = toDataTensor(x, "x", "evaluate", dtype);
	const ys = toDataTensor(y, "y", "evaluate", dtype);
	checkRows(xs, ys, "evaluate");
	return evaluateTensors(model, xs, ys, options);
}
