/** Layer normalization over the last axis. */
import { type Variable, variable } from "@backprop/autograd";
import { type DType, ones, ShapeError, zeros } from "@backprop/tensor";
import type { JsonObject } from "../json";
import { Module } from "../module";
import { checkUnit } from "./batch-norm";
import { checkPositive, showShape } from "./input-check";

/** Options for {@link LayerNorm}. */
export interface LayerNormOptions {
	/** Added to the variance before the square root (default 1e-5). */
	eps?: number;
	/** Parameter dtype (default float64). */
	dtype?: DType;
}

/**
 * Normalizes each sample over its last axis, then scales and shifts:
 * y = (x - mean) / √(var + eps) · weight + bias, mean and (biased) var taken
 * over the last axis of each sample, as PyTorch's LayerNorm(features). The same
 * in training and evaluation mode. Throws RangeError for bad options.
 */
export class LayerNorm extends Module {
	/** The scale γ, [features], starting at 1. */
	readonly weight: Variable;
	/** The shift β, [features], starting at 0. */
	readonly bias: Variable;
	/** Variance epsilon. */
	readonly eps: number;

	/** Creates the layer. */
	constructor(
		readonly features: number,
		options: LayerNormOptions = {},
	) {
		super();
		checkPositive("LayerNorm", "features", features);
		this.eps = checkUnit("LayerNorm", "eps", options.eps ?? 1e-5, "eps");
		const dtype = options.dtype ?? "float64";
		this.weight = variable(ones([features], { dtype }), { requiresGrad: true, name: "weight" });
		this.bias = variable(zeros([features], { dtype }), { requiresGrad: true, name: "bias" });
	}

	/** Normalizes x [..., features]. Throws ShapeError naming the layer for another last dimension. */
	forward(x: Variable): Variable {
		const f = this.features;
		if (x.rank < 1 || x.shape[x.rank - 1] !== f) {
			throw new ShapeError(`${this.label}: expected input [batch, ..., ${f}], got ${showShape(x.shape)}`);
		}
		const centered = x.sub(x.mean(-1, true));
		const variance = centered.square().mean(-1, true);
		return centered.div(variance.add(this.eps).sqrt()).mul(this.weight).add(this.bias);
	}

	/** `{ features, eps }`. */
	override getConfig(): JsonObject {
		return { features: this.features, eps: this.eps };
	}
}
