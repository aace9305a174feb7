/**
 * brain.js 1.6.1 (npm, plain JavaScript, no native build) for the MLP step (the
 * tiny network's brain.js engine, trained from the case's weights, is brainjs.ts). brain.js trains per sample (one weight update per sample, sigmoid
 * output and its own squared-error delta, its default momentum 0.1), so it computes
 * something other than the reference: its runs are timed but not compared
 * (`incomparable`), and are labelled `per-sample`. The MLP step is one pass of
 * per-sample updates over the 64-row batch; the tiny network is 1000 epochs over
 * the four people from fresh weights.
 */
import brain from "brain.js";
import type { MlpCase } from "../workloads/mlp";
import type { Runner } from "../workloads/types";
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
		mlp: { "per-sample": brainMlp },
	},
};
