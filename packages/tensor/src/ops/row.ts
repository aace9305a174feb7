/** The shape of an op-table row: how an op is called, computed and differentiated. */
import type { Tensor } from "../tensor";

/** What a gradient rule sees about the forward call it differentiates. */
export interface GradContext {
	/** The operand values, in order (numbers already made rank-0 tensors). */
	readonly inputs: readonly Tensor[];
	/** The forward result. */
	readonly output: Tensor;
	/** The call's non-operand arguments, in order (axes, bounds, shapes, ...). */
	readonly attrs: readonly unknown[];
	/** Which inputs need a gradient; a rule may skip the others (return null). */
	readonly needsGrad: readonly boolean[];
}

/** dLoss/dOutput to dLoss/dInput for each input (its shape), or null where none flows. */
export type GradRule = (g: Tensor, ctx: GradContext) => ReadonlyArray<Tensor | null>;

/**
 * One op. `fn` is the op on tensors (operands first, then attributes) and is the
 * free function itself; `arity` says how many leading arguments are operands
 * (`variadic`: the first argument is an array of operands). A non-variadic op
 * takes at most four attributes after its operands (an options object for more),
 * so its methods need no rest parameter.
 *
 * - A primitive has a `grad` rule over tensors: autograd records one graph node.
 * - A composite (`grad: "composite"`) is written with methods only, so on
 *   variables it records the primitives it is made of and needs no rule.
 * - A constant (`grad: null`) has no gradient (comparisons, argmax).
 */
export interface OpRow {
	readonly arity: number;
	readonly variadic?: boolean;
	/** True when `fn` takes exactly its operands (no attributes): its method needs no rest parameter. */
	readonly operandsOnly?: boolean;
	// biome-ignore lint/suspicious/noExplicitAny: rows are typed against OpSignatures where they are listed (ops/table.ts)
	readonly fn: (...args: any[]) => Tensor;
	readonly grad: GradRule | "composite" | null;
}
