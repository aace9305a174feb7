/**
 * Workload 2: one training step of a 784-128-10 MLP (ReLU hidden layer, softmax
 * cross-entropy, batch 64, SGD): ms per step, samples/s, peak memory over the
 * timed steps. Engines agree on the losses of the first steps from the same weights.
 */
import type { DType } from "@backprop/tensor";
import type { Outputs, Tolerance } from "../agreement";
import type { BenchConfig } from "../config";
import { caseRng, uniformArray } from "../data";
import { type MlpSpec, PlainMlp } from "../plain/mlp";
import type { CaseSpec, Suite } from "./types";

/** The inputs of the MLP case: an MNIST-shaped batch, its labels, and initial weights. */
export interface MlpCase extends MlpSpec {
	/** Class index of each sample. */
	labels: Int32Array;
	/** Steps whose losses are compared with the reference before timing. */
	checkSteps: number;
}

const INPUTS = 784;
const HIDDEN = 128;
const CLASSES = 10;
const BATCH = 64;

const TOLERANCE: Record<DType, Tolerance> = {
	float64: { atol: 0, rtol: 1e-9 },
	float32: { atol: 0, rtol: 1e-4 },
};

function glorot(rng: ReturnType<typeof caseRng>, fanIn: number, fanOut: number): Float64Array {
	const limit = Math.sqrt(6 / (fanIn + fanOut));
	return uniformArray(rng, fanIn * fanOut, -limit, limit);
}

/** The MLP training step on one fixed batch. */
export const mlpSuite: Suite<MlpCase> = {
	name: "mlp",
	cases: (): CaseSpec[] => [{ workload: "mlp-step", size: BATCH }],
	makeData(spec: CaseSpec, config: BenchConfig): MlpCase {
		const rng = caseRng(config.seed, "mlp");
		const batch = spec.size;
		const x = uniformArray(rng, batch * INPUTS, 0, 1);
		const labels = new Int32Array(batch);
		const y = new Float64Array(batch * CLASSES);
		for (let r = 0; r < batch; r++) {
			labels[r] = rng.int(CLASSES);
			y[r * CLASSES + labels[r]] = 1;
		}
		return {
			batch,
			inputs: INPUTS,
			hidden: HIDDEN,
			classes: CLASSES,
			x,
			y,
			labels,
			w1: glorot(rng, INPUTS, HIDDEN),
			b1: uniformArray(rng, HIDDEN, -0.05, 0.05),
			w2: glorot(rng, HIDDEN, CLASSES),
			b2: uniformArray(rng, CLASSES, -0.05, 0.05),
			lr: 0.1,
			checkSteps: 3,
		};
	},
	reference(data: MlpCase): Outputs {
		const mlp = new PlainMlp(data, "float64");
		const losses = new Float64Array(data.checkSteps);
		for (let s = 0; s < data.checkSteps; s++) losses[s] = mlp.step();
		return { losses };
	},
	tolerance: (dtype: DType): Tolerance => TOLERANCE[dtype],
	timing: (config: BenchConfig) => ({ ...config.mlpTiming, runs: config.mlpSteps }),
	metrics: (spec: CaseSpec, medianMs: number) => ({ samplesPerSec: spec.size / (medianMs / 1000) }),
};
