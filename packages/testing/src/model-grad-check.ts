/** Gradient checking a whole model: the loss's gradient with respect to every parameter, through the model's own layers. */
import { type GradCheckOptions, type GradCheckReport, gradCheck, type Variable, variable } from "@backprop/autograd";
import { getLoss, type LossSpec, type Module } from "@backprop/nn";
import type { Tensor } from "@backprop/tensor";

type Holder = Record<string, unknown>;

// The objects that may hold parameters: the model and, for a stack, its layers.
function holders(model: Module): Holder[] {
	const layers = (model as { layers?: unknown }).layers;
	return [model as unknown as Holder, ...(Array.isArray(layers) ? (layers as Holder[]) : [])];
}

/**
 * Runs `fn` with each of the model's parameters replaced by `replacements[i]`
 * wherever a layer (or the model) holds it in an own property, then puts the
 * originals back. Throws TypeError when a parameter is held nowhere it can be swapped.
 */
export function withParameters<T>(model: Module, replacements: readonly Variable[], fn: () => T): T {
	const originals = model.parameters();
	const slots: Array<[Holder, string, number]> = [];
	for (const holder of holders(model)) {
		for (const key of Object.keys(holder)) {
			const at = originals.indexOf(holder[key] as Variable);
			if (at >= 0) slots.push([holder, key, at]);
		}
	}
	const found = new Set(slots.map(([, , i]) => i));
	const missing = originals.findIndex((_, i) => !found.has(i));
	if (missing >= 0) {
		throw new TypeError(`withParameters: parameter ${missing} is not held in a property of the model or its layers`);
	}
	for (const [holder, key, i] of slots) holder[key] = replacements[i];
	try {
		return fn();
	} finally {
		for (const [holder, key, i] of slots) holder[key] = originals[i];
	}
}

/**
 * gradCheck of `loss(model(x), target)` with respect to every parameter: the
 * analytic gradients come from the model's own forward and backward, compared
 * with central finite differences. Returns gradCheck's report (the worst
 * element's `input` is the parameter index in `model.parameters()` order).
 */
export function modelGradCheck(
	model: Module,
	x: Tensor,
	target: Tensor,
	loss: LossSpec = "mse",
	options: GradCheckOptions = {},
): GradCheckReport {
	const fn = getLoss(loss);
	const lossWith = (...params: Variable[]): Variable =>
		withParameters(model, params, () => fn(model.forward(variable(x)), target));
	return gradCheck(
		lossWith,
		model.parameters().map((p) => p.value),
		options,
	);
}
