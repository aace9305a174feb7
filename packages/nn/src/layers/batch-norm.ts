/** Batch normalization over the last axis, with running statistics for evaluation. */
import { type Variable, variable } from "@backprop/autograd";
import { type DType, ones, ShapeError, zeros } from "@backprop/tensor";
import type { JsonObject } from "../json";
import { Module } from "../module";
import { checkPositive, showShape } from "./input-check";

/** Options for {@link BatchNorm}. */
export interface BatchNormOptions {
	/** Weight of the newest batch in the running statistics (default 0.1, PyTorch's convention). */
	momentum?: number;
	/** Added to the variance before the square root (default 1e-5). */
	eps?: number;
	/** Parameter dtype (default float64). */
	dtype?: DType;
}

/** Checks a rate in [0, 1] or a positive epsilon, naming the layer and option. */
export function checkUnit(layer: string, option: string, value: number, open: "eps" | "rate"): number {
	const ok = open === "eps" ? value > 0 && Number.isFinite(value) : value >= 0 && value <= 1;
	if (typeof value !== "number" || !ok) {
		throw new RangeError(
			`${layer}: ${option} must be ${open === "eps" ? "a positive number" : "in [0, 1]"}, got ${String(value)}`,
		);
	}
	return value;
}

/**
 * Normalizes each feature (the last axis) over every other axis, then scales
 * and shifts it: y = (x - mean) / √(var + eps) · weight + bias, as PyTorch's
 * BatchNorm1d/2d (NHWC: the channels are last). In training mode mean and var
 * are the batch's (var biased), and the running statistics move towards them:
 * running = (1 - momentum) · running + momentum · batch (the running variance
 * takes the unbiased batch variance). In evaluation mode the running statistics
 * are used. Throws RangeError for bad options.
 */
export class BatchNorm extends Module {
	/** The scale γ, [features], starting at 1. */
	readonly weight: Variable;
	/** The shift β, [features], starting at 0. */
	readonly bias: Variable;
	/** Running mean (a buffer, saved with the model), [features]. */
	readonly runningMean: Variable;
	/** Running variance (a buffer), [features]. */
	readonly runningVar: Variable;
	/** Weight of the newest batch in the running statistics. */
	readonly momentum: number;
	/** Variance epsilon. */
	readonly eps: number;

	/** Creates the layer. */
	constructor(
		readonly features: number,
		options: BatchNormOptions = {},
	) {
		super();
		checkPositive("BatchNorm", "features", features);
		this.momentum = checkUnit("BatchNorm", "momentum", options.momentum ?? 0.1, "rate");
		this.eps = checkUnit("BatchNorm", "eps", options.eps ?? 1e-5, "eps");
		const dtype = options.dtype ?? "float64";
		this.weight = variable(ones([features], { dtype }), { requiresGrad: true, name: "weight" });
		this.bias = variable(zeros([features], { dtype }), { requiresGrad: true, name: "bias" });
		this.runningMean = variable(zeros([features], { dtype }), { name: "runningMean" });
		this.runningVar = variable(ones([features], { dtype }), { name: "runningVar" });
	}

	/**
	 * Normalizes x [batch, ..., features]. Throws ShapeError naming the layer for
	 * another last dimension, or (training) a single value per feature.
	 */
	forward(x: Variable): Variable {
		const f = this.features;
		if (x.rank < 2 || x.shape[x.rank - 1] !== f) {
			throw new ShapeError(`${this.label}: expected input [batch, ..., ${f}], got ${showShape(x.shape)}`);
		}
		if (!this.training) {
			const scale = this.runningVar.value.add(this.eps).sqrt();
			return x.sub(this.runningMean.value).div(scale).mul(this.weight).add(this.bias);
		}
		const axes = x.shape.slice(0, -1).map((_, i) => i);
		const n = x.size / f;
		if (n < 2) {
			throw new ShapeError(
				`${this.label}: training needs more than one value per feature, got input ${showShape(x.shape)} (use a batch of 2 or more, or eval mode)`,
			);
		}
		const mean = x.mean(axes);
		const centered = x.sub(mean);
		const variance = centered.square().mean(axes);
		const m = this.momentum;
		this.runningMean.value = this.runningMean.value.mul(1 - m).add(mean.value.mul(m));
		this.runningVar.value = this.runningVar.value.mul(1 - m).add(variance.value.mul((m * n) / (n - 1)));
		return centered.div(variance.add(this.eps).sqrt()).mul(this.weight).add(this.bias);
	}

	/** `{ features, momentum, eps }`. */
	override getConfig(): JsonObject {
		return { features: this.features, momentum: this.momentum, eps: this.eps };
	}
}
