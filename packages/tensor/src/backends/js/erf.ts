/**
 * The error function erf(x) = (2/√π) ∫₀ˣ e^(-t²) dt in float64, to a few ulp
 * (checked against CPython's math.erf in test/tensor/erf.test.ts).
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;
// Below this |x| the series converges fast and has no cancellation; above, the continued fraction does.
const SERIES_LIMIT = 1;

/** erf(x); ±1 beyond |x| ≈ 5.9, NaN for NaN. */
export function erf(x: number): number {
	if (Number.isNaN(x)) return x;
	const a = Math.abs(x);
	if (a === 0) return x; // keeps the sign of -0
	if (a >= 6) return x < 0 ? -1 : 1; // 1 - erf(6) < 2^-53, and ±Infinity lands here too
	const r = a < SERIES_LIMIT ? erfSeries(a) : 1 - erfcContinuedFraction(a);
	return x < 0 ? -r : r;
}

// e^(-x²) with x² split so that the rounding of x² is not amplified by exp (as fdlibm does).
function expMinusSquare(x: number): number {
	const hi = Math.fround(x); // 24 significant bits: hi² is exact in float64
	return Math.exp(-hi * hi) * Math.exp(-(x - hi) * (x + hi));
}

// erf(x) = (2/√π) e^(-x²) Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)): every term positive.
function erfSeries(x: number): number {
	const x2 = 2 * x * x;
	let term = x;
	let sum = x;
	for (let n = 1; term > sum * 1e-17; n++) {
		term *= x2 / (2 * n + 1);
		sum += term;
	}
	return TWO_OVER_SQRT_PI * expMinusSquare(x) * sum;
}

// erfc(x) = e^(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated by Lentz's method.
function erfcContinuedFraction(x: number): number {
	const tiny = 1e-300;
	let f = x;
	let c = x;
	let d = 0;
	for (let n = 1; n < 500; n++) {
		const an = n / 2;
		d = x + an * d;
		d = d === 0 ? 1 / tiny : 1 / d;
		c = x + an / c;
		if (c === 0) c = tiny;
		const delta = c * d;
		f *= delta;
		if (Math.abs(delta - 1) < 1e-16) break;
	}
	return (ONE_OVER_SQRT_PI * expMinusSquare(x)) / f;
}
