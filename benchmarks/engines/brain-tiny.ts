/**
 * brain.js 1.6.1 (`NeuralNetwork`) on the tutorial's tiny network (brain.ts holds the
 * engine): the library people reach for to train exactly this kind of network in
 * JavaScript. It trains per sample, as the tiny network's reference does.
 * It computes in Float32Array. Its update is w += learningRate·delta·input +
 * momentum·change with delta = (y - o)·o(1 - o), which is SGD on (y - o)² at
 * learningRate = 2·lr: with momentum (nearly) 0 it follows the tutorial's updates, so
 * the trained weights agree with the reference (to float32 precision).
 */
import type { DType } from "@backprop/tensor";
import type { Outputs } from "../agreement";
import type { TinyCase } from "../workloads/tiny";
import type { Runner } from "../workloads/types";

interface BrainNetwork {
	sizes: number[] | null;
	initialize(): void;
	weights: Float32Array[][];
	biases: Float32Array[];
	train(
		data: Array<{ input: number[]; output: number[] }>,
		options: Record<string, number | boolean>,
	): { error: number; iterations: number };
	run(input: number[]): ArrayLike<number>;
}

interface BrainApi {
	NeuralNetwork: new (options: Record<string, unknown>) => BrainNetwork;
}

async function loadBrain(): Promise<BrainApi> {
	// Its own typings omit the weights and biases this engine sets.
	const mod = (await import("brain.js")) as unknown as { default?: BrainApi } & BrainApi;
	return mod.default ?? mod;
}

function trainBrain(brain: BrainApi, data: TinyCase): { net: BrainNetwork; samples: number[][] } {
	const samples = Array.from({ length: data.y.length }, (_, s) => [data.x[2 * s], data.x[2 * s + 1]]);
	const set = samples.map((input, s) => ({ input, output: [data.y[s]] }));
	const net = new brain.NeuralNetwork({ hiddenLayers: [2], activation: "sigmoid" });
	// Sized and initialized (random weights) as train() would on its first call...
	net.sizes = [2, 2, 1];
	net.initialize();
	// ...then the case's initial weights: weights[layer][node][input], our W is [input, unit].
	const hidden = net.weights[1] as Float32Array[];
	const output = net.weights[2] as Float32Array[];
	for (let u = 0; u < 2; u++) {
		for (let i = 0; i < 2; i++) (hidden[u] as Float32Array)[i] = data.w1[i * 2 + u];
		(net.biases[1] as Float32Array)[u] = data.b1[u];
		(output[0] as Float32Array)[u] = data.w2[u];
	}
	(net.biases[2] as Float32Array)[0] = data.b2[0];
	// brain.js refuses momentum 0 and errorThresh 0 (both must be in (0, 1)): 1e-300 is as good
	// as 0 here (1e-300·change is far below an ulp of any weight, and the error never gets there).
	net.train(set, { iterations: data.epochs, errorThresh: 1e-300, learningRate: 2 * data.lr, momentum: 1e-300 });
	return { net, samples };
}

function outputs(net: BrainNetwork, samples: number[][]): Outputs {
	const hidden = net.weights[1] as Float32Array[];
	const w1 = new Float64Array(4);
	for (let u = 0; u < 2; u++) for (let i = 0; i < 2; i++) w1[i * 2 + u] = (hidden[u] as Float32Array)[i];
	return {
		w1,
		b1: Float64Array.from(net.biases[1] as Float32Array),
		w2: Float64Array.from((net.weights[2] as Float32Array[])[0] as Float32Array),
		b2: Float64Array.from(net.biases[2] as Float32Array),
		predictions: Float64Array.from(samples.map((s) => net.run(s)[0])),
	};
}

/** The tiny network trained by brain.js from the case's weights, 1000 epochs of per-sample updates. */
export async function brainTiny(data: TinyCase, _dtype: DType): Promise<Runner> {
	const brain = await loadBrain();
	return {
		check() {
			const { net, samples } = trainBrain(brain, data);
			return outputs(net, samples);
		},
		run: () => {
			trainBrain(brain, data);
		},
	};
}
