/**
 * Modules as in PyTorch: a forward pass, the parameters found on the module's own
 * properties (and its sub-modules'), train/eval mode, readable parameter names.
 */
import { Variable } from "@backprop/autograd";
import { Rng } from "@backprop/tensor";
import type { JsonObject } from "./json";

/** Anything trainable: a forward pass and the parameters it learns. */
export interface ModuleLike {
	/** Computes the output for a batch (or a single sample). */
	forward(x: Variable): Variable;
	/** The variables an optimizer updates, in a stable order. */
	parameters(): Variable[];
}

// Keeps Node's util.inspect showing the summary without importing node:util (browsers too).
const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * The base class of layers and models, PyTorch's `nn.Module`. A subclass writes
 * `forward(x)` and keeps its parts as properties: a Variable that requires a
 * gradient is a parameter, one that does not is a buffer (saved, not trained,
 * e.g. BatchNorm's running mean), a Module (or an array of them) is a
 * sub-module, an Rng is a generator saved in checkpoints. Names follow the
 * property path (`fc1.weight`, `blocks.0.bias`) in definition order.
 */
export abstract class Module implements ModuleLike {
	/** True in training mode (the default), false in evaluation mode. */
	training = true;
	/** The layer's name in its model (`dense_1`), set by Sequential; used in error messages. */
	name: string | undefined;

	/** Computes the output for a batch. */
	abstract forward(x: Variable): Variable;

	/** The kind of layer as a snake_case word (`dense`, `conv2d`, `my_block`): the stem of default names. */
	get kind(): string {
		return snakeCase(this.constructor.name || "module");
	}

	/** `Kind 'name'` as error messages start, e.g. `Conv2D 'conv2d_1'`. */
	get label(): string {
		return `${this.constructor.name} '${this.name ?? this.kind}'`;
	}

	/** The direct sub-modules with their names, in definition order. */
	children(): Array<[string, ModuleLike]> {
		const out: Array<[string, ModuleLike]> = [];
		for (const [key, value] of Object.entries(this)) {
			if (isModuleLike(value)) out.push([key, value]);
			else if (Array.isArray(value) && value.length > 0 && value.every(isModuleLike)) {
				value.forEach((m, i) => {
					out.push([`${key}.${i}`, m]);
				});
			}
		}
		return out;
	}

	/** Variables on this module's own properties that require a gradient, by property name. */
	protected ownVariables(trainable: boolean): Array<[string, Variable]> {
		const out: Array<[string, Variable]> = [];
		for (const [key, value] of Object.entries(this)) {
			if (value instanceof Variable && value.requiresGrad === trainable) out.push([key, value]);
		}
		return out;
	}

	/** Every parameter with its dotted name (`fc1.weight`), own ones first, then each sub-module's. */
	namedParameters(): Array<[string, Variable]> {
		return this.collect(
			(m) => m.ownVariables(true),
			(l) => l.parameters(),
		);
	}

	/** The parameters, in the order of {@link namedParameters}. */
	parameters(): Variable[] {
		return this.namedParameters().map(([, p]) => p);
	}

	/** Every buffer (a saved, untrained variable such as a running mean) with its dotted name. */
	namedBuffers(): Array<[string, Variable]> {
		return this.collect(
			(m) => m.ownVariables(false),
			() => [],
		);
	}

	/** Every random generator (Dropout's) with its dotted name: checkpoints save their state. */
	namedGenerators(): Array<[string, Rng]> {
		return this.collect(
			(m) => Object.entries(m).filter((e): e is [string, Rng] => e[1] instanceof Rng),
			() => [],
		);
	}

	private collect<T>(own: (m: Module) => Array<[string, T]>, plain: (m: ModuleLike) => T[]): Array<[string, T]> {
		const out = own(this);
		for (const [name, child] of this.children()) {
			if (child instanceof Module) {
				for (const [sub, v] of child.collect(own, plain)) out.push([`${name}.${sub}`, v]);
			} else {
				plain(child).forEach((v, i) => {
					out.push([`${name}.${i}`, v]);
				});
			}
		}
		return out;
	}

	/** Sets training mode (or evaluation mode with `false`) on this module and every sub-module. Returns this. */
	train(mode = true): this {
		this.training = mode;
		for (const [, child] of this.children()) if (child instanceof Module) child.train(mode);
		return this;
	}

	/** Evaluation mode: Dropout passes values through, BatchNorm uses its running statistics. Returns this. */
	eval(): this {
		return this.train(false);
	}

	/**
	 * The settings that rebuild this module (saved in model files with its
	 * registered name; see registerLayer). The default is `{}`: a module whose
	 * constructor takes settings overrides it.
	 */
	getConfig(): JsonObject {
		return {};
	}

	/** The Keras-style summary table (see `summary`). */
	toString(): string {
		return this.summary();
	}

	[INSPECT](): string {
		return this.toString();
	}
}

/** True for an object with `forward` and `parameters` functions. */
export function isModuleLike(value: unknown): value is ModuleLike {
	return (
		value !== null &&
		typeof value === "object" &&
		typeof (value as ModuleLike).forward === "function" &&
		typeof (value as ModuleLike).parameters === "function"
	);
}

/** `MaxPool2D` → `max_pool2d`, `LSTM` → `lstm`, `BatchNorm` → `batch_norm`. */
export function snakeCase(name: string): string {
	return name
		.replace(/([a-z])([A-Z])/g, "$1_$2")
		.replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
		.toLowerCase();
}

/** Every Module in the tree under `model` (itself first). */
export function allModules(model: ModuleLike): Module[] {
	const out: Module[] = [];
	const stack: ModuleLike[] = [model];
	while (stack.length > 0) {
		const m = stack.pop() as ModuleLike;
		if (!(m instanceof Module)) continue;
		out.push(m);
		for (const [, child] of m.children()) stack.push(child);
	}
	return out;
}

/**
 * Puts the whole tree under `model` in training (`true`) or evaluation mode and
 * returns the function that puts every module back in the mode it was found in.
 */
export function enterMode(model: ModuleLike, training: boolean): () => void {
	const modules = allModules(model);
	const found = modules.map((m) => m.training);
	for (const m of modules) m.training = training;
	return () => {
		modules.forEach((m, i) => {
			m.training = found[i] as boolean;
		});
	};
}

/** Runs `fn` with the tree under `model` in the given mode, then restores each module's mode. */
export function withMode<T>(model: ModuleLike, training: boolean, fn: () => T): T {
	const restore = enterMode(model, training);
	try {
		return fn();
	} finally {
		restore();
	}
}
