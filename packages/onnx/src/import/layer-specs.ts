/**
 * Layers read from a graph before they are built: the op table's rows fill them
 * in node by node (a MatMul, then its Add, then its activation), and the import
 * builds the modules only once the whole graph has been read.
 */
import { Dense, type Module } from "@backprop/nn";
import type { DType, Tensor } from "@backprop/tensor";

/** A layer read from the graph, not built yet. */
export interface LayerSpec {
	/** The node it came from, for messages. */
	readonly where: string;
	/**
	 * Takes `activation` (a registry name) as the layer's own activation when it has
	 * none yet; false when it cannot.
	 */
	setActivation?(activation: string): boolean;
	/** Builds the layer with parameters of `dtype`. */
	build(dtype: DType): Module;
}

/** A dense layer: weight [inputs, units], an optional bias [units], an activation. */
export class DenseSpec implements LayerSpec {
	/** Its activation, "linear" until an activation node follows. */
	activation = "linear";

	/** A dense layer of `weight` ([inputs, units]) and `bias` ([units] or null), read at `where`. */
	constructor(
		readonly where: string,
		readonly weight: Tensor,
		public bias: Tensor | null,
	) {}

	/** Units (outputs) of the layer. */
	get units(): number {
		return this.weight.shape[1];
	}

	/** Sets the activation if the layer has none yet. */
	setActivation(activation: string): boolean {
		if (this.activation !== "linear") return false;
		this.activation = activation;
		return true;
	}

	/** The Dense layer. */
	build(dtype: DType): Module {
		const [inputs, units] = this.weight.shape as [number, number];
		return new Dense(inputs, units, {
			activation: this.activation,
			dtype,
			weights: this.weight,
			useBias: this.bias !== null,
			...(this.bias ? { bias: this.bias } : {}),
		});
	}
}
