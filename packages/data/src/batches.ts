/** Mini-batches for a hand-written training loop. */
import { type DataLike, toDataTensor } from "@backprop/nn";
import { formatShape, Rng, ShapeError, type Tensor } from "@backprop/tensor";

/** Options for {@link batches}. */
export interface BatchOptions {
	/** Rows per batch (default 32). */
	batchSize?: number;
	/** Shuffle the rows before cutting batches (default false). */
	shuffle?: boolean;
	/** Seed of the shuffle (default 0). */
	seed?: number;
	/** Leave out a last batch smaller than batchSize (default false). */
	dropLast?: boolean;
}

/**
 * An iterator over batches of `batchSize` rows of (x, y), in order or in a
 * seeded shuffle, as [xBatch, yBatch] pairs: `for (const [xb, yb] of batches(x, y, { batchSize: 16 }))`.
 * Throws ShapeError for different row counts, RangeError for a batchSize that is
 * not a positive integer (both before the first batch).
 */
export function batches(x: DataLike, y: DataLike, options: BatchOptions = {}): IterableIterator<[Tensor, Tensor]> {
	const xs = toDataTensor(x, "x", "batches", "float64");
	const ys = toDataTensor(y, "y", "batches", "float64");
	const n = xs.shape[0];
	if (ys.shape[0] !== n) {
		throw new ShapeError(
			`batches: x has ${n} rows (${formatShape(xs.shape)}) but y has ${ys.shape[0]} (${formatShape(ys.shape)})`,
		);
	}
	const size = options.batchSize ?? 32;
	if (!Number.isInteger(size) || size <= 0) {
		throw new RangeError(`batches: batchSize must be a positive integer, got ${String(size)}`);
	}
	const order = Array.from({ length: n }, (_, i) => i);
	if (options.shuffle) new Rng(options.seed ?? 0).shuffle(order);
	// Batches are gathered as they are asked for, so a large dataset is never copied whole.
	function* cut(): IterableIterator<[Tensor, Tensor]> {
		for (let start = 0; start < n; start += size) {
			const rows = order.slice(start, start + size);
			if (options.dropLast && rows.length < size) return;
			yield [xs.gather(rows), ys.gather(rows)];
		}
	}
	return cut();
}
