/**
 * fast-check generators for the tensor tests: shapes with size-0 and size-1
 * dimensions, values, dtypes, and memory layouts (dense, transposed, sliced, both)
 * so that ops see non-dense views as inputs. Dtypes and broadcastable shapes come
 * from @backprop/testing.
 */
import { type DType, type Tensor, tensor } from "@backprop/tensor";
import { dtypeArb } from "@backprop/testing";
import fc from "fast-check";
import { inversePerm, pad, type Ref, roundTo, sizeOf, transpose } from "./reference";

/** Property runs per test: enough to explore, small enough for a 2-core machine. */
export const RUNS = { numRuns: 80 };

/** A dimension: sometimes 0, often 1, usually 2..4. */
export const dimArb: fc.Arbitrary<number> = fc.oneof(
	{ arbitrary: fc.constant(0), weight: 1 },
	{ arbitrary: fc.constant(1), weight: 2 },
	{ arbitrary: fc.integer({ min: 2, max: 4 }), weight: 7 },
);

/** A shape of rank minRank..maxRank. */
export function shapeArb(minRank = 0, maxRank = 4): fc.Arbitrary<number[]> {
	return fc.array(dimArb, { minLength: minRank, maxLength: maxRank });
}

/** A finite element: mostly doubles in [-10, 10], sometimes small integers (so ties and exact zeros occur). */
export const finiteValueArb: fc.Arbitrary<number> = fc.oneof(
	{ arbitrary: fc.double({ min: -10, max: 10, noNaN: true }), weight: 3 },
	{ arbitrary: fc.integer({ min: -3, max: 3 }), weight: 1 },
);

/** An element: finite almost always, now and then NaN or an infinity (they are data too). */
export const valueArb: fc.Arbitrary<number> = fc.oneof(
	{ arbitrary: finiteValueArb, weight: 60 },
	{ arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity), weight: 1 },
);

/** Row-major values for `shape`. */
export function refArb(shape: readonly number[], values: fc.Arbitrary<number> = valueArb): fc.Arbitrary<Ref> {
	const n = sizeOf(shape);
	return fc.array(values, { minLength: n, maxLength: n }).map((data) => ({ shape: [...shape], data }));
}

/** A permutation of 0..rank-1. */
export function permArb(rank: number): fc.Arbitrary<number[]> {
	const axes = Array.from({ length: rank }, (_, i) => i);
	return fc.shuffledSubarray(axes, { minLength: rank, maxLength: rank });
}

/**
 * How a tensor's elements sit in memory. `pads` builds it as a slice of a larger
 * tensor (so it has an offset and foreign strides), `perm` as a transpose of one.
 */
export interface Layout {
	perm: number[] | null;
	pads: [number, number][] | null;
}

/** A random layout for a tensor of `rank`; dense about a third of the time. */
export function layoutArb(rank: number): fc.Arbitrary<Layout> {
	const pads = fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), {
		minLength: rank,
		maxLength: rank,
	});
	return fc.record({
		perm: fc.option(permArb(rank), { nil: null, freq: 2 }),
		pads: fc.option(pads, { nil: null, freq: 2 }),
	});
}

/** Filler around sliced views: it must never show up in a result. */
export const FILL = 7777;

/** A tensor of `dtype` holding `ref`'s elements laid out in memory as `layout` says. */
export function materialize(ref: Ref, dtype: DType, layout: Layout): Tensor {
	const rank = ref.shape.length;
	// base.transpose(perm) must be ref, so base is ref transposed by the inverse.
	const base = layout.perm ? transpose(ref, inversePerm(layout.perm)) : ref;
	let t: Tensor;
	if (layout.pads) {
		const pads = layout.pads;
		const padded = pad(base, pads, FILL);
		t = tensor(padded.data, { shape: padded.shape, dtype });
		for (let i = 0; i < rank; i++) t = t.slice(pads[i][0], pads[i][0] + base.shape[i], i);
	} else {
		t = tensor(base.data, { shape: base.shape, dtype });
	}
	return layout.perm ? t.transpose(layout.perm) : t;
}

/** A generated input: the tensor, its exact reference values (rounded to its dtype), and how it was built. */
export interface Input {
	t: Tensor;
	ref: Ref;
	dtype: DType;
	layout: Layout;
}

/** A tensor of exactly `shape`, with a random dtype (or the given one) and a random layout. */
export function inputArb(
	shape: readonly number[],
	options: { dtype?: DType; values?: fc.Arbitrary<number> } = {},
): fc.Arbitrary<Input> {
	const dtype = options.dtype === undefined ? dtypeArb : fc.constant(options.dtype);
	return fc
		.record({ ref: refArb(shape, options.values), dtype, layout: layoutArb(shape.length) })
		.map(({ ref, dtype, layout }) => {
			const r = roundTo(ref, dtype);
			return { t: materialize(r, dtype, layout), ref: r, dtype, layout };
		});
}

/** A tensor of a random shape of rank minRank..maxRank. */
export function anyInputArb(
	minRank = 0,
	maxRank = 4,
	options: { dtype?: DType; values?: fc.Arbitrary<number> } = {},
): fc.Arbitrary<Input> {
	return shapeArb(minRank, maxRank).chain((shape) => inputArb(shape, options));
}

/** An axis of a tensor of `rank` (>= 1), negative half of the time. */
export function axisArb(rank: number): fc.Arbitrary<number> {
	return fc.integer({ min: -rank, max: rank - 1 });
}

/** Reduction axes for `rank`: all (undefined), one axis, or a list (possibly empty), with negatives. */
export function axesArb(rank: number): fc.Arbitrary<number | number[] | undefined> {
	const all = Array.from({ length: rank }, (_, i) => i);
	const list = fc.subarray(all).chain((axes) =>
		fc.array(fc.boolean(), { minLength: axes.length, maxLength: axes.length }).chain((negs) =>
			fc.shuffledSubarray(
				axes.map((a, i) => (negs[i] ? a - rank : a)),
				{ minLength: axes.length },
			),
		),
	);
	const options: fc.Arbitrary<number | number[] | undefined>[] = [fc.constant(undefined), list];
	if (rank > 0) options.push(axisArb(rank));
	return fc.oneof(...options);
}
