/**
 * Pluggable activations. An activation is a registry name, an object
 * `{ name, apply(x) }` differentiated by autodiff, or an elementwise pair
 * `{ name, f(x), df(x, y) }` — the tutorial's `sigmoid` / `sigmoid_derivative`
 * shape — that runs as one fused op.
 */
import { defineOp, type Variable } from "@backprop/autograd";
import { mapElements } from "@backprop/tensor";
import { Registry } from "./registry";

/** An activation as a function of variables; its gradient comes from autodiff. */
export interface ActivationFunction {
	/** Registry name, saved in model files. */
	readonly name: string;
	/** Applies the activation to a batch. */
	apply(x: Variable): Variable;
}

/** An elementwise activation given by its function and derivative, as in the tutorial. */
export interface ElementwiseActivation {
	/** Registry name, saved in model files. */
	readonly name: string;
	/** The function of one number. */
	f(x: number): number;
	/** Its derivative at `x`, where `y = f(x)` is passed too (σ'(x) = y(1 - y)). */
	df(x: number, y: number): number;
}

/** What a layer accepts as its activation. */
export type ActivationSpec = string | ActivationFunction | ElementwiseActivation;

const registry = new Registry<ActivationFunction>("activation");
// What each registered object (a pair or an { apply } object) resolved to, so passing the
// same object to a layer later gives the registered activation itself.
const registeredBySource = new WeakMap<object, ActivationFunction>();

// The pair behind each activation made from one, and the built-ins by object: what the
// training compiler (compile/) reads to emit an activation's code instead of calling its op.
const pairs = new WeakMap<ActivationFunction, ElementwiseActivation>();
const builtInNames = new WeakMap<ActivationFunction, string>();

/** The `{ f, df }` pair an activation was made from, if any. Internal to nn (the compiler's). */
export function elementwisePairOf(activation: ActivationFunction): ElementwiseActivation | undefined {
	return pairs.get(activation);
}

/** The built-in name of `activation` when it is the built-in object itself. Internal to nn (the compiler's). */
export function builtInActivationName(activation: ActivationFunction): string | undefined {
	return builtInNames.get(activation);
}

// One fused op per pair: forward maps f, backward multiplies by df, both in a single loop.
function fromPair(pair: ElementwiseActivation): ActivationFunction {
	const op = defineOp({
		name: pair.name,
		forward: ([x]) => mapElements(x, (v) => pair.f(v)),
		backward: (g, { inputs: [x], output }) => {
			const xs = x.dataSync();
			const ys = output.dataSync();
			return [g.mul(mapElements(x, (_, i) => pair.df(xs[i], ys[i])))];
		},
	});
	const activation: ActivationFunction = { name: pair.name, apply: (x) => op([x]) };
	pairs.set(activation, pair);
	return activation;
}

function isPair(a: object): a is ElementwiseActivation {
	return typeof (a as ElementwiseActivation).f === "function" && typeof (a as ElementwiseActivation).df === "function";
}

/**
 * Resolves an activation: a registered name, an `{ name, apply }` object, or an
 * `{ name, f, df }` pair. Throws an Error listing the known names for an unknown
 * name, a TypeError for anything else.
 */
export function getActivation(spec: ActivationSpec): ActivationFunction {
	if (typeof spec === "string") return registry.get(spec);
	if (spec && typeof spec === "object" && typeof spec.name === "string") {
		const registered = registeredBySource.get(spec);
		if (registered) return registered;
		if (isPair(spec)) return fromPair(spec);
		if (typeof (spec as ActivationFunction).apply === "function") return spec as ActivationFunction;
	}
	throw new TypeError(
		`activation: expected a name, { name, apply(x) } or { name, f(x), df(x, y) }, got ${JSON.stringify(spec)}`,
	);
}

/**
 * Registers an activation under its `name`, so layers and saved models can name it.
 * Throws TypeError for an invalid name or shape of object.
 */
export function registerActivation(activation: ActivationFunction | ElementwiseActivation): void {
	const resolved = getActivation(activation);
	registry.set(resolved.name, resolved);
	registeredBySource.set(activation, resolved);
}

/**
 * True when `activation` is exactly what its name is registered as, so a saved
 * model naming it reloads the same function.
 */
export function isRegisteredActivation(activation: ActivationFunction): boolean {
	return registry.has(activation.name) && registry.get(activation.name) === activation;
}

/** Names of the registered activations. */
export function activationNames(): string[] {
	return registry.names();
}

const builtIns: ActivationFunction[] = [
	{ name: "linear", apply: (x) => x },
	{ name: "sigmoid", apply: (x) => x.sigmoid() },
	{ name: "tanh", apply: (x) => x.tanh() },
	{ name: "relu", apply: (x) => x.relu() },
	// PyTorch's default slope 0.01: max(x, 0.01x)
	{ name: "leakyRelu", apply: (x) => x.maximum(x.mul(0.01)) },
	{ name: "softplus", apply: (x) => x.softplus() },
	{ name: "softmax", apply: (x) => x.softmax(-1) },
];
// elu(x) = x for x > 0, e^x - 1 otherwise (alpha 1); elu'(x) = 1 or y + 1
builtIns.push(fromPair({ name: "elu", f: (x) => (x > 0 ? x : Math.expm1(x)), df: (x, y) => (x > 0 ? 1 : y + 1) }));
for (const a of builtIns) {
	registry.setBuiltIn(a.name, a);
	builtInNames.set(a, a.name);
}

/** The activation registry, for lookups by kind (see names.ts). */
export { registry as activationRegistry };
