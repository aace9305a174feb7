/**
 * Workload 3: one training step of a small CNN on MNIST-shaped images (issue 11):
 * Conv2D(1→16, 3x3, 'same', bias, ReLU) → MaxPool 2x2 → Dense(3136→10), softmax
 * cross-entropy (mean over the batch), SGD, batch 32 (`convBatch`) of 28x28 images. ms per step,
 * samples/s; engines agree on the losses of the first steps from the same weights.
 */
import type { DType } from "@backprop/tensor";
import type { Outputs, Tolerance } from "../agreement";
import type { BenchConfig } from "../config";
import { caseRng, uniformArray } from "../data";
import { type ConvSpec, PlainConvNet } from "../plain/conv";
import type { CaseSpec, Suite } from "./types";

/** The inputs of the CNN case: images, one-hot targets, initial weights. */
export interface ConvCase extends ConvSpec {
	/** Steps whose losses are compared with the reference before timing. */
	checkSteps: number;
}

const SIDE = 28;
const FILTERS = 16;
const CLASSES = 10;

const TOLERANCE: Record<DType, Tolerance> = {
	float64: { atol: 0, rtol: 1e-9 },
	float32: { atol: 0, rtol: 1e-4 },
};

function glorot(rng: ReturnType<typeof caseRng>, fanIn: number, fanOut: number, size: number): Float64Array {
	const limit = Math.sqrt(6 / (fanIn + fanOut));
	return uniformArray(rng, size, -limit, limit);
}

/** The CNN training step on one fixed batch. */
export const convSuite: Suite<ConvCase> = {
	name: "conv",
	cases: (config: BenchConfig): CaseSpec[] => [{ workload: "conv-step", size: config.convBatch }],
	makeData(spec: CaseSpec, config: BenchConfig): ConvCase {
		const rng = caseRng(config.seed, "conv");
		const batch = spec.size;
		const pooled = (SIDE / 2) * (SIDE / 2) * FILTERS;
		const x = uniformArray(rng, batch * SIDE * SIDE, 0, 1);
		const y = new Float64Array(batch * CLASSES);
		for (let r = 0; r < batch; r++) y[r * CLASSES + rng.int(CLASSES)] = 1;
		return {
			batch,
			side: SIDE,
			filters: FILTERS,
			classes: CLASSES,
			x,
			y,
			wConv: glorot(rng, 9, 9 * FILTERS, 9 * FILTERS),
			bConv: uniformArray(rng, FILTERS, -0.05, 0.05),
			wDense: glorot(rng, pooled, CLASSES, pooled * CLASSES),
			bDense: uniformArray(rng, CLASSES, -0.05, 0.05),
			lr: 0.1,
			checkSteps: 3,
		};
	},
	reference(data: ConvCase): Outputs {
		const net = new PlainConvNet(data, "float64");
		const losses = new Float64Array(data.checkSteps);
		for (let s = 0; s < data.checkSteps; s++) losses[s] = net.step();
		return { losses };
	},
	tolerance: (dtype: DType): Tolerance => TOLERANCE[dtype],
	timing: (config: BenchConfig) => ({ ...config.convTiming, runs: config.convSteps }),
	metrics: (spec: CaseSpec, medianMs: number) => ({ samplesPerSec: spec.size / (medianMs / 1000) }),
};
