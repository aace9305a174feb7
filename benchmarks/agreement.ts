/**
 * Checking that an engine's answer agrees with the float64 reference before its
 * time is reported: a fast wrong answer is a failure, never a result.
 */

/** Named result arrays of one case: a matmul product, losses, predictions, weights. */
export type Outputs = Record<string, ArrayLike<number>>;

/**
 * Allowed error per element: `|got - want| <= atol + rtol * scale`, where `scale`
 * is the largest |value| of that output in the reference (a norm-wise bound,
 * so elements near zero are not held to a relative error they cannot have).
 */
export interface Tolerance {
	/** Absolute part. */
	atol: number;
	/** Relative part, times the output's largest reference magnitude. */
	rtol: number;
}

/** The outcome of comparing outputs with the reference. */
export interface Agreement {
	/** True when every element of every output is within tolerance. */
	ok: boolean;
	/** Largest |got - want| over all outputs (NaN counts as infinite). */
	maxAbsError: number;
	/** Largest error divided by its output's scale. */
	maxRelError: number;
	/** The worst element, for the failure message. */
	detail: string;
}

/** Compares every reference output with the engine's output of the same name. */
export function compareOutputs(got: Outputs, want: Outputs, tol: Tolerance): Agreement {
	let ok = true;
	let maxAbsError = 0;
	let maxRelError = 0;
	let worstRatio = -1;
	let detail = "all outputs agree";
	for (const [name, ref] of Object.entries(want)) {
		const out = got[name];
		if (out === undefined)
			return { ok: false, maxAbsError: Infinity, maxRelError: Infinity, detail: `missing ${name}` };
		if (out.length !== ref.length) {
			return {
				ok: false,
				maxAbsError: Infinity,
				maxRelError: Infinity,
				detail: `${name}: ${out.length} values, expected ${ref.length}`,
			};
		}
		let scale = 0;
		for (let i = 0; i < ref.length; i++) scale = Math.max(scale, Math.abs(ref[i]));
		const bound = tol.atol + tol.rtol * scale;
		for (let i = 0; i < ref.length; i++) {
			const g = out[i];
			const w = ref[i];
			const err = Number.isNaN(g) || Number.isNaN(w) ? Infinity : Math.abs(g - w);
			if (err > maxAbsError) maxAbsError = err;
			const rel = scale > 0 ? err / scale : err;
			if (rel > maxRelError) maxRelError = rel;
			if (!(err <= bound)) ok = false;
			const ratio = bound > 0 ? err / bound : err;
			if (ratio > worstRatio) {
				worstRatio = ratio;
				detail = `${name}[${i}] = ${g}, reference ${w} (|error| ${err.toExponential(2)}, allowed ${bound.toExponential(2)})`;
			}
		}
	}
	return { ok, maxAbsError, maxRelError, detail };
}

/** Copies any array of numbers into a Float64Array (outputs are compared in float64). */
export function toFloat64(values: ArrayLike<number>): Float64Array {
	return Float64Array.from(values);
}
