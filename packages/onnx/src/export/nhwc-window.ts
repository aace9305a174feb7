/**
 * What the NHWC window layers (Conv2D, pooling) share: their input's sizes and
 * TensorFlow's padding rule as explicit pads (the transposes are in layout.ts).
 */
import { OnnxError } from "../errors";
import type { ExportValue } from "./layer-table";

/** The height, width and channels of an NHWC input of known sizes; throws OnnxError naming `where` otherwise. */
export function nhwcSizes(input: ExportValue, where: string): [number, number, number] {
	const [, h, w, c] = input.shape;
	if (input.shape.length !== 4 || typeof h !== "number" || typeof w !== "number" || typeof c !== "number") {
		throw new OnnxError(
			`toOnnx: ${where}: needs an input [batch, h, w, channels] of known sizes, gets [${input.shape.map((d) => d ?? "N").join(",")}]`,
		);
	}
	return [h, w, c];
}

/**
 * Output size and [begin, end] pads of one spatial axis under TensorFlow's rule:
 * 'valid' → ⌊(size − extent) / stride⌋ + 1 and no pads; 'same' → ⌈size / stride⌉,
 * total pad max((out − 1)·stride + extent − size, 0), the odd one at the end.
 */
export function windowAxis(
	size: number,
	extent: number,
	stride: number,
	padding: "valid" | "same",
): { out: number; pads: [number, number] } {
	if (padding === "valid") return { out: Math.floor((size - extent) / stride) + 1, pads: [0, 0] };
	const out = Math.ceil(size / stride);
	const total = Math.max((out - 1) * stride + extent - size, 0);
	const begin = Math.floor(total / 2);
	return { out, pads: [begin, total - begin] };
}
