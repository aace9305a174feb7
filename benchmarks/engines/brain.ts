/**
 * brain.js 1.6.1 (npm, plain JavaScript, no native build): the tiny network and the
 * MLP step, both variants labelled `per-sample` (brain.js updates the weights after
 * every sample). The tiny network (brain-tiny.ts) starts from the case's weights and
 * follows the reference's per-sample SGD, so it is compared. The MLP step is one pass
 * of per-sample updates over the 64-row batch (sigmoid output, its own squared-error
 * delta, its default momentum 0.1): something other than the reference's batch step,
 * so it is timed but not compared (`incomparable`).
 */
import brain from "brain.js";
import type { MlpCase } from "../workloads/mlp";
import type { Runner } from "../workloads/types";
import { brainTiny } from "./brain-tiny";
import type { Engine } from "./types";

interface Sample {
	input: number[];
	output: number[];
}

/** The part of brain.js 1.6.1's NeuralNetwork used here (its typings omit trainPattern and formatData). */
interface BrainNetwork {
	train(data: Sample[], options: Record<string, number | boolean>): unknown;
	initialize(): void;
	formatData(data: Sample[]): unknown[];
	trainPattern(sample: unknown, logErrorRate: boolean): unknown;
}

function network(
	hidden: number,
	activation: "relu" | "sigmoid",
	data: Sample[],
	lr: number,
): { net: BrainNetwork; formatted: unknown[] } {
	const net = new brain.NeuralNetwork({ hiddenLayers: [hidden], activation }) as unknown as BrainNetwork;
	// One short train() sizes and initializes the network and sets its options.
	net.train(data, { iterations: 1, errorThresh: 1e-12, learningRate: lr, log: false });
	return { net, formatted: net.formatData(data) };
}

function rows(x: ArrayLike<number>, width: number, count: number): number[][] {
	return Array.from({ length: count }, (_, r) => Array.from({ length: width }, (_, c) => x[r * width + c]));
}

function brainMlp(data: MlpCase): Runner {
	const inputs = rows(data.x, data.inputs, data.batch);
	const targets = rows(data.y, data.classes, data.batch);
	const samples = inputs.map((input, i) => ({ input, output: targets[i] as number[] }));
	const { net, formatted } = network(data.hidden, "relu", samples, data.lr);
	const step = () => {
		for (const s of formatted) net.trainPattern(s, false);
	};
	return {
		incomparable: "brain.js trains per sample (sigmoid outputs, squared error): not the reference's batch step",
		check: () => {
			step();
			return {};
		},
		run: step,
	};
}

/** The brain.js engine (float32: brain.js computes in Float32Array). */
export const brainEngine: Engine = {
	impls: {
		tiny: { "per-sample": brainTiny },
		mlp: { "per-sample": brainMlp },
	},
};
