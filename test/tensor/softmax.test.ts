import { logSoftmax, logSumExp, ShapeError, softmax, tensor, zeros } from "@backprop/tensor";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyInputArb, axesArb, axisArb, finiteValueArb, RUNS } from "./arbitraries";
import { expectTensor, expectThrow, type Tolerance } from "./check";
import { map, type Ref, logSumExp as refLogSumExp, softmax as refSoftmax, sizeOf } from "./reference";

const tolerance = (dtype: string, rtol64: number): Tolerance =>
	dtype === "float32" ? { rtol: 2e-5, atol: 1e-30 } : { rtol: rtol64, atol: 1e-300 };

const withAxis = anyInputArb(1, 4, { values: finiteValueArb }).chain((input) =>
	fc.tuple(fc.constant(input), axisArb(input.ref.shape.length), fc.boolean()),
);

describe("softmax family against the definitions", () => {
	it("softmax is exp(x) / sum exp(x) along an axis", () => {
		fc.assert(
			fc.property(withAxis, ([input, axis, asMethod]) => {
				const out = asMethod ? input.t.softmax(axis) : softmax(input.t, axis);
				expectTensor(out, refSoftmax(input.ref, axis), tolerance(input.dtype, 1e-12), input.dtype);
			}),
			RUNS,
		);
	});

	it("logSoftmax is log(softmax(x))", () => {
		fc.assert(
			fc.property(withAxis, ([input, axis, asMethod]) => {
				const out = asMethod ? input.t.logSoftmax(axis) : logSoftmax(input.t, axis);
				const expected = map(refSoftmax(input.ref, axis), Math.log);
				// log-softmax values are around -20..0: compare absolutely.
				const tol = input.dtype === "float32" ? { rtol: 1e-5, atol: 1e-4 } : { rtol: 1e-12, atol: 1e-12 };
				expectTensor(out, expected, tol, input.dtype);
			}),
			RUNS,
		);
	});

	it("logSumExp is log(sum(exp(x))) over any axes, with keepDims", () => {
		const cases = anyInputArb().chain((input) =>
			fc.tuple(fc.constant(input), axesArb(input.ref.shape.length), fc.boolean()),
		);
		fc.assert(
			fc.property(cases, ([input, axis, keepDims]) => {
				const expected = refLogSumExp(input.ref, axis, keepDims);
				const tol = input.dtype === "float32" ? { rtol: 1e-5, atol: 1e-5 } : { rtol: 1e-12, atol: 1e-13 };
				expectTensor(input.t.logSumExp(axis, keepDims), expected, tol, input.dtype);
				expectTensor(logSumExp(input.t, axis, keepDims), expected, tol, input.dtype);
			}),
			RUNS,
		);
	});

	it("are stable: shifting the inputs by ±1000 or 1e5 changes nothing (or adds the shift to logSumExp)", () => {
		const cases = anyInputArb(1, 3, { dtype: "float64", values: finiteValueArb }).chain((input) =>
			fc.tuple(fc.constant(input), axisArb(input.ref.shape.length), fc.constantFrom(1000, -1000, 1e5)),
		);
		fc.assert(
			fc.property(cases, ([input, axis, shift]) => {
				const shifted = input.t.add(shift);
				// x + shift rounds x to the grid of the shift's magnitude, so compare loosely.
				const ref: Ref = map(input.ref, (x) => x + shift - shift);
				const sm = refSoftmax(ref, axis);
				expectTensor(softmax(shifted, axis), sm, { rtol: 1e-9, atol: 1e-300 });
				expectTensor(logSoftmax(shifted, axis), map(sm, Math.log), { rtol: 1e-9, atol: 1e-9 });
				const lse = map(refLogSumExp(ref, axis, false), (v) => v + shift);
				expectTensor(logSumExp(shifted, axis), lse, { rtol: 1e-12, atol: 1e-12 });
				for (const v of softmax(shifted, axis).dataSync()) expect(Number.isFinite(v)).toBe(true);
			}),
			RUNS,
		);
	});

	it("softmax sums to 1 along its axis", () => {
		fc.assert(
			fc.property(withAxis, ([input, axis]) => {
				const n = input.ref.shape[axis < 0 ? axis + input.ref.shape.length : axis];
				// Over an empty axis the sum is the empty sum, 0.
				const want = n === 0 ? 0 : 1;
				const s = softmax(input.t, axis).sum(axis);
				const tol = input.dtype === "float32" ? 1e-5 : 1e-14;
				for (const v of s.dataSync()) expect(Math.abs(v - want)).toBeLessThanOrEqual(tol);
			}),
			RUNS,
		);
	});
});

describe("exact and extreme cases", () => {
	it.each(["float64", "float32"] as const)("large inputs do not overflow (%s)", (dtype) => {
		// softmax([0, 0]) = [e^0 / (e^0 + e^0)] * 2 = [0.5, 0.5]
		expect(softmax(tensor([0, 0], { dtype })).toArray()).toEqual([0.5, 0.5]);
		// softmax([1000, 1000]) = [0.5, 0.5]; the naive e^1000 / (e^1000 + e^1000) is Infinity/Infinity = NaN
		expect(softmax(tensor([1000, 1000], { dtype })).toArray()).toEqual([0.5, 0.5]);
		// softmax([1000, 0]) = [1 / (1 + e^-1000), e^-1000 / (1 + e^-1000)] = [1, 0]
		expect(softmax(tensor([1000, 0], { dtype })).toArray()).toEqual([1, 0]);
		expect(softmax(tensor([-1000, -1000], { dtype })).toArray()).toEqual([0.5, 0.5]);
		// logSoftmax([1000, 0]) = [1000 - 1000, 0 - 1000] = [0, -1000]; the naive log(0) would be -Infinity
		expect(logSoftmax(tensor([1000, 0], { dtype })).toArray()).toEqual([0, -1000]);
	});

	it("logSumExp of large and very negative values", () => {
		// logSumExp([1000, 1000]) = 1000 + log(e^0 + e^0) = 1000 + log 2
		expect(logSumExp(tensor([1000, 1000])).item()).toBe(1000 + Math.LN2);
		// logSumExp([-1000, -1000]) = -1000 + log 2 (the naive log(0 + 0) would be -Infinity)
		expect(logSumExp(tensor([-1000, -1000])).item()).toBe(-1000 + Math.LN2);
		// row-wise with keepDims: [[0, 0], [1000, 1000]] -> [[log 2], [1000 + log 2]]
		expect(
			logSumExp(
				tensor([
					[0, 0],
					[1000, 1000],
				]),
				1,
				true,
			).toArray(),
		).toEqual([[Math.LN2], [1000 + Math.LN2]]);
		// infinities: log(e^-inf + e^-inf) = log 0 = -inf; log(e^inf + 1) = inf
		expect(logSumExp(tensor([-Infinity, -Infinity])).item()).toBe(-Infinity);
		expect(logSumExp(tensor([Infinity, 0])).item()).toBe(Infinity);
		// softmax([-inf, 0]) = [0, 1]
		expect(softmax(tensor([-Infinity, 0])).toArray()).toEqual([0, 1]);
	});

	it("an empty axis: logSumExp of nothing is log 0 = -Infinity; softmax of nothing is empty", () => {
		expect(logSumExp(zeros([2, 0]), 1).toArray()).toEqual([-Infinity, -Infinity]);
		expect(softmax(zeros([2, 0])).shape).toEqual([2, 0]);
		expect(logSoftmax(zeros([0, 3])).shape).toEqual([0, 3]);
		expect(sizeOf(softmax(zeros([0, 3]), 0).shape)).toBe(0);
	});

	it("bad axes", () => {
		expectThrow(() => softmax(zeros([2, 3]), 2), ShapeError, "softmax: axis 2 is out of range for a tensor of rank 2");
		expectThrow(
			() => logSoftmax(zeros([2, 3]), -3),
			ShapeError,
			"logSoftmax: axis -3 is out of range for a tensor of rank 2",
		);
		expectThrow(() => logSumExp(zeros([2, 3]), [0, 0]), ShapeError, "logSumExp: axis 0 is repeated");
		expectThrow(
			() => zeros([2, 3]).logSumExp(2),
			ShapeError,
			"logSumExp: axis 2 is out of range for a tensor of rank 2",
		);
	});
});
