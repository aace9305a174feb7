/** Standardizing features: (x - mean) / std per column, with the statistics saved in the model. */

/** Per-feature mean and standard deviation. */
export interface Normalization {
	mean: number[];
	std: number[];
}

/** Thrown for a feature column whose statistics do not fit in a double; `feature` is its index. */
export class NormalizationError extends RangeError {
	override name = "NormalizationError";
	/** `feature`: the index of the column among the features. */
	constructor(readonly feature: number) {
		super(`fitNormalization: feature ${feature + 1}'s spread is too large for a 64-bit float`);
	}
}

// Mean and population standard deviation of one column, computed on values divided
// by the largest magnitude when the plain sums overflow (features around 1e200).
function columnStats(values: readonly number[]): { mean: number; std: number } {
	const n = values.length;
	const plain = (scale: number) => {
		const mean = values.reduce((s, v) => s + v / scale, 0) / n;
		const variance = values.reduce((s, v) => s + (v / scale - mean) ** 2, 0) / n;
		return { mean: mean * scale, std: Math.sqrt(variance) * scale };
	};
	const direct = plain(1);
	if (Number.isFinite(direct.mean) && Number.isFinite(direct.std)) return direct;
	return plain(values.reduce((m, v) => Math.max(m, Math.abs(v)), 0));
}

/**
 * Mean and (population) standard deviation of each column of `rows`, without
 * overflow for values up to the largest double. A constant column gets std 1, so
 * it maps to 0 rather than dividing by zero. Throws RangeError for no rows, and
 * NormalizationError for a column whose spread is too large for a double (values
 * near ±1.8e308 of both signs): its statistics could not be saved.
 */
export function fitNormalization(rows: readonly (readonly number[])[]): Normalization {
	const first = rows[0];
	if (first === undefined) throw new RangeError("fitNormalization: no rows");
	const stats = first.map((_, j) => columnStats(rows.map((r) => r[j] as number)));
	stats.forEach((s, j) => {
		if (!Number.isFinite(s.mean) || !Number.isFinite(s.std)) throw new NormalizationError(j);
	});
	return { mean: stats.map((s) => s.mean), std: stats.map((s) => (s.std > 1e-12 ? s.std : 1)) };
}

/** `rows` standardized with `norm`; rows must have as many values as `norm` has columns. */
export function applyNormalization(rows: readonly (readonly number[])[], norm: Normalization): number[][] {
	return rows.map((r) =>
		r.map((v, j) => {
			const m = norm.mean[j] as number;
			const s = norm.std[j] as number;
			const z = (v - m) / s;
			// v - m overflows for values near ±1.8e308 of opposite signs; the quotients do not.
			return Number.isFinite(z) ? z : v / s - m / s;
		}),
	);
}
