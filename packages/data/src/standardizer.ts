/**
 * Standardizing features, (x - mean) / std per column, with statistics that can
 * be saved (with a model, say) and applied again to new rows.
 */

/**
 * The statistics of a {@link Standardizer}, as saved: per-feature mean and
 * standard deviation. A type, not an interface, so it fits a model's JSON metadata.
 */
export type StandardizerStats = { mean: number[]; std: number[] };

// A column whose spread is below this is treated as constant.
const CONSTANT_STD = 1e-12;

// Mean and population standard deviation of one column, computed on values divided
// by the largest magnitude when the plain sums overflow (features around 1e200).
function columnStats(values: readonly number[]): { mean: number; std: number } {
	const n = values.length;
	const scaled = (scale: number) => {
		const mean = values.reduce((s, v) => s + v / scale, 0) / n;
		const variance = values.reduce((s, v) => s + (v / scale - mean) ** 2, 0) / n;
		return { mean: mean * scale, std: Math.sqrt(variance) * scale };
	};
	const direct = scaled(1);
	if (Number.isFinite(direct.mean) && Number.isFinite(direct.std)) return direct;
	return scaled(values.reduce((m, v) => Math.max(m, Math.abs(v)), 0));
}

function checkRows(rows: readonly (readonly number[])[], width: number | null, caller: string): void {
	rows.forEach((row, i) => {
		if (width !== null && row.length !== width) {
			throw new RangeError(`${caller}: row ${i} has ${row.length} values, expected ${width}`);
		}
		const j = row.findIndex((v) => typeof v !== "number" || !Number.isFinite(v));
		if (j >= 0) throw new RangeError(`${caller}: row ${i}, column ${j} is ${String(row[j])}, not a finite number`);
	});
}

/**
 * Per-column standardization: `transform` maps each value v of column j to
 * (v - mean[j]) / std[j]. Fit it on training rows, apply it to any rows, and save
 * `toJSON()` to apply the same statistics later (`Standardizer.fromJSON`).
 */
export class Standardizer {
	/** Mean of each column of the rows it was fitted on. */
	readonly mean: readonly number[];
	/** Population standard deviation of each column (1 for a constant column). */
	readonly std: readonly number[];

	/**
	 * A standardizer with the given statistics. Throws RangeError when mean and std
	 * differ in length, are empty, hold a non-finite value, or a std is not above 0.
	 */
	constructor(stats: StandardizerStats) {
		const { mean, std } = stats;
		if (!Array.isArray(mean) || !Array.isArray(std) || mean.length === 0 || mean.length !== std.length) {
			throw new RangeError(
				`Standardizer: mean and std must be lists of the same non-zero length, got ${Array.isArray(mean) ? mean.length : typeof mean} and ${Array.isArray(std) ? std.length : typeof std}`,
			);
		}
		mean.forEach((m, j) => {
			if (typeof m !== "number" || !Number.isFinite(m)) {
				throw new RangeError(`Standardizer: mean[${j}] is ${String(m)}, not a finite number`);
			}
		});
		std.forEach((s, j) => {
			if (typeof s !== "number" || !Number.isFinite(s) || s <= 0) {
				throw new RangeError(`Standardizer: std[${j}] is ${String(s)}, not a finite number above 0`);
			}
		});
		this.mean = Object.freeze([...mean]);
		this.std = Object.freeze([...std]);
	}

	/**
	 * Fits the mean and population standard deviation of each column of `rows`,
	 * without overflow for values up to the largest double. A constant column gets
	 * std 1, so it maps to 0 rather than dividing by zero.
	 * Throws RangeError for no rows, rows of different lengths or of no values, or
	 * a value that is not a finite number.
	 */
	static fit(rows: readonly (readonly number[])[]): Standardizer {
		const first = rows[0];
		if (first === undefined) throw new RangeError("Standardizer.fit: no rows");
		if (first.length === 0) throw new RangeError("Standardizer.fit: rows have no values");
		checkRows(rows, first.length, "Standardizer.fit");
		// Scaled, the mean lies within the largest magnitude and the std within half the
		// range, so both are finite: saved statistics always load again.
		const stats = first.map((_, j) => columnStats(rows.map((r) => r[j])));
		return new Standardizer({
			mean: stats.map((s) => s.mean),
			std: stats.map((s) => (s.std > CONSTANT_STD ? s.std : 1)),
		});
	}

	/**
	 * Reads statistics saved by `toJSON()` (from a file, say). Throws RangeError
	 * naming what is wrong for anything but `{ mean: number[], std: number[] }` of
	 * one length with finite values and std above 0.
	 */
	static fromJSON(json: unknown): Standardizer {
		if (typeof json !== "object" || json === null || Array.isArray(json)) {
			throw new RangeError("Standardizer.fromJSON: expected { mean, std }");
		}
		const { mean, std } = json as Record<string, unknown>;
		return new Standardizer({ mean: mean as number[], std: std as number[] });
	}

	/** Number of columns it standardizes. */
	get features(): number {
		return this.mean.length;
	}

	/**
	 * `rows` standardized, as new arrays. Throws RangeError for a row whose length
	 * is not `features`, or a value that is not a finite number.
	 */
	transform(rows: readonly (readonly number[])[]): number[][] {
		checkRows(rows, this.features, "Standardizer.transform");
		return rows.map((r) =>
			r.map((v, j) => {
				const m = this.mean[j];
				const s = this.std[j];
				const z = (v - m) / s;
				// v - m overflows for values near ±1.8e308 of opposite signs; the quotients do not.
				return Number.isFinite(z) ? z : v / s - m / s;
			}),
		);
	}

	/** Standardized rows back in the original units: v * std[j] + mean[j]. Throws as `transform`. */
	inverseTransform(rows: readonly (readonly number[])[]): number[][] {
		checkRows(rows, this.features, "Standardizer.inverseTransform");
		return rows.map((r) => r.map((v, j) => v * this.std[j] + this.mean[j]));
	}

	/** The statistics as plain JSON, `{ mean, std }`, to save and give to `fromJSON`. */
	toJSON(): StandardizerStats {
		return { mean: [...this.mean], std: [...this.std] };
	}
}
