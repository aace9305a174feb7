/**
 * The training workloads on backprop's network layer, written against the API in
 * DESIGN.md ("The network layer"): `Dense`, `Sequential`, `SGD`, `fit`, `getLoss`,
 * `predict` from @backprop/nn and `variable` from @backprop/autograd.
 *
 * Both packages are imported when a case is prepared, not when this file loads:
 * while a package is not importable (or lacks an export used here) the case is
 * reported as skipped, never timed. The interfaces below are the subset of the
 * design's API this file relies on.
 */
import { type DType, type Tensor, tensor } from "@backprop/tensor";
import type { Outputs } from "../agreement";
import { asDtype } from "../data";
import type { MidCase } from "../workloads/mid";
import type { MlpCase } from "../workloads/mlp";
import type { TinyCase } from "../workloads/tiny";
import type { Runner } from "../workloads/types";
import { SkipError } from "./types";

/** A differentiable value (@backprop/autograd's Variable), as far as this file uses it. */
interface VariableLike {
	readonly value: Tensor;
	backward(): void;
}

/** A layer or a model. */
interface ModuleLike {
	forward(x: VariableLike): VariableLike;
	parameters(): VariableLike[];
}

/** A dense layer: its weight [inputs, units] and bias [units]. */
interface DenseLike extends ModuleLike {
	readonly weight: VariableLike;
	readonly bias: VariableLike | null;
}

interface OptimizerLike {
	step(): void;
	zeroGrad(): void;
}

type LossFn = (prediction: VariableLike, target: VariableLike) => VariableLike;

interface NnApi {
	Dense: new (
		inputs: number,
		units: number,
		options: { activation?: string; weights?: Tensor; bias?: Tensor; dtype?: DType },
	) => DenseLike;
	Sequential: new (layers: ModuleLike[]) => ModuleLike;
	SGD: new (params: VariableLike[], options: { lr: number }) => OptimizerLike;
	fit(
		model: ModuleLike,
		x: Tensor,
		y: Tensor,
		options: { loss: string; optimizer: OptimizerLike; epochs: number; batchSize: number; shuffle: boolean },
	): Promise<unknown>;
	getLoss(name: string): LossFn;
	predict(model: ModuleLike, x: Tensor): Tensor;
}

/** A compiled training step (@backprop/nn's `compile`), as far as this file uses it. */
interface TrainingStepLike {
	readonly compiled: boolean;
	readonly reason: string | null;
	stepRows(x: Float64Array, y: Float64Array, order: ArrayLike<number>, start: number, count: number): number;
	runRows(
		x: Float64Array,
		y: Float64Array,
		order: ArrayLike<number>,
		start: number,
		end: number,
		rows: number,
		sum: number,
	): number;
	sync(): void;
}

interface CompileApi {
	compile(model: ModuleLike, options: { loss: string; optimizer: OptimizerLike; batchSize: number }): TrainingStepLike;
}

interface AutogradApi {
	variable(data: Tensor, options?: { requiresGrad?: boolean }): VariableLike;
}

const NN_EXPORTS = ["Dense", "Sequential", "SGD", "fit", "getLoss", "predict"] as const;
const AUTOGRAD_EXPORTS = ["variable"] as const;

/** Imports `name`, or throws SkipError saying why it cannot be used yet. */
async function importApi<T>(name: string, exports: readonly string[]): Promise<T> {
	let mod: Record<string, unknown>;
	try {
		// A computed specifier: the package may not exist yet when this file is type-checked.
		const specifier: string = name;
		mod = (await import(specifier)) as Record<string, unknown>;
	} catch (error) {
		const why = error instanceof Error ? error.message.split("\n")[0] : String(error);
		throw new SkipError(`${name} is not importable yet (${why})`);
	}
	const missing = exports.filter((e) => mod[e] === undefined);
	if (missing.length > 0) throw new SkipError(`${name} does not export ${missing.join(", ")} yet`);
	return mod as T;
}

async function loadApis(): Promise<{ nn: NnApi; ag: AutogradApi }> {
	const ag = await importApi<AutogradApi>("@backprop/autograd", AUTOGRAD_EXPORTS);
	const nn = await importApi<NnApi>("@backprop/nn", NN_EXPORTS);
	return { nn, ag };
}

/** @backprop/nn's `compile` (SkipError while it does not exist), throwing when a step did not compile. */
async function loadCompile(): Promise<CompileApi["compile"]> {
	const { compile } = await importApi<CompileApi>("@backprop/nn", ["compile"]);
	return (model, options) => {
		const step = compile(model, options);
		if (!step.compiled) throw new Error(`compile fell back to the eager path: ${step.reason}`);
		return step;
	};
}

function lossFunction(nn: NnApi, name: string): LossFn {
	const fn: unknown = nn.getLoss(name);
	if (typeof fn !== "function") throw new Error(`@backprop/nn: getLoss('${name}') did not return a function`);
	return fn as LossFn;
}

function tensorOf(values: ArrayLike<number>, shape: number[], dtype: DType): Tensor {
	return tensor(asDtype(values, dtype), { shape, dtype });
}

/** MLP step: forward, `getLoss('crossEntropy')` on logits and one-hot targets, backward, SGD step. */
export async function backpropMlp(data: MlpCase, dtype: DType): Promise<Runner> {
	const { nn, ag } = await loadApis();
	const model = new nn.Sequential([
		new nn.Dense(data.inputs, data.hidden, {
			activation: "relu",
			weights: tensorOf(data.w1, [data.inputs, data.hidden], dtype),
			bias: tensorOf(data.b1, [data.hidden], dtype),
			dtype,
		}),
		new nn.Dense(data.hidden, data.classes, {
			activation: "linear",
			weights: tensorOf(data.w2, [data.hidden, data.classes], dtype),
			bias: tensorOf(data.b2, [data.classes], dtype),
			dtype,
		}),
	]);
	const optimizer = new nn.SGD(model.parameters(), { lr: data.lr });
	const crossEntropy = lossFunction(nn, "crossEntropy");
	const x = ag.variable(tensorOf(data.x, [data.batch, data.inputs], dtype), { requiresGrad: false });
	const y = ag.variable(tensorOf(data.y, [data.batch, data.classes], dtype), { requiresGrad: false });
	const step = (): VariableLike => {
		optimizer.zeroGrad();
		const loss = crossEntropy(model.forward(x), y);
		loss.backward();
		optimizer.step();
		return loss;
	};
	return {
		check() {
			const losses = new Float64Array(data.checkSteps);
			for (let s = 0; s < data.checkSteps; s++) losses[s] = step().value.item();
			return { losses };
		},
		run: () => {
			step();
		},
	};
}

/** The tiny network as two Dense layers holding the case's initial weights. */
function tinyNetwork(nn: NnApi, data: TinyCase, dtype: DType) {
	const hidden = new nn.Dense(2, 2, {
		activation: "sigmoid",
		weights: tensorOf(data.w1, [2, 2], dtype),
		bias: tensorOf(data.b1, [2], dtype),
		dtype,
	});
	const output = new nn.Dense(2, 1, {
		activation: "sigmoid",
		weights: tensorOf(data.w2, [2, 1], dtype),
		bias: tensorOf(data.b2, [1], dtype),
		dtype,
	});
	return { hidden, output, model: new nn.Sequential([hidden, output]) };
}

function tinyOutputs(nn: NnApi, net: ReturnType<typeof tinyNetwork>, x: Tensor): Outputs {
	return {
		w1: net.hidden.weight.value.dataSync(),
		b1: net.hidden.bias?.value.dataSync() ?? [],
		w2: net.output.weight.value.dataSync(),
		b2: net.output.bias?.value.dataSync() ?? [],
		predictions: nn.predict(net.model, x).dataSync(),
	};
}

/** The tiny network trained by `fit` with `batchSize: 1`, the tutorial's per-sample SGD. */
export async function backpropTinyFit(data: TinyCase, dtype: DType): Promise<Runner> {
	const { nn } = await loadApis();
	const samples = data.y.length;
	const x = tensorOf(data.x, [samples, 2], dtype);
	const y = tensorOf(data.y, [samples, 1], dtype);
	const train = async () => {
		const net = tinyNetwork(nn, data, dtype);
		const optimizer = new nn.SGD(net.model.parameters(), { lr: data.lr });
		await nn.fit(net.model, x, y, { loss: "mse", optimizer, epochs: data.epochs, batchSize: 1, shuffle: false });
		return net;
	};
	return {
		check: async () => tinyOutputs(nn, await train(), x),
		run: async () => {
			await train();
		},
	};
}

/** The tiny network trained by a hand-written loop over samples: forward, `getLoss('mse')`, backward, step. */
export async function backpropTinyLoop(data: TinyCase, dtype: DType): Promise<Runner> {
	const { nn, ag } = await loadApis();
	const samples = data.y.length;
	const mse = lossFunction(nn, "mse");
	const xs = Array.from({ length: samples }, (_, s) =>
		ag.variable(tensorOf(data.x.subarray(2 * s, 2 * s + 2), [1, 2], dtype), { requiresGrad: false }),
	);
	const ys = Array.from({ length: samples }, (_, s) =>
		ag.variable(tensorOf([data.y[s]], [1, 1], dtype), { requiresGrad: false }),
	);
	const train = () => {
		const net = tinyNetwork(nn, data, dtype);
		const optimizer = new nn.SGD(net.model.parameters(), { lr: data.lr });
		for (let epoch = 0; epoch < data.epochs; epoch++) {
			for (let s = 0; s < samples; s++) {
				optimizer.zeroGrad();
				mse(net.model.forward(xs[s] as VariableLike), ys[s] as VariableLike).backward();
				optimizer.step();
			}
		}
		return net;
	};
	return {
		check: () => tinyOutputs(nn, train(), tensorOf(data.x, [samples, 2], dtype)),
		run: () => {
			train();
		},
	};
}

/** MLP step compiled (@backprop/nn's `compile`): the same step as generated code over planned buffers. */
export async function backpropMlpCompiled(data: MlpCase, dtype: DType): Promise<Runner> {
	if (dtype !== "float64") throw new SkipError("compile emits float64 code only");
	const { nn } = await loadApis();
	const model = new nn.Sequential([
		new nn.Dense(data.inputs, data.hidden, {
			activation: "relu",
			weights: tensorOf(data.w1, [data.inputs, data.hidden], dtype),
			bias: tensorOf(data.b1, [data.hidden], dtype),
			dtype,
		}),
		new nn.Dense(data.hidden, data.classes, {
			activation: "linear",
			weights: tensorOf(data.w2, [data.hidden, data.classes], dtype),
			bias: tensorOf(data.b2, [data.classes], dtype),
			dtype,
		}),
	]);
	const optimizer = new nn.SGD(model.parameters(), { lr: data.lr });
	const step = (await loadCompile())(model, { loss: "crossEntropy", optimizer, batchSize: data.batch });
	const order = Array.from({ length: data.batch }, (_, i) => i);
	return {
		check() {
			const losses = new Float64Array(data.checkSteps);
			for (let s = 0; s < data.checkSteps; s++) losses[s] = step.stepRows(data.x, data.y, order, 0, data.batch);
			return { losses };
		},
		run: () => {
			step.stepRows(data.x, data.y, order, 0, data.batch);
		},
	};
}

/** The tiny network compiled: a fresh model per training, `compile`, then one `runRows` call per epoch. */
export async function backpropTinyCompiled(data: TinyCase, dtype: DType): Promise<Runner> {
	if (dtype !== "float64") throw new SkipError("compile emits float64 code only");
	const { nn } = await loadApis();
	const samples = data.y.length;
	const order = Array.from({ length: samples }, (_, i) => i);
	const compile = await loadCompile();
	const train = () => {
		const net = tinyNetwork(nn, data, dtype);
		const optimizer = new nn.SGD(net.model.parameters(), { lr: data.lr });
		const step = compile(net.model, { loss: "mse", optimizer, batchSize: 1 });
		for (let epoch = 0; epoch < data.epochs; epoch++) step.runRows(data.x, data.y, order, 0, samples, 1, 0);
		step.sync();
		return net;
	};
	return {
		check: () => tinyOutputs(nn, train(), tensorOf(data.x, [samples, 2], dtype)),
		run: () => {
			train();
		},
	};
}

function stackModel(nn: NnApi, data: MidCase, dtype: DType): ModuleLike {
	const layers = data.weights.map(
		(w, l) =>
			new nn.Dense(data.sizes[l], data.sizes[l + 1], {
				activation: l === data.weights.length - 1 ? "linear" : "relu",
				weights: tensorOf(w, [data.sizes[l], data.sizes[l + 1]], dtype),
				bias: tensorOf(data.biases[l] as Float64Array, [data.sizes[l + 1]], dtype),
				dtype,
			}),
	);
	return new nn.Sequential(layers);
}

/** The mid-size step eagerly: forward, `getLoss('crossEntropy')`, backward, SGD step. */
export async function backpropMidLoop(data: MidCase, dtype: DType): Promise<Runner> {
	const { nn, ag } = await loadApis();
	const model = stackModel(nn, data, dtype);
	const optimizer = new nn.SGD(model.parameters(), { lr: data.lr });
	const crossEntropy = lossFunction(nn, "crossEntropy");
	const classes = data.sizes[data.sizes.length - 1];
	const x = ag.variable(tensorOf(data.x, [data.batch, data.sizes[0]], dtype), { requiresGrad: false });
	const y = ag.variable(tensorOf(data.y, [data.batch, classes], dtype), { requiresGrad: false });
	const step = (): number => {
		optimizer.zeroGrad();
		const loss = crossEntropy(model.forward(x), y);
		loss.backward();
		optimizer.step();
		return loss.value.item();
	};
	return {
		check() {
			const losses = new Float64Array(data.checkSteps);
			for (let s = 0; s < data.checkSteps; s++) losses[s] = step();
			return { losses };
		},
		run: () => {
			step();
		},
	};
}

/** The mid-size step compiled (@backprop/nn's `compile`). */
export async function backpropMidCompiled(data: MidCase, dtype: DType): Promise<Runner> {
	if (dtype !== "float64") throw new SkipError("compile emits float64 code only");
	const { nn } = await loadApis();
	const model = stackModel(nn, data, dtype);
	const optimizer = new nn.SGD(model.parameters(), { lr: data.lr });
	const step = (await loadCompile())(model, { loss: "crossEntropy", optimizer, batchSize: data.batch });
	const order = Array.from({ length: data.batch }, (_, i) => i);
	return {
		check() {
			const losses = new Float64Array(data.checkSteps);
			for (let s = 0; s < data.checkSteps; s++) losses[s] = step.stepRows(data.x, data.y, order, 0, data.batch);
			return { losses };
		},
		run: () => {
			step.stepRows(data.x, data.y, order, 0, data.batch);
		},
	};
}
