/** Flatten and Reshape: the same values in another shape, per sample. */
import type { Variable } from "@backprop/autograd";
import { ShapeError } from "@backprop/tensor";
import type { JsonObject } from "../json";
import { Module } from "../module";
import { checkPositive, showShape } from "./input-check";

/** `[batch, d1, d2, ...]` → `[batch, d1·d2·...]`, as Keras's Flatten. */
export class Flatten extends Module {
	/** Flattens every sample. Throws ShapeError naming the layer for an input without a batch dimension and features. */
	forward(x: Variable): Variable {
		if (x.rank < 2) throw new ShapeError(`${this.label}: expected input [batch, ...], got ${showShape(x.shape)}`);
		return x.reshape([x.shape[0], x.size / x.shape[0] || 0]);
	}
}

/** `[batch, ...]` → `[batch, ...targetShape]`, as Keras's Reshape (the batch dimension is kept). */
export class Reshape extends Module {
	/** The shape of one sample after the layer. */
	readonly targetShape: readonly number[];

	/** Creates the layer. Throws RangeError unless every size is a positive integer. */
	constructor(targetShape: readonly number[]) {
		super();
		if (!Array.isArray(targetShape) || targetShape.length === 0) {
			throw new RangeError(`Reshape: targetShape must be a list of sizes, got ${JSON.stringify(targetShape)}`);
		}
		for (const d of targetShape) checkPositive("Reshape", "every size in targetShape", d);
		this.targetShape = [...targetShape];
	}

	/** Reshapes every sample. Throws ShapeError naming the layer when a sample's size differs. */
	forward(x: Variable): Variable {
		const per = this.targetShape.reduce((a, b) => a * b, 1);
		const batch = x.shape[0];
		if (x.rank < 1 || x.size !== batch * per) {
			throw new ShapeError(
				`${this.label}: expected input [batch, ...] with ${per} values per sample (to make ${showShape(["batch", ...this.targetShape])}), got ${showShape(x.shape)}`,
			);
		}
		return x.reshape([batch, ...this.targetShape]);
	}

	/** `{ targetShape }`. */
	override getConfig(): JsonObject {
		return { targetShape: [...this.targetShape] };
	}
}
