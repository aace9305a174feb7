/** `toOnnx`: a model of @backprop/nn as the bytes of an ONNX model. */
import { getActivation, type ModuleLike, modelDtype, Sequential } from "@backprop/nn";
import type { DType } from "@backprop/tensor";
import { OnnxError } from "../errors";
import { INT64, onnx } from "../proto";
import "./built-in-rows";
import { exportActivation } from "./activations";
import { elemType, GraphBuilder } from "./graph-builder";
import { type ExportValue, exportableLayerTypes, findLayerExporter, type ValueShape } from "./layer-table";
import { toChannelsLast } from "./layout";

/** The opset `toOnnx` writes by default. */
export const DEFAULT_OPSET = 13;
/** The opsets `toOnnx` can write (the ops it emits mean the same in all of them). */
export const EXPORT_OPSETS = { min: 13, max: 21 } as const;

// The IR version that goes with each opset (from the ONNX versioning table).
function irVersionOf(opset: number): number {
	if (opset <= 14) return 7;
	if (opset <= 18) return 8;
	if (opset <= 20) return 9;
	return 10;
}

/** Options of {@link toOnnx}. */
export interface ToOnnxOptions {
	/** ONNX opset version, 13 (default) to 21. */
	opset?: number;
	/** Name of the graph's input (default "input"). */
	inputName?: string;
	/** Name of the graph's output (default "output"). */
	outputName?: string;
	/** Element type of the weights, input and output (default: the model's dtype). */
	dtype?: DType;
	/**
	 * Append a Softmax over the last axis, as `backprop predict` does for a model
	 * trained on logits with crossEntropy (default: true when the model's metadata
	 * says `outputActivation: "softmax"`, as the command line saves it).
	 */
	softmax?: boolean;
	/** The input's shape, batch first with null for the batch (default: what the first layer takes). */
	inputShape?: ValueShape;
}

function checkName(name: unknown, what: string): string {
	if (typeof name !== "string" || name.length === 0 || name.length > 256) {
		throw new OnnxError(`toOnnx: ${what} must be a non-empty name of at most 256 characters, got ${String(name)}`);
	}
	return name;
}

function checkOptions(model: ModuleLike, options: ToOnnxOptions) {
	const opset = options.opset ?? DEFAULT_OPSET;
	if (!Number.isInteger(opset) || opset < EXPORT_OPSETS.min || opset > EXPORT_OPSETS.max) {
		throw new OnnxError(
			`toOnnx: opset ${String(opset)} is not supported (write ${EXPORT_OPSETS.min} to ${EXPORT_OPSETS.max})`,
		);
	}
	const inputName = checkName(options.inputName ?? "input", "inputName");
	const outputName = checkName(options.outputName ?? "output", "outputName");
	if (inputName === outputName) throw new OnnxError(`toOnnx: inputName and outputName are both '${inputName}'`);
	const dtype = options.dtype ?? modelDtype(model);
	if (dtype !== "float32" && dtype !== "float64") {
		throw new OnnxError(`toOnnx: dtype must be "float32" or "float64", got ${String(dtype)}`);
	}
	const softmax = options.softmax ?? (model instanceof Sequential && model.metadata.outputActivation === "softmax");
	return { opset, inputName, outputName, dtype, softmax };
}

// The batch (axis 0) is the named dimension N; any other unknown size (a sequence's length) is left unnamed.
function valueInfo(name: string, type: number, shape: ValueShape) {
	return {
		name,
		type: {
			tensorType: {
				elemType: type,
				shape: { dim: shape.map((d, i) => (d !== null ? { dimValue: d } : i === 0 ? { dimParam: "N" } : {})) },
			},
		},
	};
}

/**
 * The bytes of an ONNX model (opset 13 by default, see {@link ToOnnxOptions}) that
 * computes what `predict(model, x)` does — plus the softmax applied at prediction
 * when the model's metadata says so. Each layer kind is a row of the export table
 * (packages/onnx/README.md lists them). Input and output are in our layout (NHWC
 * for images); a run of window layers is transposed to NCHW once where it starts
 * and back once where a layer needs our layout. The input is float (`dtype`), or
 * int64 indices when the model starts with an Embedding. Throws OnnxError naming
 * the layer for a layer or activation without an ONNX form, and naming the option
 * for a bad option.
 */
export function toOnnx(model: ModuleLike, options: ToOnnxOptions = {}): Uint8Array {
	const { opset, inputName, outputName, dtype, softmax } = checkOptions(model, options);
	const graph = new GraphBuilder(dtype, [inputName, outputName]);
	const exportLayer = (layer: ModuleLike, given: ExportValue, path: string, prefix: string): ExportValue => {
		const row = findLayerExporter(layer);
		const at = path === "" ? "the model" : path;
		if (!row) {
			const kind = (layer as object)?.constructor?.name ?? typeof layer;
			throw new OnnxError(
				`toOnnx: ${at}: a ${kind} has no ONNX form (exportable layers: ${exportableLayerTypes().join(", ")}; registerLayerExporter adds one)`,
			);
		}
		// A row that does not take both layouts gets ours: the end of a channels-first run.
		const input = row.layouts === "any" ? given : toChannelsLast(graph, given, prefix);
		return row.export(layer, input, { graph, where: `${at} (${row.type})`, path, prefix, opset, exportLayer });
	};
	const inputShape = options.inputShape ?? findLayerExporter(model)?.inputShape(model) ?? null;
	if (inputShape === null) {
		throw new OnnxError("toOnnx: cannot tell the model's input shape; pass options.inputShape");
	}
	const takesIndices = findLayerExporter(model)?.takesIndices?.(model) ?? false;
	const input: ExportValue = { name: inputName, shape: inputShape, type: takesIndices ? "int64" : "float" };
	let out = toChannelsLast(graph, exportLayer(model, input, "", ""), "output");
	if (softmax) out = { ...out, name: exportActivation(getActivation("softmax"), graph, out.name, "output", "output") };
	const last = out.name === inputName ? graph.node("Identity", [inputName], "output_Identity") : out.name;
	graph.rename(last, outputName);
	const proto = onnx.ModelProto.create({
		irVersion: irVersionOf(opset),
		opsetImport: [{ domain: "", version: opset }],
		producerName: "backprop",
		producerVersion: "0.1.0",
		docString: "Exported by @backprop/onnx",
		graph: {
			name: "backprop",
			node: graph.nodes,
			initializer: graph.initializers,
			input: [valueInfo(inputName, takesIndices ? INT64 : elemType(dtype), inputShape)],
			output: [valueInfo(outputName, out.type === "int64" ? INT64 : elemType(dtype), out.shape)],
		},
	});
	return onnx.ModelProto.encode(proto).finish();
}
