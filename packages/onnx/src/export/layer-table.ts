/**
 * The export table: one row per layer kind, each in its own file, saying how a
 * layer of that kind becomes ONNX nodes. A new layer kind adds one row here.
 */
import type { ModuleLike } from "@backprop/nn";
import type { GraphBuilder } from "./graph-builder";

/** A value's shape in the exported graph, batch first; null is the (dynamic) batch dimension. */
export type ValueShape = readonly (number | null)[];

/**
 * How a value's elements are stored in the graph. "channelsLast" is ours (NHWC for
 * images, features last); "channelsFirst" is ONNX's NCHW: the last axis moved to
 * position 1 (perm [0, r−1, 1, …, r−2]). A run of window layers stays channelsFirst
 * so the graph transposes once where the run starts and once where it ends.
 */
export type Layout = "channelsLast" | "channelsFirst";

/** A value flowing between layers: its name in the graph and its shape. */
export interface ExportValue {
	readonly name: string;
	/** The shape in our (channels-last) order, whatever the layout it is stored in. */
	readonly shape: ValueShape;
	/** How it is stored (default "channelsLast"); only rows with `layouts: "any"` see "channelsFirst". */
	readonly layout?: Layout;
	/** "int64" for a tensor of indices (an Embedding's input), else the export's float type (default). */
	readonly type?: "float" | "int64";
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
	/** The opset being written (13 to 21). */
	readonly opset: number;
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
	 * "any" when `export` takes its input in either layout (and says its output's);
	 * otherwise (the default) the exporter hands it a channels-last value.
	 */
	readonly layouts?: "any";
	/** True when the layer's input is a tensor of integer indices (the graph input is then int64). */
	takesIndices?(layer: L): boolean;
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
