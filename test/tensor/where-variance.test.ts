import { ShapeError, std, tensor, variance, where } from "@backprop/tensor";
import { describe, expect, it } from "vitest";

describe("where", () => {
	it("picks a where cond is non-zero, else b, broadcasting all three", () => {
		// cond [[1],[0]] x a [10, 20] x b 0 -> [[10, 20], [0, 0]]
		const out = where(tensor([[1], [0]]), tensor([10, 20]), 0);
		expect(out.shape).toEqual([2, 2]);
		expect(out.toArray()).toEqual([
			[10, 20],
			[0, 0],
		]);
		expect(
			tensor([1, 0, 2])
				.where(tensor([5, 6, 7]), tensor([-1, -2, -3]))
				.toArray(),
		).toEqual([5, -2, 7]);
	});

	it("keeps NaN in the branch it came from and takes the wider dtype", () => {
		const out = where(tensor([0, 1]), tensor([Number.NaN, 1], { dtype: "float32" }), tensor([2, Number.NaN]));
		expect(out.dtype).toBe("float64");
		expect(out.toArray()).toEqual([2, 1]);
	});

	it("throws ShapeError naming the op for shapes that do not broadcast", () => {
		expect(() => where(tensor([1, 0]), tensor([1, 2, 3]), 0)).toThrow(ShapeError);
		expect(() => where(tensor([1, 0]), tensor([1, 2, 3]), 0)).toThrow(/^where: /);
	});
});

describe("variance and std", () => {
	// x = [1, 2, 3, 4]: mean 2.5, Σ(x - mean)² = 2.25 + 0.25 + 0.25 + 2.25 = 5
	const x = tensor([1, 2, 3, 4]);

	it("divide by n - 1 by default (PyTorch's var) and by n with correction 0", () => {
		expect(variance(x).item()).toBe(5 / 3);
		expect(x.variance(undefined, false, 0).item()).toBe(5 / 4);
		expect(std(x, undefined, false, 0).item()).toBe(Math.sqrt(5 / 4));
		expect(x.std().item()).toBe(Math.sqrt(5 / 3));
	});

	it("reduce over an axis, keeping dimensions on request", () => {
		// rows [1, 3] and [2, 6]: means 2 and 4, Σ squares 2 and 8; columns [1, 2] and [3, 6]
		const m = tensor([
			[1, 3],
			[2, 6],
		]);
		expect(m.variance(1, false, 0).toArray()).toEqual([1, 4]);
		expect(m.variance(1, true, 0).shape).toEqual([2, 1]);
		expect(m.variance(0).toArray()).toEqual([0.5, 4.5]);
		expect(m.variance([0, 1], false, 0).item()).toBe(3.5);
	});
});
