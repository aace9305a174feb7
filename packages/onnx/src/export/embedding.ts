/** Export row of Embedding: Gather of the table's rows at int64 indices. */
import { Embedding, type ModuleLike } from "@backprop/nn";
import { INT64 } from "../proto";
import type { LayerExporter } from "./layer-table";

/**
 * Embedding → Gather(weight, indices, axis 0): [batch, ...] indices give
 * [batch, ..., dim]. A model starting with an Embedding takes int64 indices as its
 * graph input (default shape [batch, sequence], both dynamic); indices computed
 * inside the graph (a float value) are Cast to int64 first. An index outside
 * [0, vocabulary) is the runtime's error there (ONNX's Gather also reads negative
 * indices from the end, where predict throws).
 */
export const embeddingExporter: LayerExporter<Embedding> = {
	type: "Embedding",
	matches: (layer: ModuleLike): layer is Embedding => layer instanceof Embedding,
	inputShape: () => [null, null],
	takesIndices: () => true,
	export(layer, input, { graph, prefix }) {
		const indices =
			input.type === "int64" ? input.name : graph.node("Cast", [input.name], `${prefix}_Cast`, { to: { int: INT64 } });
		const table = graph.constant(`${prefix}_weight`, layer.weight.value);
		const name = graph.node("Gather", [table, indices], `${prefix}_Gather`, { axis: { int: 0 } });
		return { name, shape: [...input.shape, layer.dim] };
	},
};
