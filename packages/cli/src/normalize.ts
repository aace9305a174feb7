/** Standardizing features: (x - mean) / std per column, with the statistics saved in the model. */

/** Per-feature mean and standard deviation. */
export interface Normalization {
	mean: number[];
	std: number[];
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
 * it maps to 0 rather than dividing by zero. Throws RangeError for no rows.
 */
export function fitNormalization(rows: readonly (readonly number[])[]): Normalization {
	const first = rows[0];
	if (first === undefined) throw new RangeError("fitNormalization: no rows");
	// Scaled, the mean lies within the largest magnitude and the std within half the
	// range, so both are finite: the model's saved statistics always load.
	const stats = first.map((_, j) => columnStats(rows.map((r) => r[j] as number)));
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
