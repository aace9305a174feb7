/** Shapes for property tests: small dimensions, and pairs that broadcast by NumPy's rules. */
import fc from "fast-check";

/** A shape: dimensions, outermost first. */
export type Shape = number[];

/** Options for {@link shapeArb}. */
export interface ShapeOptions {
	/** Fewest dimensions (default 0: a scalar). */
	minRank?: number;
	/** Most dimensions (default 3). */
	maxRank?: number;
	/** Smallest dimension (default 1). */
	minDim?: number;
	/** Largest dimension (default 3, so every case stays small). */
	maxDim?: number;
}

/** A shape of rank minRank..maxRank with dimensions minDim..maxDim. */
export function shapeArb(options: ShapeOptions = {}): fc.Arbitrary<Shape> {
	const dim = fc.integer({ min: options.minDim ?? 1, max: options.maxDim ?? 3 });
	return fc.array(dim, { minLength: options.minRank ?? 0, maxLength: options.maxRank ?? 3 });
}

/**
 * A shape that broadcasts to `target` (NumPy's rules): some leading dimensions
 * dropped, some of the rest replaced by 1.
 */
export function broadcastableTo(target: readonly number[]): fc.Arbitrary<Shape> {
	return fc
		.tuple(
			fc.nat({ max: target.length }),
			fc.array(fc.boolean(), { minLength: target.length, maxLength: target.length }),
		)
		.map(([drop, ones]) => target.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
}

/** NumPy's broadcast of two shapes, or null when they do not broadcast. */
export function broadcastOf(a: readonly number[], b: readonly number[]): Shape | null {
	const rank = Math.max(a.length, b.length);
	const out: Shape = [];
	for (let i = 0; i < rank; i++) {
		const da = a[a.length - rank + i] ?? 1;
		const db = b[b.length - rank + i] ?? 1;
		if (da !== db && da !== 1 && db !== 1) return null;
		out.push(da === 1 ? db : da);
	}
	return out;
}

/**
 * Two shapes that broadcast together: a few classics (`[3,1]` with `[4]`, a
 * scalar with a matrix, either order) or two shapes derived from a random common one.
 */
export function broadcastPairArb(options: ShapeOptions = {}): fc.Arbitrary<[Shape, Shape]> {
	return fc.oneof(
		fc.constantFrom<[Shape, Shape]>(
			[[3, 1], [4]],
			[[4], [3, 1]],
			[[2, 3], []],
			[[], [2, 3]],
			[
				[2, 1, 3],
				[2, 1],
			],
		),
		shapeArb(options).chain((target) => fc.tuple(broadcastableTo(target), broadcastableTo(target))),
	);
}
