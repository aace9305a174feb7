/** Export row of Sequential: its layers in order, each through its own row. */
import { type ModuleLike, Sequential } from "@backprop/nn";
import { findLayerExporter, type LayerExporter, type ValueShape } from "./layer-table";

/** Sequential → the nodes of each of its layers, chained (a value stays channels-first between window layers). */
export const sequentialExporter: LayerExporter<Sequential> = {
	type: "Sequential",
	matches: (layer: ModuleLike): layer is Sequential => layer instanceof Sequential,
	inputShape: (model): ValueShape | null => {
		const first = model.layers[0];
		if (!first) return null;
		return findLayerExporter(first)?.inputShape(first) ?? null;
	},
	// Each layer gets the layout it needs through exportLayer; the output stays in whatever layout the last gives.
	layouts: "any",
	takesIndices: (model) => {
		const first = model.layers[0];
		return first !== undefined && (findLayerExporter(first)?.takesIndices?.(first) ?? false);
	},
	export(model, input, context) {
		let value = input;
		model.layers.forEach((layer, i) => {
			const inner = context.prefix === "" ? `layer${i}` : `${context.prefix}_layer${i}`;
			const path = context.path === "" ? `layer ${i}` : `${context.path}, layer ${i}`;
			value = context.exportLayer(layer, value, path, inner);
		});
		return value;
	},
};
