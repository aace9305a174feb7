import { concat, type DType, gather, reshape, slice, tensor, transpose, zeros } from "@backprop/tensor";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { viewOf } from "../../packages/tensor/src/tensor";
import { anyInputArb, axisArb, dimArb, type Input, inputArb, permArb, RUNS, shapeArb } from "./arbitraries";
import { expectTensor } from "./check";
import {
	pythonBounds,
	type Ref,
	concat as refConcat,
	gather as refGather,
	slice as refSlice,
	transpose as refTranspose,
	roundTo,
	sizeOf,
} from "./reference";

/** A random shape with exactly `size` elements (a -1 is resolved by the caller). */
function shapeOfSizeArb(size: number): fc.Arbitrary<number[]> {
	if (size === 0) {
		return fc.tuple(shapeArb(0, 3), fc.nat()).map(([dims, at]) => {
			const out = [...dims];
			out.splice(at % (out.length + 1), 0, 0);
			return out;
		});
	}
	return fc.array(fc.nat(), { maxLength: 4 }).map((picks) => {
		let rest = size;
		const out: number[] = [];
		for (const p of picks) {
			const divisors = Array.from({ length: rest }, (_, i) => i + 1).filter((d) => rest % d === 0);
			const d = divisors[p % divisors.length];
			out.push(d);
			rest /= d;
		}
		out.push(rest);
		return out;
	});
}

describe("transpose", () => {
	it("any permutation (or the reversal by default) matches the reference, as a view", () => {
		const cases = anyInputArb().chain((input) =>
			fc.tuple(fc.constant(input), fc.option(permArb(input.ref.shape.length), { nil: undefined }), fc.boolean()),
		);
		fc.assert(
			fc.property(cases, ([input, perm, asMethod]) => {
				const rank = input.ref.shape.length;
				const out = asMethod ? input.t.transpose(perm) : transpose(input.t, perm);
				const p = perm ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
				expectTensor(out, refTranspose(input.ref, p), undefined, input.dtype);
				expect(viewOf(out).data).toBe(viewOf(input.t).data);
			}),
			RUNS,
		);
	});

	it("exact: the transpose of a 2x3 matrix", () => {
		// [[1,2,3],[4,5,6]]^T = [[1,4],[2,5],[3,6]]
		expect(
			tensor([
				[1, 2, 3],
				[4, 5, 6],
			])
				.transpose()
				.toArray(),
		).toEqual([
			[1, 4],
			[2, 5],
			[3, 6],
		]);
		// shape [2,3,4] with perm [2,0,1] -> [4,2,3], element [k,i,j] = x[i,j,k]
		const x = tensor(
			Array.from({ length: 24 }, (_, i) => i),
			{ shape: [2, 3, 4] },
		);
		const y = transpose(x, [2, 0, 1]);
		expect(y.shape).toEqual([4, 2, 3]);
		expect(y.get(3, 1, 2)).toBe(x.get(1, 2, 3));
	});
});

describe("reshape", () => {
	it("keeps the row-major order and infers one -1", () => {
		const cases = anyInputArb().chain((input) =>
			shapeOfSizeArb(input.ref.data.length).chain((target) =>
				fc.tuple(fc.constant(input), fc.constant(target), fc.option(fc.nat(), { nil: undefined }), fc.boolean()),
			),
		);
		fc.assert(
			fc.property(cases, ([input, target, unknownAt, asMethod]) => {
				const asked = [...target];
				const others = (i: number) => sizeOf(target.filter((_, j) => j !== i));
				if (unknownAt !== undefined && target.length > 0) {
					const i = unknownAt % target.length;
					if (others(i) > 0) asked[i] = -1;
				}
				const out = asMethod ? input.t.reshape(asked) : reshape(input.t, asked);
				expectTensor(out, { shape: target, data: input.ref.data }, undefined, input.dtype);
				expectTensor(input.t.flatten(), { shape: [input.ref.data.length], data: input.ref.data });
			}),
			RUNS,
		);
	});

	it("exact: [2,3] to [3,-1] and back; a dense reshape is a view", () => {
		// [[1,2,3],[4,5,6]] in row-major order is 1..6; as [3, 6/3 = 2]: [[1,2],[3,4],[5,6]]
		const x = tensor([
			[1, 2, 3],
			[4, 5, 6],
		]);
		const y = x.reshape([3, -1]);
		expect(y.toArray()).toEqual([
			[1, 2],
			[3, 4],
			[5, 6],
		]);
		expect(viewOf(y).data).toBe(viewOf(x).data);
		// The transpose [[1,4],[2,5],[3,6]] flattens in its own row-major order: 1,4,2,5,3,6
		expect(x.transpose().reshape([-1]).toArray()).toEqual([1, 4, 2, 5, 3, 6]);
		// to and from rank 0
		expect(tensor([7]).reshape([]).toArray()).toBe(7);
		expect(tensor(7).reshape([1, 1]).toArray()).toEqual([[7]]);
		// size 0: [0, 3] as [-1, 3] infers 0
		expect(zeros([0, 3]).reshape([-1, 3]).shape).toEqual([0, 3]);
	});
});

describe("slice", () => {
	it("takes elements start..end along an axis with Python's bounds, as a view", () => {
		const cases = anyInputArb(1, 4).chain((input) => {
			const rank = input.ref.shape.length;
			return axisArb(rank).chain((axis) => {
				const n = input.ref.shape[axis < 0 ? axis + rank : axis];
				const bound = fc.integer({ min: -n - 2, max: n + 2 });
				return fc.tuple(fc.constant(input), fc.constant(axis), bound, fc.option(bound, { nil: undefined }));
			});
		});
		fc.assert(
			fc.property(cases, ([input, axis, start, end]) => {
				const ax = axis < 0 ? axis + input.ref.shape.length : axis;
				const out = slice(input.t, start, end, axis);
				expectTensor(out, refSlice(input.ref, start, end, ax), undefined, input.dtype);
				expect(viewOf(out).data).toBe(viewOf(input.t).data);
				expectTensor(input.t.slice(start, end, axis), refSlice(input.ref, start, end, ax));
			}),
			RUNS,
		);
	});

	it("slices of slices compose", () => {
		const cases = anyInputArb(1, 3).chain((input) => {
			const n = input.ref.shape[0];
			const bound = fc.integer({ min: -n - 1, max: n + 1 });
			return fc.tuple(fc.constant(input), bound, bound, bound, bound);
		});
		fc.assert(
			fc.property(cases, ([input, a, b, c, d]) => {
				const expected = refSlice(refSlice(input.ref, a, b, 0), c, d, 0);
				expectTensor(input.t.slice(a, b).slice(c, d), expected);
			}),
			RUNS,
		);
	});

	it("exact: Python-style bounds", () => {
		const x = tensor([0, 1, 2, 3, 4]);
		// x[1:3] = [1, 2]; x[-2:] = [3, 4]; x[:-3] = [0, 1]; x[-100:100] = all; x[3:1] = []; x[7:] = []
		expect(x.slice(1, 3).toArray()).toEqual([1, 2]);
		expect(x.slice(-2).toArray()).toEqual([3, 4]);
		expect(x.slice(0, -3).toArray()).toEqual([0, 1]);
		expect(x.slice(-100, 100).toArray()).toEqual([0, 1, 2, 3, 4]);
		expect(x.slice(3, 1).toArray()).toEqual([]);
		expect(x.slice(7).toArray()).toEqual([]);
		// along axis 1 of [[1,2,3],[4,5,6]]: columns 1..end = [[2,3],[5,6]]
		expect(
			tensor([
				[1, 2, 3],
				[4, 5, 6],
			])
				.slice(1, undefined, 1)
				.toArray(),
		).toEqual([
			[2, 3],
			[5, 6],
		]);
		expect(pythonBounds(5, -2, undefined)).toEqual([3, 5]);
	});
});

describe("gather", () => {
	it("picks entries by index (negative from the end, repeats allowed) along an axis", () => {
		const cases = anyInputArb(1, 4).chain((input) => {
			const rank = input.ref.shape.length;
			return axisArb(rank).chain((axis) => {
				const n = input.ref.shape[axis < 0 ? axis + rank : axis];
				const indices = n === 0 ? fc.constant([]) : fc.array(fc.integer({ min: -n, max: n - 1 }), { maxLength: 5 });
				return fc.tuple(fc.constant(input), fc.constant(axis), indices, fc.boolean());
			});
		});
		fc.assert(
			fc.property(cases, ([input, axis, indices, typed]) => {
				const ax = axis < 0 ? axis + input.ref.shape.length : axis;
				const idx = typed ? Int32Array.from(indices) : indices;
				const out = gather(input.t, idx, axis);
				expectTensor(out, refGather(input.ref, indices, ax), undefined, input.dtype);
				expectTensor(input.t.gather(indices, axis), refGather(input.ref, indices, ax));
			}),
			RUNS,
		);
	});

	it("exact: rows for a mini-batch", () => {
		// rows 2 and 0 of [[1,2],[3,4],[5,6]] are [[5,6],[1,2]]; row -1 is the last
		const x = tensor([
			[1, 2],
			[3, 4],
			[5, 6],
		]);
		expect(gather(x, [2, 0]).toArray()).toEqual([
			[5, 6],
			[1, 2],
		]);
		expect(x.gather([-1, -1]).toArray()).toEqual([
			[5, 6],
			[5, 6],
		]);
		// columns [1, 0]: [[2,1],[4,3],[6,5]]
		expect(x.gather([1, 0], 1).toArray()).toEqual([
			[2, 1],
			[4, 3],
			[6, 5],
		]);
		expect(x.gather([]).shape).toEqual([0, 2]);
	});
});

describe("concat", () => {
	it("joins tensors of any layout and dtype along an axis", () => {
		const cases = shapeArb(1, 3).chain((shape) =>
			axisArb(shape.length).chain((axis) => {
				const ax = axis < 0 ? axis + shape.length : axis;
				const part = dimArb.chain((d) => {
					const s = [...shape];
					s[ax] = d;
					return inputArb(s);
				});
				return fc.tuple(fc.constant(axis), fc.array(part, { minLength: 1, maxLength: 4 }), fc.boolean());
			}),
		);
		fc.assert(
			fc.property(cases, ([axis, parts, asMethod]) => {
				const tensors = parts.map((p: Input) => p.t);
				const out = asMethod ? tensors[0].concat(tensors.slice(1), axis) : concat(tensors, axis);
				const dtype: DType = parts.some((p) => p.dtype === "float64") ? "float64" : "float32";
				const refs: Ref[] = parts.map((p) => p.ref);
				const ax = axis < 0 ? axis + refs[0].shape.length : axis;
				expectTensor(out, roundTo(refConcat(refs, ax), dtype), undefined, dtype);
			}),
			RUNS,
		);
	});

	it("exact: rows and columns", () => {
		// [[1,2]] over [[3,4],[5,6]] = [[1,2],[3,4],[5,6]]
		const a = tensor([[1, 2]]);
		const b = tensor([
			[3, 4],
			[5, 6],
		]);
		expect(concat([a, b]).toArray()).toEqual([
			[1, 2],
			[3, 4],
			[5, 6],
		]);
		// [[1],[2]] beside [[3,4],[5,6]] (axis 1 = -1) = [[1,3,4],[2,5,6]]
		expect(concat([tensor([[1], [2]]), b], -1).toArray()).toEqual([
			[1, 3, 4],
			[2, 5, 6],
		]);
		// float32 with float64 gives float64, with the float64 values intact
		const mixed = concat([tensor([0.5], { dtype: "float32" }), tensor([0.1])]);
		expect(mixed.dtype).toBe("float64");
		expect(mixed.toArray()).toEqual([0.5, 0.1]);
	});
});
