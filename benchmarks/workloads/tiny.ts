/**
 * Workload 3: the tutorial's network — [2, 2, 1], sigmoid everywhere, MSE, SGD
 * with lr 0.1, per-sample updates on the four people — trained for 1000 epochs
 * from the same initial weights: total ms. Engines agree on the trained weights
 * and the final predictions.
 */
import type { DType } from "@backprop/tensor";
import type { Outputs, Tolerance } from "../agreement";
import type { BenchConfig } from "../config";
import { caseRng, normalArray } from "../data";
import { type TinySpec, trainTiny } from "../plain/tiny";
import type { CaseSpec, Suite } from "./types";

/** The tiny network's case: the tutorial's data and seeded normal initial weights. */
export type TinyCase = TinySpec;

/** The tutorial's four people: (weight - 135, height - 66) and gender (1 = female). */
const PEOPLE = {
	x: [-2, -1, 25, 6, 17, 4, -15, -6],
	y: [1, 0, 0, 1],
};

const TOLERANCE: Record<DType, Tolerance> = {
	float64: { atol: 0, rtol: 1e-9 },
	float32: { atol: 1e-4, rtol: 1e-3 },
};

/** The tiny network trained for `tinyEpochs` epochs; `size` is the epoch count. */
export const tinySuite: Suite<TinyCase> = {
	name: "tiny",
	cases: (config: BenchConfig): CaseSpec[] => [{ workload: "tiny-network", size: config.tinyEpochs }],
	makeData(spec: CaseSpec, config: BenchConfig): TinyCase {
		// Like the tutorial, every weight and bias starts as a standard normal draw.
		const rng = caseRng(config.seed, "tiny");
		return {
			x: Float64Array.from(PEOPLE.x),
			y: Float64Array.from(PEOPLE.y),
			w1: normalArray(rng, 4),
			b1: normalArray(rng, 2),
			w2: normalArray(rng, 2),
			b2: normalArray(rng, 1),
			lr: 0.1,
			epochs: spec.size,
		};
	},
	reference(data: TinyCase): Outputs {
		const { w1, b1, w2, b2, predictions } = trainTiny(data, "float64");
		return { w1, b1, w2, b2, predictions };
	},
	tolerance: (dtype: DType): Tolerance => TOLERANCE[dtype],
	timing: (config: BenchConfig) => config.tinyTiming,
	metrics: (spec: CaseSpec, medianMs: number) => ({ samplesPerSec: (spec.size * PEOPLE.y.length) / (medianMs / 1000) }),
};
