/** The records a run produces: measured results, skipped cases, failures, and the whole report. */
import type { DType } from "@backprop/tensor";
import type { BenchConfig } from "./config";
import type { MachineInfo } from "./machine";
import type { TargetCheck } from "./targets";

/** Identifies a case on an engine. */
export interface CaseKey {
	/** Workload name, e.g. `matmul`, `elementwise-add`, `mlp-step`, `tiny-network`. */
	workload: string;
	/** n for matmul, elements for elementwise, batch size for the MLP, epochs for the tiny network. */
	size: number;
	/** `backprop`, `plain`, `tfjs-cpu` or `tfjs-wasm`. */
	engine: string;
	/** The element type the engine computed in. */
	dtype: DType;
	/** How the engine ran the workload when it has several ways (tiny network: `fit`, `minimize`, `loop`). */
	variant?: string;
}

/** A measured case whose answer agreed with the reference. Times are per timed unit (op, step, or training). */
export interface BenchResult extends CaseKey {
	/** Median time per unit over the samples. */
	medianMs: number;
	/** Fastest sample. */
	minMs: number;
	/** Slowest sample. */
	maxMs: number;
	/** Number of timed samples (at least 5). */
	runs: number;
	/** Rounds this case was measured in (`--rounds`); the figures are from its best round. */
	rounds?: number;
	/** Units per sample (short ops are repeated within a sample). */
	callsPerRun: number;
	/** Median CPU time of the engine's process per unit (steadier than wall time on a busy machine). */
	cpuMedianMs: number;
	/** Matmul throughput at the median. */
	gflops?: number;
	/** Training throughput at the median. */
	samplesPerSec?: number;
	/** Peak resident memory of the process running this engine × workload, MiB. */
	peakRssMb?: number;
	/** Largest |engine - reference| in the agreement check. */
	maxAbsError: number;
	/** tfjs-cpu's median divided by this median (above 1: faster than tfjs-cpu). */
	speedupVsTfjsCpu?: number;
	/** The plain baseline's median (same dtype) divided by this median (below 1: slower than plain). */
	speedupVsPlain?: number;
	/** brain.js's median (float32, its only type) divided by this median (above 1: faster than brain.js). */
	speedupVsBrainJs?: number;
}

/** A case not run, and why (e.g. its package is not importable yet). */
export interface SkippedCase extends CaseKey {
	/** Why it was skipped. */
	reason: string;
}

/** A case that ran but gave a wrong answer or crashed; its time is not reported. */
export interface FailedCase extends CaseKey {
	/** What went wrong. */
	reason: string;
}

/** What one engine × suite produced. */
export interface JobOutcome {
	/** Measured cases. */
	results: BenchResult[];
	/** Cases not run. */
	skipped: SkippedCase[];
	/** Cases that failed. */
	failures: FailedCase[];
}

/** The JSON document written to benchmarks/results/latest.json. */
export interface BenchReport {
	/** Where it ran. */
	machine: MachineInfo;
	/** When it started, ISO 8601. */
	date: string;
	/** `full` or `quick`. */
	mode: BenchConfig["mode"];
	/** Wall time of the whole run, seconds. */
	durationSec: number;
	/** Rounds of the whole job list; each result is its case's best round. */
	rounds: number;
	/** The configuration used. */
	config: BenchConfig;
	/** Measured cases. */
	results: BenchResult[];
	/** Cases not run. */
	skipped: SkippedCase[];
	/** Cases that failed. */
	failures: FailedCase[];
	/** The performance targets of issue 7, checked against the results. */
	targets: TargetCheck[];
}

/** A short label, e.g. `backprop f64 (fit)`. */
export function engineLabel(key: CaseKey): string {
	const dt = key.dtype === "float64" ? "f64" : "f32";
	return `${key.engine} ${dt}${key.variant ? ` (${key.variant})` : ""}`;
}
