/**
 * conv2d, maxPool2d, avgPool2d and pad on tensors: exact small cases with the
 * arithmetic in a comment (NHWC, TensorFlow's 'same' rule), both dtypes, and the
 * errors for bad input, each naming the op and the shapes or the option.
 */
import { avgPool2d, conv2d, maxPool2d, pad, ShapeError, type Tensor, tensor } from "@backprop/tensor";
import { describe, expect, it } from "vitest";
import { expectThrow } from "./check";

// x = [[1,2,3],[4,5,6],[7,8,9]] as a [1,3,3,1] image.
const X33 = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], { shape: [1, 3, 3, 1] });
// w = [[1,2],[3,4]] as a [2,2,1,1] filter: y[i,j] = x[i,j] + 2x[i,j+1] + 3x[i+1,j] + 4x[i+1,j+1].
const W22 = tensor([1, 2, 3, 4], { shape: [2, 2, 1, 1] });
// A [1,4,4,1] image with distinct values.
const X44 = tensor([1, 5, 2, 0, 3, 4, 8, 7, 0, 2, 6, 1, 9, 1, 3, 5], { shape: [1, 4, 4, 1] });

// The spatial plane of a [1,h,w,1] tensor as nested rows.
function plane(t: Tensor): number[][] {
	const [, h, w] = t.shape as [number, number, number, number];
	const d = Array.from(t.dataSync());
	return Array.from({ length: h }, (_, i) => d.slice(i * w, (i + 1) * w));
}

describe("conv2d", () => {
	it("'valid': y00 = 1+2·2+3·4+4·5 = 37, y01 = 2+6+15+24 = 47, y10 = 4+10+21+32 = 67, y11 = 77", () => {
		const y = conv2d(X33, W22, { padding: "valid" });
		expect(y.shape).toEqual([1, 2, 2, 1]);
		expect(plane(y)).toEqual([
			[37, 47],
			[67, 77],
		]);
	});

	it("'valid' is the default", () => {
		expect(plane(conv2d(X33, W22))).toEqual(plane(conv2d(X33, W22, { padding: "valid" })));
	});

	it("'same' pads the odd pixel at the bottom and right: y02 = 3+3·6 = 21, y12 = 6+3·9 = 33, y20 = 7+2·8 = 23, y21 = 8+2·9 = 26, y22 = 9", () => {
		const y = conv2d(X33, W22, { padding: "same" });
		expect(y.shape).toEqual([1, 3, 3, 1]);
		expect(plane(y)).toEqual([
			[37, 47, 21],
			[67, 77, 33],
			[23, 26, 9],
		]);
	});

	it("strides 2, 'same': out = ceil(3/2) = 2, windows at rows and columns 0 and 2: [[37,21],[23,9]]", () => {
		expect(plane(conv2d(X33, W22, { strides: 2, padding: "same" }))).toEqual([
			[37, 21],
			[23, 9],
		]);
		expect(plane(conv2d(X33, W22, { strides: [2, 2], padding: "same" }))).toEqual([
			[37, 21],
			[23, 9],
		]);
	});

	it("strides [1, 2], 'valid': columns 0 only (3 - 2)/2 + 1 = 1: [[37],[67]]", () => {
		expect(plane(conv2d(X33, W22, { strides: [1, 2] }))).toEqual([[37], [67]]);
	});

	it("dilations 2: taps at x00, x02, x20, x22: 1 + 2·3 + 3·7 + 4·9 = 64", () => {
		expect(plane(conv2d(X33, W22, { dilations: 2 }))).toEqual([[64]]);
	});

	it("channels: x [1,1,1,2] = [1,2], w [1,1,2,3] = [[1,2,3],[4,5,6]]: y = [1+8, 2+10, 3+12] = [9,12,15]", () => {
		const x = tensor([1, 2], { shape: [1, 1, 1, 2] });
		const w = tensor([1, 2, 3, 4, 5, 6], { shape: [1, 1, 2, 3] });
		const y = conv2d(x, w);
		expect(y.shape).toEqual([1, 1, 1, 3]);
		expect(Array.from(y.dataSync())).toEqual([9, 12, 15]);
	});

	it("a batch of two images gives each its own output; float32 stays float32", () => {
		const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1], { shape: [2, 3, 3, 1], dtype: "float32" });
		const y = conv2d(x, W22.astype("float32"));
		expect(y.dtype).toBe("float32");
		// second image reversed: y00 = 9+2·8+3·6+4·5 = 63, y01 = 8+14+15+16 = 53, y10 = 6+10+9+8 = 33, y11 = 5+8+6+4 = 23
		expect(Array.from(y.dataSync())).toEqual([37, 47, 67, 77, 63, 53, 33, 23]);
	});

	it("is a method of Tensor too", () => {
		expect(plane(X33.conv2d(W22, { padding: "same" }))).toEqual(plane(conv2d(X33, W22, { padding: "same" })));
	});
});

describe("maxPool2d and avgPool2d", () => {
	it("max 2x2 'valid' (strides default to the pool size): [[max(1,5,3,4), max(2,0,8,7)], [max(0,2,9,1), max(6,1,3,5)]] = [[5,8],[9,6]]", () => {
		const y = maxPool2d(X44, { poolSize: 2 });
		expect(y.shape).toEqual([1, 2, 2, 1]);
		expect(plane(y)).toEqual([
			[5, 8],
			[9, 6],
		]);
	});

	it("avg 2x2 'valid': [[(1+5+3+4)/4, (2+0+8+7)/4], [(0+2+9+1)/4, (6+1+3+5)/4]] = [[3.25,4.25],[3,3.75]]", () => {
		expect(plane(avgPool2d(X44, { poolSize: 2 }))).toEqual([
			[3.25, 4.25],
			[3, 3.75],
		]);
	});

	it("3x3 'same' stride 3 on 4x4: one row and column of padding on each side, so each window holds the same 2x2 real pixels, and avg divides by 4 (real pixels), not 9", () => {
		expect(plane(maxPool2d(X44, { poolSize: 3, strides: 3, padding: "same" }))).toEqual([
			[5, 8],
			[9, 6],
		]);
		expect(plane(avgPool2d(X44, { poolSize: 3, strides: 3, padding: "same" }))).toEqual([
			[3.25, 4.25],
			[3, 3.75],
		]);
	});

	it("2x2 'same' on 3x3: the odd padding pixel goes at the bottom and right: [[(1+2+4+5)/4, (3+6)/2], [(7+8)/2, 9]]", () => {
		expect(plane(avgPool2d(X33, { poolSize: 2, padding: "same" }))).toEqual([
			[3, 4.5],
			[7.5, 9],
		]);
		expect(plane(maxPool2d(X33, { poolSize: 2, padding: "same" }))).toEqual([
			[5, 6],
			[8, 9],
		]);
	});

	it("overlapping windows (pool [2,3], strides 1) and channels pooled independently", () => {
		// channel 0 is X33, channel 1 is -X33: max over rows i..i+1, columns 0..2
		const data = Array.from(X33.dataSync()).flatMap((v) => [v, -v]);
		const x = tensor(data, { shape: [1, 3, 3, 2] });
		const y = maxPool2d(x, { poolSize: [2, 3], strides: 1 });
		expect(y.shape).toEqual([1, 2, 1, 2]);
		// channel 0: max(1..6) = 6, max(4..9) = 9; channel 1: max(-1..-6) = -1, max(-4..-9) = -4
		expect(Array.from(y.dataSync())).toEqual([6, -1, 9, -4]);
	});

	it("NaN propagates through max pooling", () => {
		const x = tensor([1, Number.NaN, 3, 4], { shape: [1, 2, 2, 1] });
		expect(Number.isNaN(maxPool2d(x, { poolSize: 2 }).item())).toBe(true);
	});
});

describe("pad", () => {
	it("[[1,2],[3,4]] padded [[1,0],[0,2]] with 9: one row before, two columns after", () => {
		const y = pad(
			tensor([
				[1, 2],
				[3, 4],
			]),
			[
				[1, 0],
				[0, 2],
			],
			9,
		);
		expect(y.toArray()).toEqual([
			[9, 9, 9, 9],
			[1, 2, 9, 9],
			[3, 4, 9, 9],
		]);
	});

	it("pads with zeros by default, keeps the dtype, and reads a strided view", () => {
		const x = tensor(
			[
				[1, 2],
				[3, 4],
			],
			{ dtype: "float32" },
		).transpose();
		const y = x.pad([
			[0, 1],
			[1, 0],
		]);
		expect(y.dtype).toBe("float32");
		expect(y.toArray()).toEqual([
			[0, 1, 3],
			[0, 2, 4],
			[0, 0, 0],
		]);
	});
});

describe("bad input names the op and the shapes", () => {
	const x = tensor(new Float64Array(2 * 5 * 5 * 3), { shape: [2, 5, 5, 3] });
	const w = tensor(new Float64Array(3 * 3 * 3 * 4), { shape: [3, 3, 3, 4] });

	it("conv2d: wrong input rank, filter rank or channel count", () => {
		expectThrow(
			() => conv2d(x.reshape([10, 5, 3]), w),
			ShapeError,
			"conv2d: input must be 4-D [batch, height, width, channels] (NHWC), got [10,5,3]",
		);
		expectThrow(
			() => conv2d(x, w.reshape([9, 3, 4])),
			ShapeError,
			"conv2d: filter must be 4-D [filterHeight, filterWidth, inChannels, outChannels], got [9,3,4]",
		);
		expectThrow(
			() => conv2d(x, tensor(new Float64Array(18), { shape: [3, 3, 2, 1] })),
			ShapeError,
			"conv2d: input [2,5,5,3] has 3 channels but filter [3,3,2,1] expects 2",
		);
		expectThrow(() => conv2d(x, 3 as unknown as Tensor), TypeError, "conv2d: expected a Tensor, got number 3");
	});

	it("conv2d: a filter larger than the input under 'valid' (dilation counted)", () => {
		const big = tensor(new Float64Array(6 * 2 * 3), { shape: [6, 2, 3, 1] });
		expectThrow(
			() => conv2d(x, big),
			ShapeError,
			"conv2d: filter 6x2 is larger than the input 5x5 of [2,5,5,3] with 'valid' padding",
		);
		expectThrow(
			() => conv2d(x, w, { dilations: [1, 3] }),
			ShapeError,
			"conv2d: filter 3x3 (dilated to 3x7) is larger than the input 5x5 of [2,5,5,3] with 'valid' padding",
		);
		// 'same' pads the input up to the filter: no error, ceil(5/1) = 5 pixels per axis
		expect(conv2d(x, big, { padding: "same" }).shape).toEqual([2, 5, 5, 1]);
	});

	it("conv2d: bad strides, dilations, padding or option names", () => {
		const msg = (name: string, got: string) =>
			`conv2d: ${name} must be a positive integer or a pair [height, width] of them, got ${got}`;
		expectThrow(() => conv2d(x, w, { strides: 0 }), RangeError, msg("strides", "number 0"));
		expectThrow(() => conv2d(x, w, { strides: 1.5 }), RangeError, msg("strides", "number 1.5"));
		expectThrow(() => conv2d(x, w, { strides: [1] as unknown as number }), RangeError, msg("strides", "[1]"));
		expectThrow(() => conv2d(x, w, { strides: [1, -2] }), RangeError, msg("strides", "[1,-2]"));
		expectThrow(() => conv2d(x, w, { dilations: 0 }), RangeError, msg("dilations", "number 0"));
		expectThrow(
			() => conv2d(x, w, { padding: "full" as "same" }),
			RangeError,
			`conv2d: padding must be 'valid' or 'same', got the string "full"`,
		);
		expectThrow(
			() => conv2d(x, w, { stride: 2 } as object),
			TypeError,
			"conv2d: unknown option 'stride' (known: strides, padding, dilations)",
		);
	});

	it("pooling: wrong rank, missing or bad pool size, window larger than the input", () => {
		expectThrow(
			() => maxPool2d(x.reshape([2, 25, 3]), { poolSize: 2 }),
			ShapeError,
			"maxPool2d: input must be 4-D [batch, height, width, channels] (NHWC), got [2,25,3]",
		);
		expectThrow(
			() => avgPool2d(x, undefined as unknown as { poolSize: number }),
			TypeError,
			"avgPool2d: options { poolSize, strides?, padding? } are required",
		);
		expectThrow(
			() => avgPool2d(x, { poolSize: 0 }),
			RangeError,
			"avgPool2d: poolSize must be a positive integer or a pair [height, width] of them, got number 0",
		);
		expectThrow(
			() => maxPool2d(x, { poolSize: [2, 6] }),
			ShapeError,
			"maxPool2d: pool window 2x6 is larger than the input 5x5 of [2,5,5,3] with 'valid' padding",
		);
		expectThrow(
			() => maxPool2d(x, { poolSize: 2, strides: [0, 1] }),
			RangeError,
			"maxPool2d: strides must be a positive integer or a pair [height, width] of them, got [0,1]",
		);
	});

	it("pad: one non-negative integer pair per axis", () => {
		const m = tensor([
			[1, 2],
			[3, 4],
		]);
		expectThrow(
			() => pad(m, [[1, 1]]),
			ShapeError,
			"pad: paddings must be one [before, after] pair per axis of [2,2], got [[1,1]]",
		);
		expectThrow(
			() =>
				pad(m, [
					[1, 1],
					[0, -1],
				]),
			RangeError,
			"pad: paddings must be non-negative integers, got [[1,1],[0,-1]]",
		);
		expectThrow(
			() =>
				pad(
					m,
					[
						[0, 0],
						[0, 0],
					],
					"1" as unknown as number,
				),
			TypeError,
			`pad: value must be a number, got the string "1"`,
		);
	});
});
