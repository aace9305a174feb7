/** Export row of Dropout: nothing (an exported model is for inference, where Dropout is the identity). */
import { Dropout, type ModuleLike } from "@backprop/nn";
import type { LayerExporter } from "./layer-table";

/** Dropout → no node: its input is its output, in whatever layout it comes. */
export const dropoutExporter: LayerExporter<Dropout> = {
	type: "Dropout",
	matches: (layer: ModuleLike): layer is Dropout => layer instanceof Dropout,
	inputShape: () => null,
	layouts: "any",
	export: (_layer, input) => input,
};
