/** Weight initializers, all drawing from a seeded Rng so a seed fixes the starting weights. */
import { type DType, full, type Rng, rand, randn, type Tensor } from "@backprop/tensor";
import { Registry } from "./registry";

/** What an initializer is told about the weight it fills. */
export interface InitContext {
	/** Generator to draw from. */
	rng: Rng;
	/** Inputs per unit (the weight's first dimension for a dense layer). */
	fanIn: number;
	/** Units (the weight's last dimension). */
	fanOut: number;
	/** Element type to produce. */
	dtype: DType;
}

/** A function that makes a starting weight of `shape`. */
export type InitializerFn = (shape: readonly number[], ctx: InitContext) => Tensor;

/** An initializer: a registered name or a function. */
export type InitializerSpec = string | InitializerFn;

const registry = new Registry<InitializerFn>("initializer");

const uniformIn = (limit: number) => (shape: readonly number[], c: InitContext) =>
	rand(shape, { rng: c.rng, low: -limit, high: limit, dtype: c.dtype });
const normalWith = (std: number) => (shape: readonly number[], c: InitContext) =>
	randn(shape, { rng: c.rng, std, dtype: c.dtype });

// Glorot/Xavier: variance 2 / (fanIn + fanOut). He/Kaiming: variance 2 / fanIn (for ReLU).
registry.setBuiltIn("glorotUniform", (s, c) => uniformIn(Math.sqrt(6 / (c.fanIn + c.fanOut)))(s, c));
registry.setBuiltIn("glorotNormal", (s, c) => normalWith(Math.sqrt(2 / (c.fanIn + c.fanOut)))(s, c));
registry.setBuiltIn("heUniform", (s, c) => uniformIn(Math.sqrt(6 / c.fanIn))(s, c));
registry.setBuiltIn("heNormal", (s, c) => normalWith(Math.sqrt(2 / c.fanIn))(s, c));
// N(0, 1), the tutorial's np.random.normal().
registry.setBuiltIn("normal", normalWith(1));
registry.setBuiltIn("uniform", uniformIn(1));
registry.setBuiltIn("zeros", (s, c) => full(s, 0, { dtype: c.dtype }));
registry.setBuiltIn("ones", (s, c) => full(s, 1, { dtype: c.dtype }));

/**
 * Resolves an initializer name (`glorotUniform`, `glorotNormal`, `heNormal`,
 * `heUniform`, `normal` = N(0,1), `uniform` = U(-1,1), `zeros`, `ones`) or passes a
 * function through. Throws an Error listing the known names for an unknown one.
 */
export function getInitializer(spec: InitializerSpec): InitializerFn {
	if (typeof spec === "function") return spec;
	if (typeof spec === "string") return registry.get(spec);
	throw new TypeError(`initializer: expected a name or a function, got ${JSON.stringify(spec)}`);
}

/** Registers a named initializer. Throws TypeError for an invalid name. */
export function registerInitializer(name: string, fn: InitializerFn): void {
	registry.set(name, fn);
}

/** Names of the registered initializers. */
export function initializerNames(): string[] {
	return registry.names();
}

/** The initializer registry, for lookups by kind (see names.ts). */
export { registry as initializerRegistry };
