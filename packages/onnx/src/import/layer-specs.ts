/**
 * Layers read from a graph before they are built: the op table's rows fill them
 * in node by node (a MatMul, then its Add, then its activation), and the import
 * builds the modules only once the whole graph has been read.
 */
import { Dense, LSTM, type Module } from "@backprop/nn";
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

/** Any other layer: how to build it, and whether it takes an activation of its own (Conv2D does). */
export class ModuleSpec implements LayerSpec {
	/** Its activation, "linear" until an activation node follows (for layers that take one). */
	activation = "linear";

	/** A layer read at `where`, built by `make(dtype, activation)`. */
	constructor(
		readonly where: string,
		private readonly make: (dtype: DType, activation: string) => Module,
		private readonly takesActivation = false,
	) {}

	/** Sets the activation when the layer takes one and has none yet. */
	setActivation(activation: string): boolean {
		if (!this.takesActivation || this.activation !== "linear") return false;
		this.activation = activation;
		return true;
	}

	/** The layer. */
	build(dtype: DType): Module {
		return this.make(dtype, this.activation);
	}
}

/** An LSTM read from an ONNX LSTM node; `returnSequences` turns off when only the last step is read. */
export class LSTMSpec implements LayerSpec {
	/** Whether every step's hidden state is the layer's output. */
	returnSequences = true;

	/** Weights in @backprop/nn's layout: weightIh [inputs, 4·units], weightHh [units, 4·units], bias [4·units]. */
	constructor(
		readonly where: string,
		readonly weightIh: Tensor,
		readonly weightHh: Tensor,
		readonly bias: Tensor,
	) {}

	/** The LSTM layer with these weights. */
	build(dtype: DType): Module {
		const [inputs, gates] = this.weightIh.shape as [number, number];
		const layer = new LSTM(inputs, gates / 4, { returnSequences: this.returnSequences, dtype });
		layer.weightIh.value = this.weightIh.astype(dtype);
		layer.weightHh.value = this.weightHh.astype(dtype);
		layer.bias.value = this.bias.astype(dtype);
		return layer;
	}
}
