/**
 * `compile`: a training step (forward, loss, backward, update) and a forward
 * pass generated as JavaScript for one model, loss, optimizer and batch size,
 * running on buffers planned once, with no allocation per step. Where the
 * generated code cannot reproduce the eager step (or code generation is refused),
 * the returned step runs the eager path instead and says why.
 */
import { variable } from "@backprop/autograd";
import { getBackend, type Kernels, type Tensor, tensor } from "@backprop/tensor";
import { type DataLike, toDataTensor } from "../data";
import { getLoss, type LossSpec } from "../losses";
import type { ModuleLike } from "../module";
import { createOptimizer } from "../optimizers";
import { Optimizer } from "../optimizers/optimizer";
import { type BufferSpec, type Emitted, emitPredict, emitTrainStep, parameterNames, stateNames } from "./emit";
import { exportState, importState } from "./optimizer-state";
import { planStep, type StepPlan } from "./plan";

/** Options for {@link compile}. */
export interface CompileOptions {
	/** Loss (default `mse`); mse, mae and crossEntropy compile. */
	loss?: LossSpec;
	/** An optimizer bound to the model's parameters, or a name (default `sgd`); SGD, Adam and RMSProp compile. */
	optimizer?: Optimizer | string;
	/** Learning rate when `optimizer` is a name. */
	lr?: number;
	/** Rows per step to compile at once (other row counts compile on first use). */
	batchSize?: number;
	/** Keep the generated source of each function (see {@link TrainingStep.explain}). */
	debug?: boolean;
}

/** A training step for one model, loss and optimizer: compiled where possible, eager otherwise. */
export interface TrainingStep {
	/** True when steps run generated code; false when they run the eager path. */
	readonly compiled: boolean;
	/** Why the eager path runs (null when compiled). */
	readonly reason: string | null;
	/** The optimizer whose state the steps use and keep. */
	readonly optimizer: Optimizer;
	/** Whether the parameters were finite after the latest update. */
	readonly finite: boolean;
	/**
	 * One step on a batch: x [rows, inputs], y shaped like the output. Returns the
	 * loss; when it is not finite, no update is made. Throws what the eager path
	 * throws for bad shapes or data.
	 */
	step(x: DataLike, y: DataLike): number;
	/**
	 * One step on rows `order[start … start+count)` of row-major data x and y
	 * that hold `order.length` rows each, allocating nothing when compiled.
	 * Returns the loss, as {@link step}. Throws RangeError for rows out of range.
	 */
	stepRows(x: Float64Array, y: Float64Array, order: ArrayLike<number>, start: number, count: number): number;
	/**
	 * Steps batch after batch: rows `order[s … s+rows)` for s = start, start+rows, …
	 * while a whole batch fits before `end`. Returns `sum` plus each batch's loss × rows,
	 * added in batch order. Stops at the first batch whose loss or updated weights are
	 * not finite: {@link stoppedAt} is then its start in `order` (else -1) and
	 * {@link stopLoss} its loss. Compiled, the whole run is one call that allocates nothing.
	 */
	runRows(
		x: Float64Array,
		y: Float64Array,
		order: ArrayLike<number>,
		start: number,
		end: number,
		rows: number,
		sum: number,
	): number;
	/** Where the latest {@link runRows} stopped early (a position in its order), or -1. */
	readonly stoppedAt: number;
	/** The loss of the batch {@link runRows} stopped at. */
	readonly stopLoss: number;
	/** The model's output on the latest step's batch (computed before that step's update); null before any step. */
	lastPrediction(): Tensor | null;
	/** Puts the parameters back as they were before the latest update (for fit's non-finite rule). */
	undoLastUpdate(): void;
	/** The model's output for x [rows, inputs], from the current weights. */
	predict(x: DataLike): Tensor;
	/** Writes the weights and the optimizer state into the model's Variables and the optimizer. */
	sync(): void;
	/** What runs and why; with `debug`, the generated source too. */
	explain(): string;
}

type StepFn = (x: Float64Array, y: Float64Array, order: ArrayLike<number>, start: number, lr: number) => number;
type RunFn = (
	x: Float64Array,
	y: Float64Array,
	order: ArrayLike<number>,
	start: number,
	end: number,
	lr: number,
	sum: number,
) => number;
interface StepFns {
	step: StepFn;
	run: RunFn;
}
type PredictFn = (x: Float64Array) => Float64Array;
type Factory = (
	buffers: Record<string, Float64Array>,
	matmul: Kernels["matmul"],
	pairs: readonly unknown[],
	state: CompiledState,
) => StepFns | PredictFn;

interface CompiledState {
	first: boolean;
	step: number;
	finite: boolean;
	stop: number;
	loss: number;
}

interface Generated {
	readonly emitted: Emitted;
	readonly factory: Factory;
}

// Generated code by shape signature: models of one architecture, loss and optimizer
// settings share it (a `{ f, df }` pair is an argument, not part of the source), so a
// second fit of the same network neither writes nor compiles source again.
const generated = new Map<string, Generated>();

function generate(kind: "step" | "predict", plan: StepPlan, rows: number): Generated {
	const { layers, loss, update } = plan;
	const key = `${kind}|${rows}|${loss}|${JSON.stringify(update)}|${layers.map((l) => `${l.inputs},${l.units},${l.bias},${l.activation}`).join(";")}`;
	let found = generated.get(key);
	if (!found) {
		const emitted = kind === "step" ? emitTrainStep(plan, rows) : emitPredict(plan, rows);
		// Throws EvalError where a Content-Security-Policy forbids generating code.
		const factory = new Function("B", "K", "P", "S", `"use strict";\n${emitted.source}`) as Factory;
		found = { emitted, factory };
		generated.set(key, found);
	}
	return found;
}

function allocate(specs: readonly BufferSpec[], into: Record<string, Float64Array>): void {
	for (const b of specs) into[b.name] = new Float64Array(b.size);
}

function resolveOptimizer(model: ModuleLike, options: CompileOptions): Optimizer {
	const params = model.parameters();
	if (options.optimizer instanceof Optimizer) return options.optimizer;
	return createOptimizer(options.optimizer ?? "sgd", params, options.lr);
}

/** The generated path: parameter buffers shared by every compiled row count. */
class CompiledStep implements TrainingStep {
	readonly compiled = true;
	readonly reason = null;
	private readonly params;
	private readonly names: string[];
	private readonly shapes: number[][];
	private readonly shared: Record<string, Float64Array> = {};
	private readonly state: CompiledState = { first: true, step: 0, finite: true, stop: -1, loss: 0 };
	private readonly steps = new Map<number, StepFns>();
	private readonly stepBuffers = new Map<number, Record<string, Float64Array>>();
	private lastRows = 0;
	private last: StepFns | null = null;
	private readonly predicts = new Map<number, PredictFn>();
	private readonly sources: string[] = [];
	private written: Tensor[] = [];
	private hasBackup = false;
	// Steps were taken since the Variables were last written (sync has something to write).
	private dirty = false;
	private readonly inputs: number;
	private readonly outputs: number;

	constructor(
		private readonly model: ModuleLike,
		readonly optimizer: Optimizer,
		private readonly plan: StepPlan,
		private readonly debug: boolean,
	) {
		this.params = model.parameters();
		const specs = parameterNames(plan.layers);
		this.names = specs.map((s) => s.name);
		this.shapes = this.params.map((p) => p.shape.slice());
		for (const { name, size } of specs) {
			for (const n of [name, `${name}G`, `${name}K`, ...stateNames(plan).map((s) => `${s}${name}`)]) {
				this.shared[n] = new Float64Array(size);
			}
		}
		this.inputs = (plan.layers[0] as StepPlan["layers"][number]).inputs;
		this.outputs = (plan.layers[plan.layers.length - 1] as StepPlan["layers"][number]).units;
		this.load();
	}

	get finite(): boolean {
		return this.state.finite;
	}

	// Reads the Variables' values and the optimizer's state into the buffers.
	private load(): void {
		this.params.forEach((p, i) => {
			(this.shared[this.names[i] as string] as Float64Array).set(p.value.dataSync());
		});
		this.written = this.params.map((p) => p.value);
		const { step, fresh } = importState(this.optimizer, this.plan, this.names, this.shared);
		this.state.step = step;
		this.state.first = fresh;
		this.hasBackup = false;
		this.dirty = false;
	}

	// Someone set a parameter since the last sync (an eager step, a load): start from it.
	private ensureFresh(): void {
		const w = this.written;
		for (let i = 0; i < w.length; i++) {
			if ((this.params[i] as { value: Tensor }).value !== w[i]) {
				this.load();
				return;
			}
		}
	}

	private buffersWith(specs: readonly BufferSpec[]): Record<string, Float64Array> {
		const buffers = { ...this.shared };
		allocate(specs, buffers);
		return buffers;
	}

	/** The step functions for `rows` rows (compiled on first use). */
	stepFor(rows: number): StepFns {
		if (rows === this.lastRows && this.last) return this.last;
		let fn = this.steps.get(rows);
		if (!fn) {
			const { emitted, factory } = generate("step", this.plan, rows);
			if (this.debug) this.sources.push(`// step, ${rows} rows\n${emitted.source}`);
			const buffers = this.buffersWith(emitted.buffers);
			fn = factory(buffers, matmulKernel(), pairsOf(this.plan), this.state) as StepFns;
			this.steps.set(rows, fn);
			this.stepBuffers.set(rows, buffers);
		}
		this.lastRows = rows;
		this.last = fn;
		return fn;
	}

	private predictFor(rows: number): PredictFn {
		let fn = this.predicts.get(rows);
		if (!fn) {
			const { emitted, factory } = generate("predict", this.plan, rows);
			if (this.debug) this.sources.push(`// predict, ${rows} rows\n${emitted.source}`);
			fn = factory(this.buffersWith(emitted.buffers), matmulKernel(), pairsOf(this.plan), this.state) as PredictFn;
			this.predicts.set(rows, fn);
		}
		return fn;
	}

	step(x: DataLike, y: DataLike): number {
		const xs = toDataTensor(x, "x", "step", "float64");
		const ys = toDataTensor(y, "y", "step", "float64");
		const rows = xs.shape[0];
		checkData(xs, ys, rows, this.inputs, this.outputs);
		const order = Array.from({ length: rows }, (_, i) => i);
		return this.stepRows(xs.dataSync() as Float64Array, ys.dataSync() as Float64Array, order, 0, rows);
	}

	stepRows(x: Float64Array, y: Float64Array, order: ArrayLike<number>, start: number, count: number): number {
		if (start < 0 || count <= 0 || start + count > order.length) {
			throw new RangeError(`stepRows: rows ${start}…${start + count} are outside the order's ${order.length}`);
		}
		this.ensureFresh();
		const loss = this.stepFor(count).step(x, y, order, start, this.signedLr());
		if (loss - loss === 0) this.hasBackup = this.dirty = true;
		return loss;
	}

	// SGD's update is axpy(p, -lr, g): the generated code is passed -lr.
	private signedLr(): number {
		return this.plan.update.kind === "sgd" ? -this.optimizer.lr : this.optimizer.lr;
	}

	get stoppedAt(): number {
		return this.state.stop;
	}

	get stopLoss(): number {
		return this.state.loss;
	}

	runRows(
		x: Float64Array,
		y: Float64Array,
		order: ArrayLike<number>,
		start: number,
		end: number,
		rows: number,
		sum: number,
	): number {
		if (start < 0 || rows <= 0 || end > order.length) {
			throw new RangeError(
				`runRows: rows ${start}…${end} in batches of ${rows} are outside the order's ${order.length}`,
			);
		}
		this.ensureFresh();
		const total = this.stepFor(rows).run(x, y, order, start, end, this.signedLr(), sum);
		// A run that stepped at all (past a first non-finite loss) leaves a backup to undo to.
		const stop = this.state.stop;
		if (stop === -1 ? end - start >= rows : stop > start || Number.isFinite(this.state.loss)) {
			this.hasBackup = this.dirty = true;
		}
		return total;
	}

	lastPrediction(): Tensor | null {
		const out = this.stepBuffers.get(this.lastRows)?.[`a${this.plan.layers.length}`];
		return out ? tensor(out, { shape: [this.lastRows, this.outputs] }) : null;
	}

	undoLastUpdate(): void {
		if (!this.hasBackup) return;
		for (const name of this.names) (this.shared[name] as Float64Array).set(this.shared[`${name}K`] as Float64Array);
		this.hasBackup = false;
		this.state.finite = true;
		this.dirty = true;
	}

	predict(x: DataLike): Tensor {
		this.ensureFresh();
		const xs = toDataTensor(x, "x", "predict", "float64");
		if (xs.rank !== 2 || xs.shape[1] !== this.inputs) {
			// The eager forward throws the ShapeError naming the layer.
			return this.model.forward(variable(xs)).value;
		}
		const rows = xs.shape[0];
		const out = this.predictFor(rows)(xs.dataSync() as Float64Array);
		return tensor(out, { shape: [rows, this.outputs] });
	}

	sync(): void {
		// Nothing stepped since the last write: the Variables hold the truth (a callback may have set them).
		if (!this.dirty) return;
		this.dirty = false;
		this.params.forEach((p, i) => {
			p.value = tensor(this.shared[this.names[i] as string] as Float64Array, { shape: this.shapes[i] as number[] });
		});
		this.written = this.params.map((p) => p.value);
		exportState(this.optimizer, this.plan, this.names, this.shapes, this.shared, this.state.step);
	}

	explain(): string {
		const { layers, loss, update } = this.plan;
		const head = `compiled: ${layers.map((l) => `Dense(${l.inputs}→${l.units}, ${l.activation})`).join(", ")}; loss ${loss}; ${update.kind}`;
		return this.debug ? [head, ...this.sources].join("\n\n") : head;
	}
}

function checkData(xs: Tensor, ys: Tensor, rows: number, inputs: number, outputs: number): void {
	if (xs.rank !== 2 || xs.shape[1] !== inputs || ys.size !== rows * outputs || rows === 0) {
		throw new RangeError(
			`step: expected x [rows, ${inputs}] and y with ${outputs} values per row, got x [${xs.shape.join(", ")}] and y [${ys.shape.join(", ")}]`,
		);
	}
}

function matmulKernel(): Kernels["matmul"] {
	const k = getBackend().kernels.matmul;
	if (!k) throw new Error("compile: the js backend has no matmul kernel");
	return k.bind(getBackend().kernels);
}

function pairsOf(plan: StepPlan): unknown[] {
	return plan.layers.map((l) => l.pair);
}

/** The eager path behind the same interface: forward, loss, backward and optimizer step on tensors. */
class EagerStep implements TrainingStep {
	readonly compiled = false;
	finite = true;
	private last: Tensor[] | null = null;
	private prediction: Tensor | null = null;

	constructor(
		private readonly model: ModuleLike,
		readonly optimizer: Optimizer,
		private readonly loss: LossSpec,
		readonly reason: string,
	) {}

	step(x: DataLike, y: DataLike): number {
		const xs = toDataTensor(x, "x", "step", "float64");
		const ys = toDataTensor(y, "y", "step", "float64");
		const prediction = this.model.forward(variable(xs));
		this.prediction = prediction.value;
		const value = getLoss(this.loss)(prediction, ys);
		const l = value.item();
		if (!Number.isFinite(l)) return l;
		this.optimizer.zeroGrad();
		value.backward();
		this.last = this.optimizer.params.map((p) => p.value);
		this.optimizer.step();
		this.finite = this.optimizer.params.every((p) => p.value.dataSync().every(Number.isFinite));
		return l;
	}

	stepRows(x: Float64Array, y: Float64Array, order: ArrayLike<number>, start: number, count: number): number {
		const rows = Array.from({ length: count }, (_, i) => order[start + i]);
		const inputs = x.length / order.length;
		const outputs = y.length / order.length;
		const xs = tensor(x, { shape: [order.length, inputs] }).gather(rows);
		const ys = tensor(y, { shape: [order.length, outputs] }).gather(rows);
		return this.step(xs, ys);
	}

	stoppedAt = -1;
	stopLoss = 0;

	runRows(
		x: Float64Array,
		y: Float64Array,
		order: ArrayLike<number>,
		start: number,
		end: number,
		rows: number,
		sum: number,
	): number {
		this.stoppedAt = -1;
		let total = sum;
		for (let s = start; s + rows <= end; s += rows) {
			const l = this.stepRows(x, y, order, s, rows);
			if (!Number.isFinite(l) || !this.finite) {
				this.stoppedAt = s;
				this.stopLoss = l;
				return total;
			}
			total += l * rows;
		}
		return total;
	}

	lastPrediction(): Tensor | null {
		return this.prediction;
	}

	undoLastUpdate(): void {
		if (!this.last) return;
		this.optimizer.params.forEach((p, i) => {
			p.value = (this.last as Tensor[])[i];
		});
		this.last = null;
	}

	predict(x: DataLike): Tensor {
		return this.model.forward(variable(toDataTensor(x, "x", "predict", "float64"))).value;
	}

	sync(): void {}

	explain(): string {
		return `eager: ${this.reason}`;
	}
}

/**
 * Compiles one training step of `model` with `options.loss` and
 * `options.optimizer` into generated JavaScript (see docs/compiler.md): a
 * Sequential of float64 Dense layers with built-in or `{ f, df }` activations,
 * mse/mae/crossEntropy, and SGD/Adam/RMSProp compile; anything else (or a page
 * that refuses `new Function`) gets the eager path behind the same interface,
 * with `reason` and `explain()` saying why. Throws what `createOptimizer` throws
 * for a bad optimizer name or lr, and TypeError for an optimizer bound to other parameters.
 */
export function compile(model: ModuleLike, options: CompileOptions = {}): TrainingStep {
	const optimizer = resolveOptimizer(model, options);
	const loss = options.loss ?? "mse";
	const planned = planStep(model, loss, optimizer);
	if (!planned.ok) return new EagerStep(model, optimizer, loss, planned.reason);
	try {
		const step = new CompiledStep(model, optimizer, planned.plan, options.debug ?? false);
		step.stepFor(options.batchSize ?? 1);
		return step;
	} catch (e) {
		const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
		const refused = e instanceof EvalError || (e instanceof Error && e.name === "EvalError");
		// Anything but a refusal is a compiler defect: still train (eagerly), and say so.
		return new EagerStep(
			model,
			optimizer,
			loss,
			refused ? `code generation is refused here (${why})` : `the generated code failed to compile (${why})`,
		);
	}
}
