/** An activation as a layer of its own, as Keras's `Activation('relu')`. */
import type { Variable } from "@backprop/autograd";
import { type ActivationFunction, type ActivationSpec, getActivation } from "../activations";
import type { JsonObject } from "../json";
import { Module } from "../module";

/**
 * Applies an activation (a registered name, `{ name, apply }` or `{ name, f, df }`)
 * to its input, whatever the shape. Throws what getActivation throws for an
 * unknown name.
 */
export class Activation extends Module {
	/** The resolved activation. */
	readonly activation: ActivationFunction;

	/** Creates the layer. */
	constructor(activation: ActivationSpec) {
		super();
		this.activation = getActivation(activation);
	}

	/** The activation applied elementwise (softmax over the last axis). */
	forward(x: Variable): Variable {
		return this.activation.apply(x);
	}

	/** `{ activation }` (saved only when the activation is registered). */
	override getConfig(): JsonObject {
		return { activation: this.activation.name };
	}
}
