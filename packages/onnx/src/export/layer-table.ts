/**
 * The export table: one row per layer kind, each in its own file, saying how a
 * layer of that kind becomes ONNX nodes. A new layer kind adds one row here.
 */
import type { ModuleLike } from "@backprop/nn";
import type { GraphBuilder } from "./graph-builder";

/** A value's shape in the exported graph, batch first; null is the (dynamic) batch dimension. */
export type ValueShape = readonly (number | null)[];

/** A value flowing between layers: its name in the graph and its shape. */
export interface ExportValue {
	readonly name: string;
	readonly shape: ValueShape;
}

/** What a layer exporter gets besides its layer and input. */
export interface LayerExportContext {
	/** The graph to add constants and nodes to. */
	readonly graph: GraphBuilder;
	/** The layer as error messages name it, e.g. "layer 2 (Dense)". */
	readonly where: string;
	/** Its position in the model, e.g. "layer 2" ("" for the model itself). */
	readonly path: string;
	/** A prefix for the names of the layer's nodes and constants, e.g. "layer2". */
	readonly prefix: string;
	/** Exports a nested layer (for containers such as Sequential). */
	exportLayer(layer: ModuleLike, input: ExportValue, path: string, prefix: string): ExportValue;
}

/** One row of the export table. */
export interface LayerExporter<L extends ModuleLike = ModuleLike> {
	/** The layer kind as messages name it ("Dense"). */
	readonly type: string;
	/** True for the layers this row exports. */
	matches(layer: ModuleLike): layer is L;
	/** The shape the layer takes (batch first), or null when it cannot say (the caller must be told). */
	inputShape(layer: L): ValueShape | null;
	/**
	 * Adds the layer's nodes, reading `input`; returns its output. Throws OnnxError
	 * naming `context.where` for a layer it cannot write.
	 */
	export(layer: L, input: ExportValue, context: LayerExportContext): ExportValue;
}

const rows: LayerExporter[] = [];

/**
 * Adds a row to the export table, ahead of the built-in rows, so a custom layer
 * (or a subclass of a built-in one) can be exported.
 */
export function registerLayerExporter<L extends ModuleLike>(row: LayerExporter<L>): void {
	rows.unshift(row as unknown as LayerExporter);
}

/** Adds a built-in row (after the user's rows). */
export function addBuiltInExporter<L extends ModuleLike>(row: LayerExporter<L>): void {
	rows.push(row as unknown as LayerExporter);
}

/** The row that exports `layer`, or undefined when no row does. */
export function findLayerExporter(layer: ModuleLike): LayerExporter | undefined {
	return rows.find((row) => row.matches(layer));
}

/** The layer kinds the table knows, for error messages. */
export function exportableLayerTypes(): string[] {
	return rows.map((r) => r.type);
}
