import { noGrad, variable } from "@backprop/autograd";
import type { Tensor } from "@backprop/tensor";
import { asRows, checkRows, type DataLike, toDataTensor } from "../data";
import { getLoss, type LossSpec } from "../losses";
import { getMetric, type MetricContext, type MetricSpec } from "../metrics";
import { type ModuleLike, withMode } from "../module";
import { builtInLossName, checkTargets, probeOutput } from "./checks";
import { modelDtype } from "./predict";
import { trainingState } from "./state";

/** Options for {@link evaluate}. */
export interface EvaluateOptions {
	/** Loss (default: the loss `fit` last trained the model with, else `mse`). */
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

/** Computes loss and metrics of `model` on (x, y) without recording a graph, in evaluation mode (each module's mode restored after). */
export function evaluateTensors(
	model: ModuleLike,
	x: Tensor,
	y: Tensor,
	options: EvaluateOptions,
	loss = getLoss(options.loss ?? "mse"),
	metricContext: MetricContext = {},
): Logs {
	return noGrad(() => {
		const prediction = withMode(model, false, () => model.forward(variable(x)));
		const target = alignTarget(y, prediction.shape);
		const logs: Logs = { loss: loss(prediction, target).item() };
		for (const spec of options.metrics ?? []) {
			const m = getMetric(spec, metricContext);
			logs[m.name] = m.fn(prediction.value, target);
		}
		return logs;
	});
}

/**
 * Loss and metrics of `model` on (x, y), with the loss the model was trained
 * with unless `options.loss` says otherwise (`mse` for a model never trained by
 * `fit`). A flat x, like a flat y, is one value per sample. Throws before
 * computing anything for bad data: empty, non-numeric or non-finite values,
 * different row counts, x the model does not take, or y that does not fit the
 * output or the loss (ShapeError naming the data's shapes and the option to pass).
 */
export function evaluate(model: ModuleLike, x: DataLike, y: DataLike, options: EvaluateOptions = {}): Logs {
	const dtype = modelDtype(model);
	const xs = asRows(toDataTensor(x, "x", "evaluate", dtype));
	let ys = toDataTensor(y, "y", "evaluate", dtype);
	checkRows(xs, ys, "evaluate");
	const lossSpec = options.loss ?? trainingState(model)?.loss ?? "mse";
	const loss = getLoss(lossSpec);
	const output = probeOutput(model, xs, "evaluate");
	ys = alignTarget(ys, output.shape);
	checkTargets(ys, output, lossSpec, loss, "evaluate");
	const fromLogits = builtInLossName(lossSpec) === "binaryCrossEntropyFromLogits";
	return evaluateTensors(model, xs, ys, options, loss, { fromLogits });
}
