/** Standardizing features: (x - mean) / std per column, with the statistics saved in the model. */

/** Per-feature mean and standard deviation. */
export interface Normalization {
	mean: number[];
	std: number[];
}

/**
 * Mean and (population) standard deviation of each column of `rows`. A constant
 * column gets std 1, so it maps to 0 rather than dividing by zero. Throws
 * RangeError for no rows.
 */
export function fitNormalization(rows: readonly (readonly number[])[]): Normalization {
	const first = rows[0];
	if (first === undefined) throw new RangeError("fitNormalization: no rows");
	const n = rows.length;
	const mean = first.map((_, j) => rows.reduce((s, r) => s + (r[j] as number), 0) / n);
	const std = first.map((_, j) => {
		const m = mean[j] as number;
		const variance = rows.reduce((s, r) => s + ((r[j] as number) - m) ** 2, 0) / n;
		const sd = Math.sqrt(variance);
		return sd > 1e-12 ? sd : 1;
	});
	return { mean, std };
}

/** `rows` standardized with `norm`; rows must have as many values as `norm` has columns. */
export function applyNormalization(rows: readonly (readonly number[])[], norm: Normalization): number[][] {
	return rows.map((r) => r.map((v, j) => (v - (norm.mean[j] as number)) / (norm.std[j] as number)));
}
