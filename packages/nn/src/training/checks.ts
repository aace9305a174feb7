/**
 * Checks `fit` and `evaluate` make on the whole data before any step: the model
 * takes x, its output fits y (errors show the data's shapes, not a batch's), and
 * every target suits the loss (errors name the dataset row).
 */
import { noGrad, type Variable, variable } from "@backprop/autograd";
import { formatShape, ShapeError, type Tensor } from "@backprop/tensor";
import {
	binaryCrossEntropy,
	crossEntropy,
	type Loss,
	type LossSpec,
	mae,
	mse,
	ONE_OUTPUT_CROSS_ENTROPY,
} from "../losses";
import { type ModuleLike, withMode } from "../module";

const BUILT_IN = new Set(["mse", "mae", "huber", "binaryCrossEntropy", "binaryCrossEntropyFromLogits", "crossEntropy"]);

/** The registry name of a built-in loss given by name or as the exported function, else null (a user's loss). */
export function builtInLossName(spec: LossSpec): string | null {
	if (typeof spec === "string") return BUILT_IN.has(spec) ? spec : null;
	if (spec === crossEntropy) return "crossEntropy";
	if (spec === mse) return "mse";
	if (spec === mae) return "mae";
	if (spec === binaryCrossEntropy) return "binaryCrossEntropy";
	return null;
}

/** The model's output for x's first row, and the shape its output for all of x has. */
export interface OutputProbe {
	/** The output for the first row (no graph recorded). */
	first: Variable;
	/** The output shape for the whole of x. */
	shape: number[];
}

/**
 * Runs the model on x's first row. Throws ShapeError showing x's whole shape
 * (`fit: x [4, 3] does not fit the model: ...`) when the model refuses it.
 */
export function probeOutput(model: ModuleLike, x: Tensor, op: string, what = "x"): OutputProbe {
	try {
		// Evaluation mode: a probe must not move BatchNorm's statistics nor draw Dropout's masks.
		const first = noGrad(() => withMode(model, false, () => model.forward(variable(x.slice(0, 1)))));
		return { first, shape: [x.shape[0], ...first.shape.slice(1)] };
	} catch (e) {
		if (!(e instanceof ShapeError)) throw e;
		// Run the whole data so the message shows its shapes rather than one row's.
		let message = e.message;
		try {
			noGrad(() => withMode(model, false, () => model.forward(variable(x))));
		} catch (full) {
			if (full instanceof ShapeError) message = full.message;
		}
		throw new ShapeError(`${op}: ${what} ${formatShape(x.shape)} does not fit the model: ${message}`);
	}
}

/**
 * Checks that y suits the loss on the model's output shape, before any step.
 * Throws ShapeError (with both data shapes and the option to change) for a
 * target that does not fit, RangeError naming the row for a bad label or target,
 * and Error for crossEntropy on one output.
 */
export function checkTargets(
	y: Tensor,
	output: OutputProbe,
	lossSpec: LossSpec,
	loss: Loss,
	op: string,
	what = "y",
): void {
	const name = builtInLossName(lossSpec);
	const outputShape = output.shape;
	const columns = outputShape.length === 2 ? outputShape[1] : 1;
	const shapes = `the model's output is ${formatShape(outputShape)} but ${what} is ${formatShape(y.shape)}`;
	if (name === "crossEntropy") {
		if (columns === 1) throw new Error(`${op}: ${ONE_OUTPUT_CROSS_ENTROPY}`);
		const labels = y.rank === 1 || (y.rank === 2 && y.shape[1] === 1);
		if (labels) {
			const values = y.reshape([-1]).toArray() as number[];
			const row = values.findIndex((c) => !Number.isInteger(c) || c < 0 || c >= columns);
			if (row >= 0) {
				throw new RangeError(
					`${op}: ${what} row ${row} holds label ${values[row]}, but the model has ${columns} outputs (classes 0 to ${columns - 1})`,
				);
			}
			return;
		}
		if (y.rank !== 2 || y.shape[1] !== columns) {
			throw new ShapeError(
				`${op}: ${shapes}; crossEntropy takes class labels [${y.shape[0]}] or one-hot rows [${y.shape[0]}, ${columns}]`,
			);
		}
		return;
	}
	const sameShape = y.rank === outputShape.length && y.shape.every((d, i) => d === outputShape[i]);
	if (name !== null && name !== "crossEntropy" && !sameShape) {
		const hint =
			columns > 1 && (y.rank === 1 || y.shape[1] === 1)
				? ` (for class labels pass { loss: "crossEntropy" })`
				: ` (${name} needs a target shaped like the output)`;
		throw new ShapeError(`${op}: ${shapes}${hint}`);
	}
	if (name === "binaryCrossEntropy" || name === "binaryCrossEntropyFromLogits") {
		const values = y.reshape([-1]).toArray() as number[];
		const at = values.findIndex((v) => !(v >= 0 && v <= 1));
		if (at >= 0) {
			const row = Math.floor(at / Math.max(1, y.size / y.shape[0]));
			throw new RangeError(`${op}: ${what} row ${row} holds ${values[at]}, but ${name} needs targets in [0, 1]`);
		}
	}
	if (name === null) {
		// A user's loss: let it judge the first row, and show the data's shapes if it refuses.
		try {
			noGrad(() => loss(output.first, y.slice(0, 1)));
		} catch (e) {
			if (e instanceof ShapeError) throw new ShapeError(`${op}: ${shapes}: ${e.message}`);
		}
	}
}
