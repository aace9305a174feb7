/**
 * Gradient checking: analytic gradients from backward against central finite
 * differences, in float64, element by element, with PyTorch's `gradcheck` rule.
 */
import { Rng, Tensor, type TensorData, tensor } from "@backprop/tensor";
import { noGrad } from "./grad-mode";
import { Variable, variable } from "./variable";

/** Tolerances for {@link gradCheck}. */
export interface GradCheckOptions {
	/** Finite-difference step (default 1e-6). */
	eps?: number;
	/** Absolute tolerance (default 1e-5). */
	atol?: number;
	/** Relative tolerance (default 1e-3). */
	rtol?: number;
	/** Seed of the random projection used when the output has more than one element (default 0). */
	seed?: number;
}

/** Where the worst disagreement was found. */
export interface GradCheckWorst {
	/** Index of the input. */
	input: number;
	/** Multi-index of the element within that input. */
	index: number[];
	/** Gradient from backward. */
	analytic: number;
	/** Gradient from finite differences. */
	numeric: number;
}

/** The outcome of {@link gradCheck}. */
export interface GradCheckReport {
	/** True when |analytic - numeric| <= atol + rtol·|numeric| for every element. */
	ok: boolean;
	/** Largest |analytic - numeric|. */
	maxAbsError: number;
	/** Largest |analytic - numeric| / max(|numeric|, tiny). */
	maxRelError: number;
	/** The element with the largest excess over the tolerance; null when there were no elements. */
	worst: GradCheckWorst | null;
}

function unravel(flat: number, shape: readonly number[]): number[] {
	const index = new Array<number>(shape.length);
	for (let d = shape.length - 1; d >= 0; d--) {
		const n = shape[d];
		index[d] = flat % n;
		flat = Math.floor(flat / n);
	}
	return index;
}

/**
 * Checks the gradients of `fn` with respect to each of `inputs` (converted to
 * float64 variables that require a gradient). A non-scalar output is reduced to a
 * scalar by a fixed random projection, which checks the vector-Jacobian product.
 * Throws what `fn` throws; a TypeError if `fn` does not return a Variable.
 */
export function gradCheck(
	fn: (...inputs: Variable[]) => Variable,
	inputs: ReadonlyArray<Variable | Tensor | TensorData>,
	options: GradCheckOptions = {},
): GradCheckReport {
	const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, seed = 0 } = options;
	const data = inputs.map((x) => (x instanceof Variable ? x.value : x instanceof Tensor ? x : variable(x).value));
	const values = data.map((t) => t.astype("float64").dataSync() as Float64Array);
	const shapes = data.map((t) => t.shape);
	let projection: Tensor | null = null;
	const evaluate = (vars: Variable[]): Variable => {
		const out = fn(...vars);
		if (!(out instanceof Variable)) throw new TypeError("gradCheck: fn must return a Variable");
		if (out.size === 1) return out.sum();
		if (projection === null) {
			const rng = new Rng(seed);
			const w = new Float64Array(out.size).map(() => rng.uniform(-1, 1));
			projection = tensor(w, { shape: out.shape });
		}
		return out.mul(projection).sum();
	};
	const makeVars = (requiresGrad: boolean) =>
		values.map((v, i) => variable(tensor(v, { shape: shapes[i] as number[] }), { requiresGrad }));

	const vars = makeVars(true);
	evaluate(vars).backward();
	const analytic = vars.map((v) => (v.grad ? v.grad.astype("float64").dataSync() : new Float64Array(v.size)));

	let maxAbsError = 0;
	let maxRelError = 0;
	let worstExcess = Number.NEGATIVE_INFINITY;
	let worst: GradCheckWorst | null = null;
	let ok = true;
	noGrad(() => {
		for (let i = 0; i < values.length; i++) {
			const v = values[i] as Float64Array;
			for (let j = 0; j < v.length; j++) {
				const original = v[j];
				v[j] = original + eps;
				const plus = evaluate(makeVars(false)).item();
				v[j] = original - eps;
				const minus = evaluate(makeVars(false)).item();
				v[j] = original;
				const numeric = (plus - minus) / (2 * eps);
				const a = (analytic[i] as ArrayLike<number>)[j];
				const abs = Math.abs(a - numeric);
				const allowed = atol + rtol * Math.abs(numeric);
				const bad = !(abs <= allowed);
				if (bad) ok = false;
				maxAbsError = Math.max(maxAbsError, Number.isNaN(abs) ? Number.POSITIVE_INFINITY : abs);
				maxRelError = Math.max(maxRelError, abs / Math.max(Math.abs(numeric), 1e-12));
				const excess = Number.isNaN(abs) ? Number.POSITIVE_INFINITY : abs - allowed;
				if (excess > worstExcess) {
					worstExcess = excess;
					worst = { input: i, index: unravel(j, shapes[i] as number[]), analytic: a, numeric };
				}
			}
		}
	});
	return { ok, maxAbsError, maxRelError, worst };
}
