import type { Variable } from "@backprop/autograd";

/** Anything trainable: a forward pass and the parameters it learns. */
export interface Module {
	/** Computes the output for a batch (or a single sample). */
	forward(x: Variable): Variable;
	/** The variables an optimizer updates, in a stable order. */
	parameters(): Variable[];
}
