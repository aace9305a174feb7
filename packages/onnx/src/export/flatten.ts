/** Export rows of Flatten and Reshape: the ONNX Flatten (axis 1) and Reshape ops. */
import { Flatten, type ModuleLike, Reshape } from "@backprop/nn";
import { OnnxError } from "../errors";
import type { LayerExporter, ValueShape } from "./layer-table";

function show(shape: ValueShape): string {
	return `[${shape.map((d) => d ?? "N").join(",")}]`;
}

/** The number of values per sample of `shape` (batch first); throws OnnxError naming `where` when one is unknown. */
function perSample(shape: ValueShape, where: string): number {
	const rest = shape.slice(1);
	if (shape.length < 2 || rest.some((d) => d === null)) {
		throw new OnnxError(`toOnnx: ${where}: needs an input [batch, ...] of known sizes, gets ${show(shape)}`);
	}
	return (rest as number[]).reduce((a, b) => a * b, 1);
}

/** Flatten → Flatten(axis 1): [batch, d1, d2, ...] → [batch, d1·d2·...]. */
export const flattenExporter: LayerExporter<Flatten> = {
	type: "Flatten",
	matches: (layer: ModuleLike): layer is Flatten => layer instanceof Flatten,
	inputShape: () => null,
	export(_layer, input, { graph, where, prefix }) {
		const size = perSample(input.shape, where);
		const name = graph.node("Flatten", [input.name], `${prefix}_Flatten`, { axis: { int: 1 } });
		return { name, shape: [input.shape[0] ?? null, size] };
	},
};

/** Reshape → Reshape(x, [0, ...targetShape]) (0 keeps the batch size); throws OnnxError when the sizes differ. */
export const reshapeExporter: LayerExporter<Reshape> = {
	type: "Reshape",
	matches: (layer: ModuleLike): layer is Reshape => layer instanceof Reshape,
	inputShape: (layer) => [null, ...layer.targetShape],
	export(layer, input, { graph, where, prefix }) {
		const size = perSample(input.shape, where);
		const target = layer.targetShape.reduce((a, b) => a * b, 1);
		if (size !== target) {
			throw new OnnxError(
				`toOnnx: ${where}: reshapes ${target} values per sample to [N,${layer.targetShape.join(",")}] but gets ${show(input.shape)}`,
			);
		}
		const shape = graph.int64Constant(`${prefix}_shape`, [0, ...layer.targetShape]);
		const name = graph.node("Reshape", [input.name, shape], `${prefix}_Reshape`);
		return { name, shape: [input.shape[0] ?? null, ...layer.targetShape] };
	},
};
