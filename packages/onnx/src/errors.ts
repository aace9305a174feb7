/** The errors this package throws for models it cannot write or read. */

/**
 * A model that cannot be written as ONNX (a layer or activation without an ONNX
 * form, a bad option), or an ONNX file that cannot be read (corrupt, hostile, or
 * using an op, opset or data type outside the supported set). The message names
 * what was wrong: the layer, the node, the tensor, the field.
 */
export class OnnxError extends Error {
	override name = "OnnxError";
}

/** A TensorFlow.js model that cannot be read; the message names the file, layer or weight. */
export class TfjsModelError extends Error {
	override name = "TfjsModelError";
}
