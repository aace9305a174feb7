/**
 * Workload 5: one training step of a mid-size network, [64, 32, 32, 10] (ReLU
 * hidden layers, softmax cross-entropy, batch 16, SGD): ms per step. Small enough
 * that a framework's per-op overhead shows, large enough that the products matter.
 * Engines agree on the losses of the first steps from the same weights.
 */
import type { DType } from "@backprop/tensor";
import type { Outputs, Tolerance } from "../agreement";
import type { BenchConfig } from "../config";
import { caseRng, uniformArray } from "../data";
import { PlainStack, type StackSpec } from "../plain/mid";
import type { CaseSpec, Suite } from "./types";

/** The mid-size case: a batch, one-hot targets, initial weights, and how many steps are checked. */
export interface MidCase extends StackSpec {
	/** Steps whose losses are compared with the reference before timing. */
	checkSteps: number;
}

const SIZES = [64, 32, 32, 10];
const BATCH = 16;

const TOLERANCE: Record<DType, Tolerance> = {
	float64: { atol: 0, rtol: 1e-9 },
	float32: { atol: 0, rtol: 1e-4 },
};

/** The [64, 32, 32, 10] step on one fixed batch of 16. */
export const midSuite: Suite<MidCase> = {
	name: "mid",
	cases: (): CaseSpec[] => [{ workload: "mid-step", size: BATCH }],
	makeData(spec: CaseSpec, config: BenchConfig): MidCase {
		const rng = caseRng(config.seed, "mid");
		const batch = spec.size;
		const classes = SIZES[SIZES.length - 1];
		const x = uniformArray(rng, batch * SIZES[0], -1, 1);
		const y = new Float64Array(batch * classes);
		for (let r = 0; r < batch; r++) y[r * classes + rng.int(classes)] = 1;
		const weights: Float64Array[] = [];
		const biases: Float64Array[] = [];
		for (let l = 1; l < SIZES.length; l++) {
			const fanIn = SIZES[l - 1];
			const fanOut = SIZES[l];
			const limit = Math.sqrt(6 / (fanIn + fanOut));
			weights.push(uniformArray(rng, fanIn * fanOut, -limit, limit));
			biases.push(uniformArray(rng, fanOut, -0.05, 0.05));
		}
		return { sizes: SIZES, batch, x, y, weights, biases, lr: 0.1, checkSteps: 3 };
	},
	reference(data: MidCase): Outputs {
		const net = new PlainStack(data, "float64");
		const losses = new Float64Array(data.checkSteps);
		for (let s = 0; s < data.checkSteps; s++) losses[s] = net.step();
		return { losses };
	},
	tolerance: (dtype: DType): Tolerance => TOLERANCE[dtype],
	timing: (config: BenchConfig) => ({ ...config.mlpTiming, runs: config.mlpSteps }),
	metrics: (spec: CaseSpec, medianMs: number) => ({ samplesPerSec: spec.size / (medianMs / 1000) }),
};
