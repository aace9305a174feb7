/**
 * Measures the float32 exp, sigmoid and tanh kernels of the wasm backend against
 * Math.* in float64 over float32 inputs: every bit pattern with `--all` (about
 * 3 minutes per function), else every `step`-th. Prints, per function, the
 * maximum relative error over results that are normal float32 numbers, the
 * input where it occurs, the largest error on subnormal results in units of
 * 2^-149, and how many results have the wrong class (NaN, infinity, zero, sign).
 * Run: `npx tsx packages/tensor/scripts/measure-wasm-accuracy.ts [--all]`.
 */
import { Arena } from "../src/backends/wasm/arena";
import { instantiateKernels } from "../src/backends/wasm/instance";

/** What one function's sweep found. */
export interface AccuracyReport {
	name: string;
	checked: number;
	maxRelative: number;
	worstInput: number;
	maxSubnormalUlps: number;
	wrongClass: number;
}

const MIN_NORMAL = 2 ** -126;
const MAX_F32 = 3.4028234663852886e38;

const references: Record<string, (x: number) => number> = {
	exp: Math.exp,
	sigmoid: (x) => 1 / (1 + Math.exp(-x)),
	tanh: Math.tanh,
};

/** Sweeps `names` over every `step`-th float32 bit pattern (step 1: all of them). */
export function measureAccuracy(names: readonly string[], step: number): AccuracyReport[] {
	const arena = new Arena();
	const exports = instantiateKernels(arena.memory);
	arena.reserveStatic(exports.heapBase());
	const chunk = 1 << 20;
	const inPtr = arena.alloc(chunk * 4);
	const outPtr = arena.alloc(chunk * 4);
	const bits = new Uint32Array(arena.buffer, inPtr, chunk);
	const x = new Float32Array(arena.buffer, inPtr, chunk);
	const y = new Float32Array(arena.buffer, outPtr, chunk);
	const reports: AccuracyReport[] = [];
	for (const name of names) {
		const ref = references[name] as (x: number) => number;
		const code = exports[`OP_${name.toUpperCase()}` as `OP_${string}`].value as number;
		const r: AccuracyReport = { name, checked: 0, maxRelative: 0, worstInput: 0, maxSubnormalUlps: 0, wrongClass: 0 };
		for (let start = 0; start < 2 ** 32; start += chunk * step) {
			let count = 0;
			for (let b = start; b < 2 ** 32 && count < chunk; b += step) bits[count++] = b;
			exports.unaryF32(code, inPtr, outPtr, count);
			for (let i = 0; i < count; i++) {
				const xi = x[i] as number;
				const got = y[i] as number;
				const want = ref(xi);
				const wantF32 = Math.fround(want);
				if (Number.isNaN(want) || !Number.isFinite(wantF32) || wantF32 === 0) {
					if (!Object.is(got, wantF32)) r.wrongClass++;
					continue;
				}
				if (Math.sign(got) !== Math.sign(want) || !Number.isFinite(got)) {
					r.wrongClass++;
					continue;
				}
				if (Math.abs(want) < MIN_NORMAL) {
					r.maxSubnormalUlps = Math.max(r.maxSubnormalUlps, Math.abs(got - want) / 2 ** -149);
				} else if (Math.abs(want) <= MAX_F32) {
					const rel = Math.abs(got - want) / Math.abs(want);
					if (rel > r.maxRelative) {
						r.maxRelative = rel;
						r.worstInput = xi;
					}
				}
			}
			r.checked += count;
		}
		reports.push(r);
	}
	return reports;
}

if (process.argv[1]?.endsWith("measure-wasm-accuracy.ts")) {
	const all = process.argv.includes("--all");
	for (const r of measureAccuracy(["exp", "sigmoid", "tanh"], all ? 1 : 4099)) {
		console.log(
			`${r.name}: ${r.checked} inputs, max relative error ${r.maxRelative.toExponential(3)} at x = ${r.worstInput}, ` +
				`subnormal results within ${r.maxSubnormalUlps.toFixed(2)} x 2^-149, wrong class ${r.wrongClass}`,
		);
	}
}
