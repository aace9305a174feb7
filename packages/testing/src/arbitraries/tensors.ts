/** Tensors for property tests: both dtypes, shapes that broadcast, values of a chosen kind. */
import { type DType, type Tensor, tensor } from "@backprop/tensor";
import fc from "fast-check";
import { broadcastPairArb, type Shape, type ShapeOptions, shapeArb } from "./shapes";
import { type ValueKind, valueArb } from "./values";

/** Both dtypes. */
export const dtypeArb: fc.Arbitrary<DType> = fc.constantFrom<DType>("float64", "float32");

/** Options for the tensor arbitraries. */
export interface TensorArbOptions {
	/** How values are drawn: a {@link ValueKind} (default `any`) or any number arbitrary. */
	values?: ValueKind | fc.Arbitrary<number>;
	/** The dtype (default float64; `dtypeArb` for both). */
	dtype?: DType | fc.Arbitrary<DType>;
}

function sizeOf(shape: readonly number[]): number {
	return shape.reduce((n, d) => n * d, 1);
}

/** A tensor of exactly `shape`. */
export function tensorArb(shape: readonly number[], options: TensorArbOptions = {}): fc.Arbitrary<Tensor> {
	const n = sizeOf(shape);
	const values = typeof options.values === "object" ? options.values : valueArb(options.values ?? "any");
	const dtype = typeof options.dtype === "object" ? options.dtype : fc.constant<DType>(options.dtype ?? "float64");
	return fc
		.tuple(fc.array(values, { minLength: n, maxLength: n }), dtype)
		.map(([v, d]) => tensor(v, { shape, dtype: d }));
}

/** A tensor of a random shape (see {@link shapeArb}). */
export function anyTensorArb(options: TensorArbOptions & ShapeOptions = {}): fc.Arbitrary<Tensor> {
	return shapeArb(options).chain((s) => tensorArb(s, options));
}

/** Two tensors whose shapes broadcast together, each with its own value kind, in one dtype. */
export function broadcastTensorsArb(
	a: TensorArbOptions = {},
	b: TensorArbOptions = a,
	shapes: ShapeOptions = {},
): fc.Arbitrary<[Tensor, Tensor]> {
	const dtype = a.dtype ?? "float64";
	return broadcastPairArb(shapes).chain(([sa, sb]: [Shape, Shape]) =>
		fc.tuple(tensorArb(sa, { ...a, dtype }), tensorArb(sb, { ...b, dtype })),
	);
}

/**
 * A float64 tensor of `shape` whose elements are pairwise at least 0.08 apart
 * (distinct multiples of 0.1 plus a jitter below 0.02): max and min reductions
 * have a unique extreme in every group, far from a tie.
 */
export function distinctTensorArb(shape: readonly number[]): fc.Arbitrary<Tensor> {
	const n = sizeOf(shape);
	return fc
		.tuple(
			fc.uniqueArray(fc.integer({ min: -30, max: 30 }), { minLength: n, maxLength: n }),
			fc.array(fc.noBias(fc.integer({ min: 0, max: 20_000 })), { minLength: n, maxLength: n }),
		)
		.map(([ks, js]) =>
			tensor(
				ks.map((k, i) => 0.1 * k + js[i] / 1e6),
				{ shape },
			),
		);
}
