/** The attributes ONNX's window ops (Conv, MaxPool, AveragePool) share, as our layers' padding rule. */
import type { Padding } from "@backprop/tensor";
import { shapeText } from "./layout";
import type { NodeView } from "./node-view";

/** Largest window, stride or dilation read (as @backprop/nn's model files). */
export const MAX_WINDOW = 1024;

/** A pair attribute (kernel_shape, strides, dilations) of a 2-D window op, each from 1 to MAX_WINDOW. */
export function pairAttribute(node: NodeView, name: string, fallback: readonly number[] | null): [number, number] {
	const v = node.ints(name, fallback ?? []);
	if (fallback === null && v.length === 0) node.fail(`attribute ${name} is required`);
	if (v.length !== 2 || !v.every((d) => Number.isInteger(d) && d >= 1 && d <= MAX_WINDOW)) {
		node.fail(`${name} [${v.join(",")}] is not supported (two sizes from 1 to ${MAX_WINDOW}, a 2-D window)`);
	}
	return v as [number, number];
}

// TensorFlow's 'same' pads of one axis: the total max((out − 1)·stride + extent − size, 0), the odd one at the end.
function samePads(size: number, extent: number, stride: number): [number, number] {
	const out = Math.ceil(size / stride);
	const total = Math.max((out - 1) * stride + extent - size, 0);
	return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** A 2-D window op's padding as ours, its output size, and whether any cell is padded. */
export interface WindowPadding {
	padding: Padding;
	out: [number, number];
	padded: boolean;
}

/**
 * The padding rule of a window op (auto_pad and pads) on an input of spatial size
 * `size` with window `extent` (dilated) and `strides`: 'valid' for no pads, 'same'
 * for exactly TensorFlow's pads (ONNX's SAME_UPPER), else an OnnxError naming
 * the node, the pads and what 'same' would be. Also refuses a window larger than
 * a 'valid' input, and `ceil_mode` 1 unless it gives the same output size.
 */
export function windowPadding(
	node: NodeView,
	size: [number, number],
	extent: [number, number],
	strides: [number, number],
): WindowPadding {
	const autoPad = node.string("auto_pad", "NOTSET");
	const same: [number, number][] = [0, 1].map((i) =>
		samePads(size[i] as number, extent[i] as number, strides[i] as number),
	);
	let pads: number[];
	if (autoPad === "NOTSET") {
		pads = node.ints("pads", [0, 0, 0, 0]);
		if (pads.length !== 4 || !pads.every((p) => Number.isInteger(p) && p >= 0 && p <= MAX_WINDOW)) {
			node.fail(`pads [${pads.join(",")}] are not supported (four sizes from 0 to ${MAX_WINDOW})`);
		}
	} else if (autoPad === "VALID") pads = [0, 0, 0, 0];
	else if (autoPad === "SAME_UPPER" || autoPad === "SAME_LOWER") {
		const [a, b] = same as [[number, number], [number, number]];
		pads = autoPad === "SAME_UPPER" ? [a[0], b[0], a[1], b[1]] : [a[1], b[1], a[0], b[0]];
	} else return node.fail(`auto_pad ${autoPad} is not supported`);
	const zero = pads.every((p) => p === 0);
	const isSame = [0, 1].every((i) => pads[i] === same[i]?.[0] && pads[i + 2] === same[i]?.[1]);
	if (!zero && !isSame) {
		const sameText = `[${same[0]?.[0]},${same[1]?.[0]},${same[0]?.[1]},${same[1]?.[1]}]`;
		node.fail(
			`pads [${pads.join(",")}] on an input ${size[0]}x${size[1]} are neither 'valid' (no pads) nor 'same' (pads ${sameText}), which is all Conv2D and the pools can represent`,
		);
	}
	const out = [0, 1].map((i) => {
		const padded = (size[i] as number) + (pads[i] as number) + (pads[i + 2] as number) - (extent[i] as number);
		if (padded < 0) {
			node.fail(`the window ${extent[0]}x${extent[1]} is larger than the input ${shapeText(size)} with its pads`);
		}
		return padded;
	});
	const floor = out.map((p, i) => Math.floor(p / (strides[i] as number)) + 1) as [number, number];
	if (node.int("ceil_mode", 0) !== 0) {
		const ceil = out.map((p, i) => Math.ceil(p / (strides[i] as number)) + 1);
		if (ceil[0] !== floor[0] || ceil[1] !== floor[1]) {
			node.fail(`ceil_mode 1 is not supported here (it gives ${ceil.join("x")} windows, ours ${floor.join("x")})`);
		}
	}
	return { padding: zero ? "valid" : "same", out: floor, padded: !zero };
}

/** The spatial sizes [h, w] of an NCHW input, known; throws naming the node otherwise. */
export function spatialSizes(node: NodeView, shape: readonly (number | null)[]): [number, number] {
	const [, c, h, w] = shape;
	if (shape.length !== 4 || typeof c !== "number" || typeof h !== "number" || typeof w !== "number") {
		node.fail(`needs an NCHW input [batch, channels, h, w] of known sizes, got ${shapeText(shape)}`);
	}
	return [h, w];
}
