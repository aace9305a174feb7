/**
 * Pluggable losses: `(prediction, target) => scalar Variable`. Elementwise losses
 * are the mean over all elements (PyTorch's and Keras's default reduction).
 */
import { defineOp, type Variable } from "@backprop/autograd";
import { formatShape, ShapeError, sumSquaredDifference, type Tensor, tensor } from "@backprop/tensor";
import { Registry } from "./registry";

/** A loss: prediction (a Variable) against a target (a Tensor), reduced to a scalar. */
export type Loss = (prediction: Variable, target: Tensor) => Variable;

/** What `fit` and friends accept as a loss: a registered name or a function. */
export type LossSpec = string | Loss;

function sameShapes(name: string, p: Variable, t: Tensor): void {
	if (p.rank !== t.rank || p.shape.some((d, i) => d !== t.shape[i])) {
		throw new ShapeError(`${name}: prediction ${formatShape(p.shape)} and target ${formatShape(t.shape)} differ`);
	}
}

// mean((p - t)²) and its gradient 2(p - t)/n as one op: the hot loss of small networks.
const mseOp = defineOp({
	name: "mse",
	forward: ([p, t]) => {
		const a = p;
		const b = t;
		if (a.dtype !== b.dtype) return a.sub(b).square().mean();
		return tensor(sumSquaredDifference(a, b) / a.size, { dtype: a.dtype });
	},
	backward: (g, { inputs: [p, t], needsGrad }) => {
		const d = p.sub(t);
		const scale = (2 * g.item()) / Math.max(d.size, 1);
		return [needsGrad[0] ? d.mul(scale) : null, needsGrad[1] ? d.mul(-scale) : null];
	},
});

/** Mean squared error, mean((target - prediction)²): the tutorial's loss. Throws ShapeError for different shapes. */
export function mse(prediction: Variable, target: Tensor): Variable {
	sameShapes("mse", prediction, target);
	return mseOp([prediction, target]);
}

/** Mean absolute error, mean(|target - prediction|). Throws ShapeError for different shapes. */
export function mae(prediction: Variable, target: Tensor): Variable {
	sameShapes("mae", prediction, target);
	return prediction.sub(target).abs().mean();
}

/**
 * Huber loss, mean of ½d² where |d| ≤ delta and delta(|d| - ½delta) beyond, d = prediction - target.
 * Throws ShapeError for different shapes, RangeError for delta ≤ 0.
 */
export function huber(prediction: Variable, target: Tensor, options: { delta?: number } = {}): Variable {
	sameShapes("huber", prediction, target);
	const delta = options.delta ?? 1;
	if (!(delta > 0)) throw new RangeError(`huber: delta must be positive, got ${delta}`);
	const a = prediction.sub(target).abs();
	const q = a.minimum(delta); // the quadratic part, capped at delta
	return q.square().mul(0.5).add(a.sub(q).mul(delta)).mean();
}

/** Options for {@link binaryCrossEntropy}. */
export interface BinaryCrossEntropyOptions {
	/** True when predictions are logits (before a sigmoid); default false (probabilities). */
	fromLogits?: boolean;
}

// Probabilities are clamped this far from 0 and 1 so log never sees 0 (Keras's epsilon).
const PROBABILITY_EPSILON = 1e-7;

/**
 * Binary cross-entropy, mean(-(y·log p + (1-y)·log(1-p))). From logits z it is
 * computed as mean(softplus(z) - y·z), which never overflows; from probabilities, p is
 * clamped to [1e-7, 1 - 1e-7]. No NaN or Infinity for targets 0/1 and saturated outputs.
 * Throws ShapeError for different shapes.
 */
export function binaryCrossEntropy(
	prediction: Variable,
	target: Tensor,
	options: BinaryCrossEntropyOptions = {},
): Variable {
	sameShapes("binaryCrossEntropy", prediction, target);
	if (options.fromLogits) return prediction.softplus().sub(prediction.mul(target)).mean();
	const p = prediction.clip(PROBABILITY_EPSILON, 1 - PROBABILITY_EPSILON);
	const oneMinusT = target.neg().add(1);
	return p.log().mul(target).add(p.neg().add(1).log().mul(oneMinusT)).neg().mean();
}

/** Why crossEntropy refuses one output, and what to use instead (shared with fit's checks). */
export const ONE_OUTPUT_CROSS_ENTROPY =
	"crossEntropy needs one output per class, but the model has one output: a softmax over one class is always 1, so the loss would be 0 and nothing would train. For two classes labelled 0/1 use binaryCrossEntropy (sigmoid output) or binaryCrossEntropyFromLogits (linear output)";

/**
 * Cross-entropy on logits (softmax + negative log-likelihood through log-sum-exp),
 * as PyTorch's CrossEntropyLoss: the mean over rows of -Σ y·log_softmax(logits).
 * `target` is one-hot (or probabilities) shaped like the logits [n, classes], or
 * integer class labels [n]. Throws ShapeError for other shapes, RangeError for a label
 * that is not an integer in [0, classes), Error for logits with one column.
 */
export function crossEntropy(logits: Variable, target: Tensor): Variable {
	if (logits.rank !== 2) {
		throw new ShapeError(`crossEntropy: logits must be [n, classes], got ${formatShape(logits.shape)}`);
	}
	const [n, classes] = logits.shape as [number, number];
	if (classes === 1) {
		// A softmax over one class is 1 whatever the logit: the loss is 0 and nothing trains.
		throw new Error(`crossEntropy: ${ONE_OUTPUT_CROSS_ENTROPY}`);
	}
	let y = target;
	const asLabels = target.rank === 1 || (target.rank === 2 && target.shape[1] === 1 && classes > 1);
	if (asLabels && target.size === n) {
		const labels = target.dataSync();
		const oneHot = new Float64Array(n * classes);
		for (let i = 0; i < n; i++) {
			const c = labels[i];
			if (!Number.isInteger(c) || c < 0 || c >= classes) {
				throw new RangeError(`crossEntropy: label ${c} in row ${i} is not a class index in [0, ${classes})`);
			}
			oneHot[i * classes + c] = 1;
		}
		y = tensor(oneHot, { shape: [n, classes], dtype: logits.dtype });
	} else if (target.rank !== 2 || target.shape[0] !== n || target.shape[1] !== classes) {
		throw new ShapeError(
			`crossEntropy: target ${formatShape(target.shape)} fits neither logits ${formatShape(logits.shape)} nor labels [${n}]`,
		);
	}
	return logits.logSoftmax(-1).mul(y).sum(-1).mean().neg();
}

const registry = new Registry<Loss>("loss");
registry.setBuiltIn("mse", mse);
registry.setBuiltIn("mae", mae);
registry.setBuiltIn("huber", (p, t) => huber(p, t));
registry.setBuiltIn("binaryCrossEntropy", (p, t) => binaryCrossEntropy(p, t));
registry.setBuiltIn("binaryCrossEntropyFromLogits", (p, t) => binaryCrossEntropy(p, t, { fromLogits: true }));
registry.setBuiltIn("crossEntropy", crossEntropy);

/**
 * Resolves a loss name (`mse`, `mae`, `huber`, `binaryCrossEntropy`,
 * `binaryCrossEntropyFromLogits`, `crossEntropy`, or a registered one) or passes a
 * function through. Throws an Error listing the known names for an unknown name.
 */
export function getLoss(spec: LossSpec): Loss {
	if (typeof spec === "function") return spec;
	if (typeof spec === "string") return registry.get(spec);
	throw new TypeError(`loss: expected a name or a function, got ${JSON.stringify(spec)}`);
}

/** Registers a loss under `name`. Throws TypeError for an invalid name or a non-function. */
export function registerLoss(name: string, fn: Loss): void {
	if (typeof fn !== "function") throw new TypeError(`registerLoss: ${name} must be a function`);
	registry.set(name, fn);
}

/** Names of the registered losses. */
export function lossNames(): string[] {
	return registry.names();
}

/** The loss registry, for lookups by kind (see names.ts). */
export { registry as lossRegistry };
