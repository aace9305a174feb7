import { argmax, max, mean, min, ShapeError, sum, type Tensor, tensor, zeros } from "@backprop/tensor";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyInputArb, axesArb, axisArb, RUNS } from "./arbitraries";
import { EXACT, expectTensor, expectThrow, sumTolerance } from "./check";
import { normAxes, reducedShape, reductionGroups, argmax as refArgmax, reduce as refReduce, sizeOf } from "./reference";

type Kind = "sum" | "mean" | "max" | "min";
type Axes = number | number[] | undefined;

const fns: Record<Kind, (x: Tensor, axis?: Axes, keepDims?: boolean) => Tensor> = { sum, mean, max, min };
const methods: Record<Kind, (x: Tensor, axis?: Axes, keepDims?: boolean) => Tensor> = {
	sum: (x, a, k) => x.sum(a, k),
	mean: (x, a, k) => x.mean(a, k),
	max: (x, a, k) => x.max(a, k),
	min: (x, a, k) => x.min(a, k),
};
const fmt = (s: readonly number[]) => `[${s.join(",")}]`;

describe("reductions against the reference", () => {
	const inputs = anyInputArb().chain((input) =>
		fc.record({
			input: fc.constant(input),
			axis: axesArb(input.ref.shape.length),
			keepDims: fc.boolean(),
			kind: fc.constantFrom<Kind>("sum", "mean", "max", "min"),
			asMethod: fc.boolean(),
		}),
	);

	it("sum, mean, max and min over any axes (number, list, negative, none), with and without keepDims", () => {
		fc.assert(
			fc.property(inputs, ({ input, axis, keepDims, kind, asMethod }) => {
				const shape = input.ref.shape;
				const run = () => (asMethod ? methods : fns)[kind](input.t, axis, keepDims);
				const axes = normAxes(axis, shape.length);
				const reducedCount = sizeOf(axes.map((a) => shape[a]));
				const outCount = sizeOf(reducedShape(shape, axes, false));
				if ((kind === "max" || kind === "min") && reducedCount === 0 && outCount > 0) {
					expectThrow(run, ShapeError, `${kind}: cannot reduce an empty axis of shape ${fmt(shape)}`);
					return;
				}
				const { out, scale } = refReduce(kind, input.ref, axis, keepDims);
				const tol = kind === "sum" || kind === "mean" ? sumTolerance(input.dtype, scale) : EXACT;
				expectTensor(run(), out, tol, input.dtype);
			}),
			RUNS,
		);
	});

	it("keepDims keeps the reduced axes as size 1, so the result broadcasts against the input", () => {
		fc.assert(
			fc.property(inputs, ({ input, axis }) => {
				const s = sum(input.t, axis, true);
				const axes = normAxes(axis, input.ref.shape.length);
				expect(s.shape).toEqual(input.ref.shape.map((d, i) => (axes.includes(i) ? 1 : d)));
				expect(input.t.sub(s).shape).toEqual(input.ref.shape);
			}),
			RUNS,
		);
	});

	it("argmax gives the index of the first maximum along an axis, or into the flattened tensor", () => {
		const cases = anyInputArb().chain((input) => {
			const rank = input.ref.shape.length;
			const axis = rank === 0 ? fc.constant(undefined) : fc.option(axisArb(rank), { nil: undefined });
			return fc.tuple(fc.constant(input), axis, fc.boolean());
		});
		fc.assert(
			fc.property(cases, ([input, axis, asMethod]) => {
				const run = () => (asMethod ? input.t.argmax(axis) : argmax(input.t, axis));
				const ref = axis === undefined ? { shape: [input.ref.data.length], data: input.ref.data } : input.ref;
				const ax = axis === undefined ? 0 : axis < 0 ? axis + ref.shape.length : axis;
				const { shape, groups } = reductionGroups(ref, [ax]);
				if (ref.shape[ax] === 0 && groups.length > 0) {
					expectThrow(run, ShapeError, /^argmax: cannot reduce an empty axis of shape \[/);
					return;
				}
				const out = run();
				expectTensor(out, refArgmax(input.ref, axis), EXACT, "float64");
				expect(out.shape).toEqual(axis === undefined ? [] : shape);
			}),
			RUNS,
		);
	});
});

describe("exact reductions", () => {
	const x = tensor([
		[1, 2],
		[3, 4],
	]);

	it("sum", () => {
		// sum([[1, 2], [3, 4]]) = 1+2+3+4 = 10
		expect(x.sum().toArray()).toBe(10);
		expect(x.sum().shape).toEqual([]);
		// over axis 0 (down the columns): [1+3, 2+4] = [4, 6]; over axis 1 (along the rows): [1+2, 3+4] = [3, 7]
		expect(x.sum(0).toArray()).toEqual([4, 6]);
		expect(x.sum(1).toArray()).toEqual([3, 7]);
		// axis -1 is axis 1; keepDims keeps it as size 1: [[3], [7]]
		expect(x.sum(-1, true).toArray()).toEqual([[3], [7]]);
		// a list of both axes is everything; with keepDims, shape [1, 1]
		expect(x.sum([0, 1], true).toArray()).toEqual([[10]]);
		expect(x.sum([-1, 0]).toArray()).toBe(10);
		// an empty list reduces nothing
		expect(x.sum([]).toArray()).toEqual(x.toArray());
	});

	it("mean, max, min over axes of a rank-3 tensor", () => {
		// t[i][j][k] = 100 i + 10 j + k with shape [2, 2, 3]
		const t = tensor([
			[
				[0, 1, 2],
				[10, 11, 12],
			],
			[
				[100, 101, 102],
				[110, 111, 112],
			],
		]);
		// mean over axes [0, 2]: for j = 0: (0+1+2+100+101+102)/6 = 51; j = 1: 61
		expect(mean(t, [0, 2]).toArray()).toEqual([51, 61]);
		// max over axis 1: the j = 1 rows, [[10, 11, 12], [110, 111, 112]]
		expect(max(t, 1).toArray()).toEqual([
			[10, 11, 12],
			[110, 111, 112],
		]);
		// min over axes [-1, -2] with keepDims: [[[0]], [[100]]]
		expect(min(t, [-1, -2], true).toArray()).toEqual([[[0]], [[100]]]);
		// mean of everything: (mean over i 50) + (mean over j 5) + (mean over k 1) = 56
		expect(mean(t).item()).toBe(56);
	});

	it("argmax picks the first of equal maxima", () => {
		// rows [1, 5, 5] and [7, 0, 7]: the first maximum is at 1 and at 0
		const t = tensor([
			[1, 5, 5],
			[7, 0, 7],
		]);
		expect(argmax(t, 1).toArray()).toEqual([1, 0]);
		expect(argmax(t, -1).toArray()).toEqual([1, 0]);
		// columns: [1, 7] -> 1, [5, 0] -> 0, [5, 7] -> 1
		expect(argmax(t, 0).toArray()).toEqual([1, 0, 1]);
		// flattened [1, 5, 5, 7, 0, 7]: the first 7 is at 3
		expect(argmax(t).toArray()).toBe(3);
		expect(argmax(t).dtype).toBe("float64");
		expect(argmax(tensor([1, 2], { dtype: "float32" }), 0).dtype).toBe("float64");
	});

	it("reductions over zero elements", () => {
		// the empty sum is 0 and the empty mean 0/0 = NaN
		expect(sum(zeros([0])).item()).toBe(0);
		expect(mean(zeros([0])).item()).toBeNaN();
		expect(sum(zeros([2, 0]), 1).toArray()).toEqual([0, 0]);
		expect(mean(zeros([2, 0]), 1).toArray()).toEqual([Number.NaN, Number.NaN]);
		// max over a non-empty axis of an empty tensor is empty
		expect(max(zeros([2, 0]), 0).shape).toEqual([0]);
		// a rank-0 tensor reduces to itself
		expect(sum(tensor(5)).toArray()).toBe(5);
		expect(max(tensor(5)).toArray()).toBe(5);
		expect(argmax(tensor(5)).toArray()).toBe(0);
	});

	it("max, min and argmax propagate the first NaN, as NumPy does", () => {
		const nan = Number.NaN;
		expect(max(tensor([1, nan, 3])).item()).toBeNaN();
		expect(min(tensor([1, nan, 3])).item()).toBeNaN();
		expect(
			max(
				tensor([
					[nan, 1],
					[2, 3],
				]),
				1,
			).toArray(),
		).toEqual([nan, 3]);
		expect(argmax(tensor([1, nan, 3, nan])).item()).toBe(1);
	});
});
