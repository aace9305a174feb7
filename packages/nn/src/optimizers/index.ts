/** Optimizers by name, for `fit` and the command line. */
import type { Variable } from "@backprop/autograd";
import { Adam } from "./adam";
import type { Optimizer } from "./optimizer";
import { RMSProp } from "./rmsprop";
import { SGD } from "./sgd";

/** Names `createOptimizer` knows. */
export const optimizerNames = ["sgd", "adam", "rmsprop"] as const;

/** One of {@link optimizerNames}. */
export type OptimizerName = (typeof optimizerNames)[number];

/**
 * Creates an optimizer by name (`sgd` needs `lr`; `adam` and `rmsprop` default it).
 * Throws an Error listing the known names for an unknown one, RangeError for a bad lr.
 */
export function createOptimizer(name: string, params: Iterable<Variable>, lr?: number): Optimizer {
	switch (name.toLowerCase()) {
		case "sgd":
			return new SGD(params, { lr: lr ?? 0.01 });
		case "adam":
			return new Adam(params, lr === undefined ? {} : { lr });
		case "rmsprop":
			return new RMSProp(params, lr === undefined ? {} : { lr });
		default:
			throw new Error(`unknown optimizer ${JSON.stringify(name)} (known: ${optimizerNames.join(", ")})`);
	}
}
