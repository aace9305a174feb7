/** Printing tensors like NumPy: one element format, aligned brackets, wrapping, summarization, dtype and shape. */
import { inspect } from "node:util";
import { arange, formatTensor, formatValues, tensor, zeros } from "@backprop/tensor";
import { describe, expect, it } from "vitest";

describe("formatTensor / toString / util.inspect", () => {
	it("integers print as NumPy's `1.`, rows aligned under the first bracket", () => {
		const t = tensor([
			[1, -2],
			[30, 4],
		]);
		const text = "tensor([[ 1., -2.],\n        [30.,  4.]], dtype=float64, shape=[2,2])";
		expect(t.toString()).toBe(text);
		expect(inspect(t)).toBe(text);
		expect(`${t}`).toBe(text);
	});

	it("fixed point with the decimals the most precise element needs, at most 4", () => {
		expect(tensor([0.5, 0.25, -1]).toString()).toBe("tensor([ 0.50,  0.25, -1.00], dtype=float64, shape=[3])");
		expect(tensor([1 / 3, 2]).toString()).toBe("tensor([0.3333, 2.0000], dtype=float64, shape=[2])");
	});

	it("scientific notation when magnitudes are far apart, tiny or huge", () => {
		expect(tensor([1e-6, 1, 12345.678]).toString()).toBe(
			"tensor([1.0000e-06, 1.0000e+00, 1.2346e+04], dtype=float64, shape=[3])",
		);
		expect(tensor([2.5e9]).toString()).toBe("tensor([2.5000e+09], dtype=float64, shape=[1])");
	});

	it("nan and inf, scalars, float32 and empty tensors", () => {
		expect(tensor([Number.NaN, 1.5, Number.NEGATIVE_INFINITY]).toString()).toBe(
			"tensor([ nan,  1.5, -inf], dtype=float64, shape=[3])",
		);
		expect(tensor(2.5).toString()).toBe("tensor(2.5, dtype=float64, shape=[])");
		expect(tensor([0.5], { dtype: "float32" }).toString()).toBe("tensor([0.5], dtype=float32, shape=[1])");
		expect(zeros([0]).toString()).toBe("tensor([], dtype=float64, shape=[0])");
	});

	it("rank 3: a blank line between the 2-D blocks", () => {
		expect(arange(8).reshape([2, 2, 2]).toString()).toBe(
			"tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]], dtype=float64, shape=[2,2,2])",
		);
	});

	it("long rows wrap at 75 characters, continuing under the first element", () => {
		const lines = arange(30).toString().split("\n");
		expect(lines.every((l) => l.length <= 75)).toBe(true);
		expect(lines[0]).toBe("tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12.,");
		expect(lines[1]).toBe("        13., 14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25.,");
		expect(lines[2]).toBe("        26., 27., 28., 29.], dtype=float64, shape=[30])");
	});

	it("more than 1000 elements: 3 at each end of every dimension, `...` between", () => {
		expect(arange(2000).reshape([2, 1000]).toString()).toBe(
			"tensor([[   0.,    1.,    2., ...,  997.,  998.,  999.],\n        [1000., 1001., 1002., ..., 1997., 1998., 1999.]], dtype=float64, shape=[2,1000])",
		);
		const big = arange(10000).reshape([100, 100]).toString().split("\n");
		// three rows, the `...` row, three rows
		expect(big).toHaveLength(7);
		expect(big[3]).toBe("        ...,");
	});

	it("options: precision, threshold, edgeItems; formatValues without the wrapper", () => {
		expect(formatTensor(tensor([Math.PI]), { precision: 2 })).toBe("tensor([3.14], dtype=float64, shape=[1])");
		expect(formatValues(arange(10), { threshold: 5, edgeItems: 2 })).toBe("[0., 1., ..., 8., 9.]");
	});
});
