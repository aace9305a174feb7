/** Optimizers by name, for `fit` and the command line. */
import type { Variable } from "@backprop/autograd";
import { Registry } from "../registry";
import { Adam } from "./adam";
import type { Optimizer } from "./optimizer";
import { RMSProp } from "./rmsprop";
import { SGD } from "./sgd";

/** Names `createOptimizer` knows. */
export const optimizerNames = ["sgd", "adam", "rmsprop"] as const;

/** One of {@link optimizerNames}. */
export type OptimizerName = (typeof optimizerNames)[number];

type OptimizerFactory = (params: Iterable<Variable>, lr: number | undefined) => Optimizer;

/** The optimizers by name, listed in the order of {@link optimizerNames}. */
export const optimizerRegistry = new Registry<OptimizerFactory>("optimizer", "registered");
const factories: Record<OptimizerName, OptimizerFactory> = {
	sgd: (params, lr) => new SGD(params, { lr: lr ?? 0.01 }),
	adam: (params, lr) => new Adam(params, lr === undefined ? {} : { lr }),
	rmsprop: (params, lr) => new RMSProp(params, lr === undefined ? {} : { lr }),
};
for (const name of optimizerNames) optimizerRegistry.setBuiltIn(name, factories[name]);

/**
 * Creates an optimizer by name, in any case (`sgd` needs `lr`; `adam` and
 * `rmsprop` default it). Throws UnknownNameError listing the known names (and
 * the nearest) for an unknown one, RangeError for a bad lr.
 */
export function createOptimizer(name: string, params: Iterable<Variable>, lr?: number): Optimizer {
	return optimizerRegistry.get(name)(params, lr);
}
