/** Export row of the Activation layer: the ONNX node of its activation, in either layout. */
import { Activation, type ModuleLike } from "@backprop/nn";
import { exportActivation } from "./activations";
import type { LayerExporter } from "./layer-table";

/** Activation → its activation's node (none for linear); throws OnnxError for a custom activation. */
export const activationLayerExporter: LayerExporter<Activation> = {
	type: "Activation",
	matches: (layer: ModuleLike): layer is Activation => layer instanceof Activation,
	inputShape: () => null,
	layouts: "any",
	export: (layer, input, { graph, where, prefix }) => ({
		...input,
		name: exportActivation(layer.activation, graph, input.name, where, prefix, input.layout),
	}),
};
