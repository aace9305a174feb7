/** What an engine is to the harness: a name, a dtype, and its implementations of the workloads. */
import type { DType } from "@backprop/tensor";
import type { ConvCase } from "../workloads/conv";
import type { ElementwiseCase } from "../workloads/elementwise";
import type { MatmulCase } from "../workloads/matmul";
import type { MidCase } from "../workloads/mid";
import type { MlpCase } from "../workloads/mlp";
import type { TinyCase } from "../workloads/tiny";
import type { Variants } from "../workloads/types";

/** Engine names as they appear in the results. */
export type EngineName = "backprop" | "plain" | "tfjs-cpu" | "tfjs-wasm" | "brain.js";

/** An engine's implementations, one entry per workload suite it supports. */
export interface EngineImpls {
	/** Square matmul. */
	matmul?: Variants<MatmulCase>;
	/** Elementwise add and sigmoid. */
	elementwise?: Variants<ElementwiseCase>;
	/** MLP training step. */
	mlp?: Variants<MlpCase>;
	/** The tutorial's tiny network. */
	tiny?: Variants<TinyCase>;
	/** The CNN training step. */
	conv?: Variants<ConvCase>;
	/** The mid-size [64, 32, 32, 10] training step. */
	mid?: Variants<MidCase>;
}

/** A loaded engine. */
export interface Engine {
	/** Runs once in the engine's process before any case (e.g. selects the tfjs backend). */
	init?(): Promise<void>;
	/** The workloads it implements. */
	impls: EngineImpls;
}

/** An engine in one dtype, loadable by id in a fresh process. */
export interface EngineSpec {
	/** Command-line id, e.g. `backprop-f64`, `tfjs-wasm`. */
	id: string;
	/** Name in the results. */
	name: EngineName;
	/** Element type it computes in. */
	dtype: DType;
	/** Imports the engine's module (only in the process that runs it). */
	load(): Promise<Engine>;
}

/**
 * Thrown while preparing a case that cannot run yet (a package not importable,
 * an export missing): the harness reports the case as skipped, with this message.
 */
export class SkipError extends Error {
	override name = "SkipError";
}
