import { arange, eye, full, ones, Rng, rand, randn, ShapeError, tensor, zeros } from "@backprop/tensor";
import { dtypeArb } from "@backprop/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromData, isDense, viewOf } from "../../packages/tensor/src/tensor";
import { anyInputArb, RUNS, refArb, shapeArb } from "./arbitraries";
import { expectTensor, expectThrow } from "./check";
import { at, indicesOf, roundTo, toNested } from "./reference";

const f32 = { dtype: "float32" } as const;

describe("tensor()", () => {
	it("from a number: rank 0, and toArray gives the number back", () => {
		const t = tensor(3.5);
		expect(t.shape).toEqual([]);
		expect(t.rank).toBe(0);
		expect(t.size).toBe(1);
		expect(t.dtype).toBe("float64");
		expect(t.toArray()).toBe(3.5);
		expect(t.item()).toBe(3.5);
		expect(t.get()).toBe(3.5);
		// 0.1 as float32 is the nearest float32, 0.100000001490116...
		expect(tensor(0.1, f32).item()).toBe(Math.fround(0.1));
		expect(tensor(0.1, f32).dtype).toBe("float32");
	});

	it("from nested arrays of any shape, round-tripping through toArray and get", () => {
		const cases = shapeArb(1, 4).chain((shape) => fc.tuple(refArb(shape), dtypeArb));
		fc.assert(
			fc.property(cases, ([ref, dtype]) => {
				const t = tensor(toNested(ref), { dtype });
				// Nesting cannot show dimensions after a 0 ([] is shape [0]), so the shape stops there.
				const zero = ref.shape.indexOf(0);
				const shape = zero < 0 ? ref.shape : ref.shape.slice(0, zero + 1);
				const r = roundTo({ shape, data: ref.data }, dtype);
				expect(t.dtype).toBe(dtype);
				expectTensor(t, r);
				expect(t.toArray()).toEqual(toNested(r));
				for (const idx of indicesOf(r.shape)) expect(t.get(...idx)).toBe(at(r, idx));
			}),
			RUNS,
		);
	});

	it("toArray and get read views (transposed, sliced) in their logical order", () => {
		fc.assert(
			fc.property(anyInputArb(), (input) => {
				expect(input.t.toArray()).toEqual(toNested(input.ref));
				for (const idx of indicesOf(input.ref.shape)) expect(input.t.get(...idx)).toBe(at(input.ref, idx));
			}),
			RUNS,
		);
	});

	it("exact nested cases", () => {
		// [[1,2,3],[4,5,6]] has 2 rows of 3: shape [2,3], element [1][2] = 6
		const t = tensor([
			[1, 2, 3],
			[4, 5, 6],
		]);
		expect(t.shape).toEqual([2, 3]);
		expect(t.size).toBe(6);
		expect(t.get(1, 2)).toBe(6);
		expect(t.toArray()).toEqual([
			[1, 2, 3],
			[4, 5, 6],
		]);
		// empty arrays keep their shape
		expect(tensor([]).shape).toEqual([0]);
		expect(tensor([[], []]).shape).toEqual([2, 0]);
		expect(tensor([[], []]).toArray()).toEqual([[], []]);
		// NaN and infinities are data
		expect(tensor([Number.NaN, Infinity, -Infinity]).toArray()).toEqual([Number.NaN, Infinity, -Infinity]);
	});

	it("from typed arrays, copying them, with or without a shape", () => {
		const src = Float64Array.from([1, 2, 3, 4, 5, 6]);
		const t = tensor(src, { shape: [2, 3] });
		expect(t.toArray()).toEqual([
			[1, 2, 3],
			[4, 5, 6],
		]);
		src[0] = 100;
		expect(t.get(0, 0)).toBe(1);
		expect(tensor(Float32Array.from([0.5, 0.25])).toArray()).toEqual([0.5, 0.25]);
		expect(tensor(Int32Array.from([-1, 7])).toArray()).toEqual([-1, 7]);
		expect(tensor(Uint8Array.from([255]), f32).toArray()).toEqual([255]);
		// float32 data given as float64 keeps its float32 values exactly
		expect(tensor(Float32Array.from([0.1])).item()).toBe(Math.fround(0.1));
		const t32 = tensor(Float64Array.from([0.1, 0.2]), f32);
		expect(t32.dtype).toBe("float32");
		expect(t32.toArray()).toEqual([Math.fround(0.1), Math.fround(0.2)]);
	});

	it("with a shape option reshaping any data, and from another tensor (a copy)", () => {
		expect(tensor([1, 2, 3, 4], { shape: [2, 2] }).toArray()).toEqual([
			[1, 2],
			[3, 4],
		]);
		expect(tensor(5, { shape: [1, 1, 1] }).toArray()).toEqual([[[5]]]);
		expect(tensor([[1, 2, 3]], { shape: [3] }).toArray()).toEqual([1, 2, 3]);
		expect(tensor([], { shape: [0, 4] }).shape).toEqual([0, 4]);
		const a = tensor([[1, 2]], f32);
		const b = tensor(a);
		expect(b.dtype).toBe("float32");
		expect(b.toArray()).toEqual([[1, 2]]);
		expect(viewOf(b).data).not.toBe(viewOf(a).data);
		expect(tensor(a.transpose(), { dtype: "float64" }).toArray()).toEqual([[1], [2]]);
	});

	it("fromData (internal) wraps a buffer in row-major order", () => {
		const t = fromData(Float32Array.from([1, 2, 3, 4, 5, 6]), [3, 2]);
		expect(t.dtype).toBe("float32");
		expect(t.get(2, 0)).toBe(5);
	});
});

describe("constant tensors", () => {
	it("zeros, ones and full in both dtypes", () => {
		fc.assert(
			fc.property(shapeArb(), dtypeArb, fc.double({ min: -1e6, max: 1e6, noNaN: true }), (shape, dtype, v) => {
				const n = shape.reduce((p, d) => p * d, 1);
				const filled = (x: number) => ({ shape, data: new Array<number>(n).fill(x) });
				expectTensor(zeros(shape, { dtype }), filled(0), undefined, dtype);
				expectTensor(ones(shape, { dtype }), filled(1), undefined, dtype);
				expectTensor(full(shape, v, { dtype }), roundTo(filled(v), dtype), undefined, dtype);
			}),
			RUNS,
		);
		expect(zeros([2]).dtype).toBe("float64");
		expect(full([2], Number.NaN).toArray()).toEqual([Number.NaN, Number.NaN]);
	});

	it("eye(n) has ones on the diagonal only", () => {
		// eye(3) = [[1,0,0],[0,1,0],[0,0,1]]
		expect(eye(3).toArray()).toEqual([
			[1, 0, 0],
			[0, 1, 0],
			[0, 0, 1],
		]);
		expect(eye(0).shape).toEqual([0, 0]);
		expect(eye(1).toArray()).toEqual([[1]]);
		expect(eye(2, f32).dtype).toBe("float32");
		// I · A = A
		const a = tensor([
			[1, 2],
			[3, 4],
		]);
		expect(eye(2).matmul(a).toArray()).toEqual(a.toArray());
	});

	it("arange like NumPy: [start, stop) by step", () => {
		// arange(5) = [0, 1, 2, 3, 4]; arange(2, 5) = [2, 3, 4]
		expect(arange(5).toArray()).toEqual([0, 1, 2, 3, 4]);
		expect(arange(2, 5).toArray()).toEqual([2, 3, 4]);
		// arange(0, 1, 0.25) = [0, 0.25, 0.5, 0.75]: stop excluded
		expect(arange(0, 1, 0.25).toArray()).toEqual([0, 0.25, 0.5, 0.75]);
		// arange(5, 0, -2) = [5, 3, 1]
		expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
		// ceil((2.5 - 0) / 1) = 3 elements: [0, 1, 2]
		expect(arange(0, 2.5).toArray()).toEqual([0, 1, 2]);
		// empty ranges
		expect(arange(0).toArray()).toEqual([]);
		expect(arange(3, 3).toArray()).toEqual([]);
		expect(arange(5, 0).toArray()).toEqual([]);
		expect(arange(0, 3, 1, f32).dtype).toBe("float32");
		expect(arange(3).dtype).toBe("float64");
	});
});

describe("random tensors", () => {
	it("rand: uniform in [low, high), seeded, identical for the same seed", () => {
		const a = rand([1000], { seed: 7 });
		expect(a.shape).toEqual([1000]);
		expect(a.dtype).toBe("float64");
		for (const v of a.dataSync()) {
			expect(v).toBeGreaterThanOrEqual(0);
			expect(v).toBeLessThan(1);
		}
		expect(rand([1000], { seed: 7 }).toArray()).toEqual(a.toArray());
		expect(rand([1000], { seed: 8 }).toArray()).not.toEqual(a.toArray());
		// the stream is Rng(seed).uniform(), element by element in row-major order
		const r = new Rng(7);
		expect(rand([2, 3], { seed: 7 }).toArray()).toEqual([
			[r.uniform(), r.uniform(), r.uniform()],
			[r.uniform(), r.uniform(), r.uniform()],
		]);
		// low and high
		for (const v of rand([500], { seed: 1, low: -3, high: -2 }).dataSync()) {
			expect(v).toBeGreaterThanOrEqual(-3);
			expect(v).toBeLessThan(-2);
		}
	});

	it("randn: normal samples, seeded, identical for the same seed", () => {
		const a = randn([3, 4], { seed: 11 });
		expect(randn([3, 4], { seed: 11 }).toArray()).toEqual(a.toArray());
		expect(randn([3, 4], { seed: 12 }).toArray()).not.toEqual(a.toArray());
		const r = new Rng(11);
		expect(Array.from(a.dataSync())).toEqual(Array.from({ length: 12 }, () => r.normal()));
		// mean and std options: mean + std * z
		const r2 = new Rng(11);
		expect(Array.from(randn([4], { seed: 11, mean: 5, std: 2 }).dataSync())).toEqual(
			Array.from({ length: 4 }, () => 5 + 2 * r2.normal()),
		);
	});

	it("the default seed is 0; a shared generator advances; float32 rounds the same draws", () => {
		expect(rand([5]).toArray()).toEqual(rand([5], { seed: 0 }).toArray());
		expect(randn([5]).toArray()).toEqual(randn([5], { seed: 0 }).toArray());
		const rng = new Rng(3);
		const first = rand([4], { rng });
		const second = rand([4], { rng });
		expect(second.toArray()).not.toEqual(first.toArray());
		const fresh = new Rng(3);
		expect(Array.from(second.dataSync())).toEqual(Array.from({ length: 8 }, () => fresh.uniform()).slice(4));
		const r32 = rand([6], { seed: 9, dtype: "float32" });
		expect(r32.dtype).toBe("float32");
		expect(Array.from(r32.dataSync())).toEqual(Array.from(rand([6], { seed: 9 }).dataSync(), Math.fround));
		expect(randn([0, 3], { seed: 1 }).shape).toEqual([0, 3]);
	});
});

describe("reading elements", () => {
	it("item() works for any size-1 tensor and throws a ShapeError otherwise", () => {
		expect(tensor([[[4]]]).item()).toBe(4);
		expect(tensor([1, 2, 3]).slice(1, 2).item()).toBe(2);
		expectThrow(
			() => tensor([1, 2]).item(),
			ShapeError,
			"item: only a tensor with one element has an item, got shape [2]",
		);
		expectThrow(() => zeros([0]).item(), ShapeError, "item: only a tensor with one element has an item, got shape [0]");
		expectThrow(
			() => zeros([2, 3]).item(),
			ShapeError,
			"item: only a tensor with one element has an item, got shape [2,3]",
		);
	});

	it("get() takes one index per dimension, in bounds", () => {
		const t = tensor([
			[1, 2],
			[3, 4],
		]);
		// t^T[0][1] = t[1][0] = 3
		expect(t.transpose().get(0, 1)).toBe(3);
		expectThrow(() => t.get(0), ShapeError, "get: 1 indices for a tensor of shape [2,2]");
		expectThrow(() => t.get(0, 2), ShapeError, "get: index [0,2] is out of bounds for shape [2,2]");
		expectThrow(() => t.get(-1, 0), ShapeError, "get: index [-1,0] is out of bounds for shape [2,2]");
		expectThrow(() => t.get(0.5, 0), ShapeError, "get: index [0.5,0] is out of bounds for shape [2,2]");
	});

	it("astype, clone, contiguous and toString", () => {
		const t = tensor([0.1, 2]);
		expect(t.astype("float32").toArray()).toEqual([Math.fround(0.1), 2]);
		expect(t.astype("float64")).toBe(t);
		const c = t.clone();
		expect(c.toArray()).toEqual(t.toArray());
		expect(viewOf(c).data).not.toBe(viewOf(t).data);
		const v = tensor([
			[1, 2],
			[3, 4],
		]).transpose();
		expect(isDense(v)).toBe(false);
		expect(isDense(v.contiguous())).toBe(true);
		expect(v.contiguous().toArray()).toEqual(v.toArray());
		expect(Array.from(v.dataSync())).toEqual([1, 3, 2, 4]);
		expect(
			tensor([
				[1, 2],
				[3, 4],
			]).toString(),
		).toBe("tensor([[1., 2.],\n        [3., 4.]], dtype=float64, shape=[2,2])"); // NumPy-like since issue 12
	});
});

describe("rand in float32 stays below high", () => {
	it("never returns high even where float32 rounding would reach it", () => {
		// float32 is spaced 2^-23 apart at 1, so [1, 1 + 3·2^-23) holds three float32 values and
		// a sixth of the float64 draws would round up to `high` itself unless drawn again.
		const high = 1 + 3 * 2 ** -23;
		const t = rand([20000], { dtype: "float32", low: 1, high, seed: 7 });
		expect(Math.max(...t.dataSync())).toBeLessThan(high);
	});
});
