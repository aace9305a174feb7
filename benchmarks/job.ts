/**
 * One job: one engine (in one dtype) running every case of one workload suite.
 * For each case and variant: prepare, check the answer against the reference,
 * and only then time it. Runs in the engine's own process (see child.ts), or
 * in-process with `--inline`.
 */
import type { DType } from "@backprop/tensor";
import { compareOutputs, type Outputs } from "./agreement";
import type { BenchConfig } from "./config";
import { engineById } from "./engines/index";
import { type Engine, type EngineSpec, SkipError } from "./engines/types";
import { measure, peakRssMb } from "./harness";
import type { BenchResult, CaseKey, JobOutcome } from "./results";
import { SUITES } from "./workloads/index";
import type { CaseSpec, Suite, SuiteName, Variants } from "./workloads/types";

/** What to run: one engine on one or more workload suites. */
export interface Job {
	/** The workload suites, in order. */
	suites: SuiteName[];
	/** The engine id, e.g. `backprop-f64`. */
	engineId: string;
	/** The run's configuration. */
	config: BenchConfig;
}

/** The job file the parent writes for an engine's process (child.ts). */
export interface ChildJob extends Job {
	/** Directory of the reference files (a subdirectory per suite). */
	referenceDir: string;
	/** Where to write the JobOutcome JSON. */
	outFile: string;
}

/** Supplies the float64 reference of a case. */
export type ReferenceSource = (suite: SuiteName, spec: CaseSpec) => Outputs;

/** Where progress lines go. */
export type Log = (line: string) => void;

function message(error: unknown): string {
	if (error instanceof Error) return error.message.split("\n")[0] ?? error.name;
	return String(error);
}

function emptyOutcome(): JobOutcome {
	return { results: [], skipped: [], failures: [] };
}

async function runSuite<D>(
	suite: Suite<D>,
	variants: Variants<D> | undefined,
	engineName: string,
	dtype: DType,
	config: BenchConfig,
	reference: ReferenceSource,
	log: Log,
): Promise<JobOutcome> {
	const outcome = emptyOutcome();
	for (const spec of suite.cases(config)) {
		const base: CaseKey = { workload: spec.workload, size: spec.size, engine: engineName, dtype };
		if (!variants) {
			outcome.skipped.push({ ...base, reason: `${engineName} does not implement ${suite.name}` });
			continue;
		}
		const data = suite.makeData(spec, config);
		const want = reference(suite.name, spec);
		for (const [variant, prepare] of Object.entries(variants)) {
			const key: CaseKey = variant === "default" ? base : { ...base, variant };
			const label = `${spec.workload} ${spec.size} ${engineName} ${dtype}${variant === "default" ? "" : ` ${variant}`}`;
			try {
				const runner = await prepare(data, dtype);
				try {
					const agreement = compareOutputs(await runner.check(), want, suite.tolerance(dtype));
					if (!agreement.ok) {
						outcome.failures.push({ ...key, reason: `disagrees with the float64 reference: ${agreement.detail}` });
						log(`  FAIL ${label}: ${agreement.detail}`);
						continue;
					}
					const timing = await measure(runner.run, suite.timing(config));
					const result: BenchResult = {
						...key,
						medianMs: timing.medianMs,
						minMs: timing.minMs,
						maxMs: timing.maxMs,
						runs: timing.runs,
						callsPerRun: timing.callsPerRun,
						cpuMedianMs: timing.cpuMedianMs,
						...suite.metrics(spec, timing.medianMs),
						peakRssMb: Math.round(peakRssMb() * 10) / 10,
						maxAbsError: agreement.maxAbsError,
					};
					outcome.results.push(result);
					log(`  ${label}: median ${timing.medianMs.toPrecision(4)} ms (${timing.runs} runs)`);
				} finally {
					runner.dispose?.();
				}
			} catch (error) {
				if (error instanceof SkipError) {
					outcome.skipped.push({ ...key, reason: error.message });
					log(`  skip ${label}: ${error.message}`);
				} else {
					outcome.failures.push({ ...key, reason: `threw: ${message(error)}` });
					log(`  FAIL ${label}: threw ${message(error)}`);
				}
			}
		}
	}
	return outcome;
}

function loadFailure(job: Job, spec: EngineSpec, error: unknown): JobOutcome {
	const outcome = emptyOutcome();
	for (const suite of job.suites) {
		for (const c of SUITES[suite].cases(job.config)) {
			outcome.failures.push({
				workload: c.workload,
				size: c.size,
				engine: spec.name,
				dtype: spec.dtype,
				reason: `engine failed to load: ${message(error)}`,
			});
		}
	}
	return outcome;
}

/** Runs `job` in this process and returns what it measured, skipped and failed. */
export async function runJob(job: Job, reference: ReferenceSource, log: Log): Promise<JobOutcome> {
	const spec = engineById(job.engineId);
	let engine: Engine;
	try {
		engine = await spec.load();
		await engine.init?.();
	} catch (error) {
		return loadFailure(job, spec, error);
	}
	const { impls } = engine;
	const args = [spec.name, spec.dtype, job.config, reference, log] as const;
	const all = emptyOutcome();
	for (const suite of job.suites) {
		let outcome: JobOutcome;
		switch (suite) {
			case "matmul":
				outcome = await runSuite(SUITES.matmul, impls.matmul, ...args);
				break;
			case "elementwise":
				outcome = await runSuite(SUITES.elementwise, impls.elementwise, ...args);
				break;
			case "mlp":
				outcome = await runSuite(SUITES.mlp, impls.mlp, ...args);
				break;
			case "conv":
				outcome = await runSuite(SUITES.conv, impls.conv, ...args);
				break;
			case "tiny":
				outcome = await runSuite(SUITES.tiny, impls.tiny, ...args);
				break;
			case "mid":
				outcome = await runSuite(SUITES.mid, impls.mid, ...args);
				break;
		}
		all.results.push(...outcome.results);
		all.skipped.push(...outcome.skipped);
		all.failures.push(...outcome.failures);
	}
	return all;
}
