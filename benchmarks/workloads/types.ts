/**
 * The shape every workload shares: deterministic cases, a float64 reference,
 * a tolerance, timing options and derived metrics. Engines implement a workload
 * as one or more named variants, each preparing a {@link Runner} for a case.
 */
import type { DType } from "@backprop/tensor";
import type { Outputs, Tolerance } from "../agreement";
import type { BenchConfig, TimingOptions } from "../config";
import type { Operation } from "../harness";

/** The workload suites; each runs in its own process per engine. */
export type SuiteName = "matmul" | "elementwise" | "mlp" | "conv" | "tiny" | "mid";

/** One measured case: the row's `workload` name and its `size`. */
export interface CaseSpec {
	/** Name in the results, e.g. `matmul`, `elementwise-add`. */
	workload: string;
	/** The case's size: n for matmul, elements, batch size, or epochs. */
	size: number;
}

/** An engine's prepared case: first `check()` from the initial state, then `run()` is timed. */
export interface Runner {
	/** Computes the case once from its initial state and returns what the reference is compared with. */
	check(): Outputs | Promise<Outputs>;
	/** The timed unit: one matmul, one op, one training step, or one whole training. */
	run: Operation;
	/** Frees what `prepare` allocated (tfjs tensors, models). */
	dispose?(): void;
}

/** Prepares a case's data in the engine's own format (not timed). */
export type Prepare<D> = (data: D, dtype: DType) => Runner | Promise<Runner>;

/** An engine's implementations of one workload, by variant name (`default` when there is one way). */
export type Variants<D> = Readonly<Record<string, Prepare<D>>>;

/** Throughput figures derived from a median time. */
export interface CaseMetrics {
	/** Billions of floating-point operations per second (matmul: 2n³ per product). */
	gflops?: number;
	/** Training samples processed per second. */
	samplesPerSec?: number;
}

/** A workload suite over case data `D`. */
export interface Suite<D> {
	/** Suite name. */
	name: SuiteName;
	/** The cases `config` runs. */
	cases(config: BenchConfig): CaseSpec[];
	/** The case's inputs and initial weights, the same numbers for every engine. */
	makeData(spec: CaseSpec, config: BenchConfig): D;
	/** The float64 answer every engine's `check()` must agree with. */
	reference(data: D): Outputs;
	/** How close an engine of `dtype` must come to the reference. */
	tolerance(dtype: DType): Tolerance;
	/** How a case is timed. */
	timing(config: BenchConfig): TimingOptions;
	/** Throughput at a median time per run. */
	metrics(spec: CaseSpec, medianMs: number): CaseMetrics;
}
