/**
 * @backprop/onnx: models of @backprop/nn out to ONNX and back in, and
 * TensorFlow.js layers models in. Runs in a browser; the file-system helpers are
 * in `@backprop/onnx/node`.
 */
export { OnnxError, TfjsModelError } from "./errors";
export { exportableActivationNames } from "./export/activations";
export { type AttributeValue, GraphBuilder } from "./export/graph-builder";
export {
	type ExportValue,
	type LayerExportContext,
	type LayerExporter,
	type Layout,
	registerLayerExporter,
	type ValueShape,
} from "./export/layer-table";
export { DEFAULT_OPSET, EXPORT_OPSETS, type ToOnnxOptions, toOnnx } from "./export/to-onnx";
export { type FromOnnxOptions, fromOnnx } from "./import/from-onnx";
export { IMPORT_OPSETS } from "./import/limits";
export type { ImportState, OpImporter } from "./import/op-table";
export { type OnnxSignature, type OnnxValueSignature, onnxSignature } from "./signature";
export { loadTfjsModel, type TfjsArtifacts } from "./tfjs/load";
export type { WeightBytes } from "./tfjs/weights";
