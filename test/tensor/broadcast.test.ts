import { add, broadcastShapes, broadcastTo, mul, ShapeError, sub, tensor, zeros } from "@backprop/tensor";
import { broadcastableTo } from "@backprop/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { viewOf } from "../../packages/tensor/src/tensor";
import { dimArb, inputArb, RUNS, shapeArb } from "./arbitraries";
import { expectTensor, expectThrow, F32 } from "./check";
import { binaryOps } from "./op-tables";
import { broadcastShape, broadcastTo as refBroadcastTo, promote as resultDtype, roundTo, zip } from "./reference";

const fmt = (s: readonly number[]) => `[${s.join(",")}]`;

/** Two shapes that broadcast together, each derived from a common output shape. */
const broadcastPairArb = shapeArb().chain((out) => fc.tuple(broadcastableTo(out), broadcastableTo(out)));

/** Two shapes that do not broadcast: one aligned dimension holds two different sizes, neither 1. */
const clashingPairArb = shapeArb(1, 4).chain((shape) =>
	fc
		.tuple(
			fc.integer({ min: 0, max: shape.length - 1 }),
			fc.shuffledSubarray([0, 2, 3, 4], { minLength: 2, maxLength: 2 }),
			broadcastableTo(shape),
			fc.boolean(),
		)
		.map(([axis, [p, q], other, swap]) => {
			const a = [...shape];
			a[axis] = p;
			// other is shape with leading dims dropped or dims set to 1; force the clash on axis.
			const b = [...other];
			const j = axis - (shape.length - other.length);
			if (j >= 0) b[j] = q;
			else b.unshift(q, ...Array.from({ length: -j - 1 }, () => 1));
			return (swap ? [b, a] : [a, b]) as [number[], number[]];
		}),
);

/** The first clashing pair of dimensions, aligned from the right, as the error reports it. */
function clash(a: readonly number[], b: readonly number[]): [number, number, number] {
	const rank = Math.max(a.length, b.length);
	for (let i = 0; i < rank; i++) {
		const da = a[a.length - rank + i] ?? 1;
		const db = b[b.length - rank + i] ?? 1;
		if (da !== db && da !== 1 && db !== 1) return [i, da, db];
	}
	throw new Error("no clash");
}

describe("broadcasting follows NumPy", () => {
	it("binary ops broadcast any compatible shapes, on any layout and dtype mix", () => {
		const inputs = broadcastPairArb.chain(([sa, sb]) => fc.tuple(inputArb(sa), inputArb(sb)));
		fc.assert(
			fc.property(inputs, fc.constantFrom(...binaryOps), fc.boolean(), ([a, b], op, swap) => {
				const [x, y] = swap ? [b, a] : [a, b];
				const out = op.fn(x.t, y.t);
				const dtype = resultDtype(x.dtype, y.dtype);
				const expected = roundTo(zip(x.ref, y.ref, op.ref), dtype);
				expectTensor(out, expected, dtype === "float32" ? F32 : op.tol64, dtype);
			}),
			RUNS,
		);
	});

	it("broadcastShapes matches the rule and is symmetric", () => {
		fc.assert(
			fc.property(broadcastPairArb, ([a, b]) => {
				const expected = broadcastShape(a, b);
				expect(broadcastShapes(a, b, "test")).toEqual(expected);
				expect(broadcastShapes(b, a, "test")).toEqual(expected);
			}),
			RUNS,
		);
	});

	it("shapes that clash throw a ShapeError naming the op, both shapes and the dimension", () => {
		fc.assert(
			fc.property(clashingPairArb, fc.constantFrom(...binaryOps), ([a, b], op) => {
				const [i, da, db] = clash(a, b);
				const message = `${op.name}: shapes ${fmt(a)} and ${fmt(b)} do not broadcast (dimension ${i}: ${da} vs ${db})`;
				expectThrow(() => op.fn(zeros(a), zeros(b)), ShapeError, message);
			}),
			RUNS,
		);
	});

	it("broadcastTo is a stride-0 view with the reference's values", () => {
		const cases = shapeArb().chain((target) =>
			broadcastableTo(target).chain((source) => fc.tuple(fc.constant(target), inputArb(source))),
		);
		fc.assert(
			fc.property(cases, ([target, input]) => {
				const out = broadcastTo(input.t, target);
				expectTensor(out, refBroadcastTo(input.ref, target), undefined, input.dtype);
				expectTensor(input.t.broadcastTo(target), refBroadcastTo(input.ref, target));
				// No copy: the view reads the source's buffer.
				expect(viewOf(out).data).toBe(viewOf(input.t).data);
			}),
			RUNS,
		);
	});

	it("broadcastTo refuses shapes NumPy refuses", () => {
		fc.assert(
			fc.property(clashingPairArb, ([a, b]) => {
				expectThrow(() => broadcastTo(zeros(a), b), ShapeError, `broadcastTo: cannot broadcast ${fmt(a)} to ${fmt(b)}`);
			}),
			RUNS,
		);
		// Broadcasting never removes dimensions, and a non-1 dimension cannot grow.
		expectThrow(() => broadcastTo(zeros([2, 3]), [3]), ShapeError, "broadcastTo: cannot broadcast [2,3] to [3]");
		expectThrow(() => broadcastTo(zeros([2]), [2, 4]), ShapeError, "broadcastTo: cannot broadcast [2] to [2,4]");
		expectThrow(() => broadcastTo(zeros([1, 2]), [2]), ShapeError, "broadcastTo: cannot broadcast [1,2] to [2]");
	});

	it("a size-0 dimension broadcasts against 1 to size 0", () => {
		fc.assert(
			fc.property(fc.array(dimArb, { maxLength: 2 }), (rest) => {
				const out = add(zeros([0, ...rest]), tensor(5));
				expect(out.shape).toEqual([0, ...rest]);
				expect(add(zeros([1, ...rest]), zeros([0, ...rest])).shape).toEqual([0, ...rest]);
			}),
			RUNS,
		);
	});
});

describe("exact broadcasting cases", () => {
	it("column plus row makes a table", () => {
		// [[1], [2]] + [10, 20, 30] = [[1+10, 1+20, 1+30], [2+10, 2+20, 2+30]] = [[11, 21, 31], [12, 22, 32]]
		expect(add(tensor([[1], [2]]), tensor([10, 20, 30])).toArray()).toEqual([
			[11, 21, 31],
			[12, 22, 32],
		]);
		// [1, 2, 3] * [[1], [0]] = [[1, 2, 3], [0, 0, 0]]
		expect(mul(tensor([1, 2, 3]), tensor([[1], [0]])).toArray()).toEqual([
			[1, 2, 3],
			[0, 0, 0],
		]);
	});

	it("rank-0 and missing leading dimensions", () => {
		// 10 - [[1, 2], [3, 4]] = [[9, 8], [7, 6]] with 10 a rank-0 tensor
		expect(
			sub(
				tensor(10),
				tensor([
					[1, 2],
					[3, 4],
				]),
			).toArray(),
		).toEqual([
			[9, 8],
			[7, 6],
		]);
		// [2, 1, 3] + [4, 1] -> [2, 4, 3]; element [i, j, k] = a[i, 0, k] + b[j, 0]
		const a = tensor([[[0, 1, 2]], [[10, 11, 12]]]);
		const b = tensor([[100], [200], [300], [400]]);
		const out = add(a, b);
		expect(out.shape).toEqual([2, 4, 3]);
		expect(out.get(1, 2, 0)).toBe(10 + 300);
		expect(out.get(0, 3, 2)).toBe(2 + 400);
	});

	it("size-0 dimensions", () => {
		// [0, 3] + [3] = [0, 3]: no elements, but the shape is kept
		expect(add(zeros([0, 3]), tensor([1, 2, 3])).shape).toEqual([0, 3]);
		expect(add(zeros([0, 3]), tensor([1, 2, 3])).toArray()).toEqual([]);
		// [2, 1] * [0] = [2, 0]
		expect(mul(zeros([2, 1]), zeros([0])).toArray()).toEqual([[], []]);
	});

	it("the exact message for a clash", () => {
		// [2, 3] and [4]: aligned from the right, dimension 1 holds 3 vs 4
		expectThrow(
			() => add(zeros([2, 3]), zeros([4])),
			ShapeError,
			"add: shapes [2,3] and [4] do not broadcast (dimension 1: 3 vs 4)",
		);
	});
});
