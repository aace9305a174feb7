/**
 * A whole benchmark run: float64 references first, then every engine × suite (or,
 * with `isolation: "engine"`, every engine) in its own Node process, one at a
 * time (the machine has few cores; parallel jobs would time each other). Fresh
 * processes keep engines from sharing JIT feedback (float32 and float64 code
 * paths stay monomorphic), heap, or tfjs state, and give peak memory per job.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Outputs } from "./agreement";
import type { BenchConfig } from "./config";
import { ENGINES, engineById } from "./engines/index";
import { type ChildJob, type Log, runJob } from "./job";
import { currentLoad, machineInfo } from "./machine";
import { writeReference } from "./references";
import { addRatios } from "./report";
import type { BenchReport, BenchResult, CaseKey, JobOutcome } from "./results";
import { checkTargets } from "./targets";
import { SUITE_NAMES, SUITES } from "./workloads/index";
import type { CaseSpec, Suite, SuiteName } from "./workloads/types";

/** What {@link runBenchmarks} runs. */
export interface RunOptions {
	/** Sizes and timings. */
	config: BenchConfig;
	/** Suites to run (default: all). */
	suites?: readonly SuiteName[];
	/** Engine ids to run (default: all). */
	engines?: readonly string[];
	/** Run every job in this process instead of one process each (for profiling). */
	inline?: boolean;
	/**
	 * Rounds of the whole job list (default 1). Each case then reports its best
	 * round (lowest median), so a disturbance from other processes during one
	 * round does not decide the figure; a wrong answer in any round is a failure.
	 */
	rounds?: number;
	/** Progress lines (default: stderr). */
	log?: Log;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");

function caseKeyOf(spec: CaseSpec): string {
	return `${spec.workload}-${spec.size}`;
}

/** The float64 reference of every case of `suites`, keyed by suite then case. */
function computeReferences(suites: readonly SuiteName[], config: BenchConfig, log: Log) {
	const refs = new Map<string, Outputs>();
	for (const suite of suites) {
		log(`${suite}: computing float64 references`);
		// Each suite's data type only travels from its makeData to its reference.
		const s: Suite<unknown> = SUITES[suite];
		for (const spec of s.cases(config)) refs.set(`${suite}/${caseKeyOf(spec)}`, s.reference(s.makeData(spec, config)));
	}
	return (suite: SuiteName, spec: CaseSpec) => refs.get(`${suite}/${caseKeyOf(spec)}`) as Outputs;
}

function keyOf(c: CaseKey): string {
	return `${c.workload}/${c.size}/${c.engine}/${c.dtype}/${c.variant ?? ""}`;
}

/**
 * One entry per case over all rounds: a case that failed in any round is a
 * failure; otherwise its result is the round with the lowest median, with
 * `rounds` counting the rounds measured. Skips are listed once, and only for
 * cases never run.
 */
function mergeRounds(all: JobOutcome): JobOutcome {
	const failures = new Map<string, JobOutcome["failures"][number]>();
	for (const f of all.failures) if (!failures.has(keyOf(f))) failures.set(keyOf(f), f);
	const best = new Map<string, BenchResult>();
	const count = new Map<string, number>();
	for (const r of all.results) {
		const key = keyOf(r);
		if (failures.has(key)) continue;
		count.set(key, (count.get(key) ?? 0) + 1);
		const current = best.get(key);
		if (!current || r.medianMs < current.medianMs) best.set(key, r);
	}
	// A case skipped in one round but run in another (a package that became importable) counts as run.
	const skipped = new Map<string, JobOutcome["skipped"][number]>();
	for (const s of all.skipped) {
		const key = keyOf(s);
		if (!skipped.has(key) && !best.has(key) && !failures.has(key)) skipped.set(key, s);
	}
	return {
		results: [...best.entries()].map(([key, r]) => ({ ...r, rounds: count.get(key) ?? 1 })),
		skipped: [...skipped.values()],
		failures: [...failures.values()],
	};
}

/** Results in table order: suite, case, engine, variant as listed. */
function sortResults(results: BenchResult[], suites: readonly SuiteName[], config: BenchConfig): BenchResult[] {
	const caseOrder = new Map<string, number>();
	for (const suite of suites)
		for (const c of SUITES[suite].cases(config)) caseOrder.set(`${c.workload}/${c.size}`, caseOrder.size);
	const engineOrder = (r: BenchResult) => ENGINES.findIndex((e) => e.name === r.engine && e.dtype === r.dtype);
	const indexed = results.map((r, i) => ({ r, i }));
	indexed.sort(
		(a, b) =>
			(caseOrder.get(`${a.r.workload}/${a.r.size}`) ?? 0) - (caseOrder.get(`${b.r.workload}/${b.r.size}`) ?? 0) ||
			engineOrder(a.r) - engineOrder(b.r) ||
			a.i - b.i,
	);
	return indexed.map((x) => x.r);
}

function runChild(job: ChildJob, jobFile: string, log: Log): Promise<JobOutcome> {
	writeFileSync(jobFile, JSON.stringify(job));
	return new Promise((resolve) => {
		const child = spawn(
			process.execPath,
			["--conditions=@backprop/source", "--import", "tsx", path.join(HERE, "child.ts"), jobFile],
			{
				cwd: ROOT,
				stdio: ["ignore", "pipe", "pipe"],
				timeout: job.config.jobTimeoutMs,
				killSignal: "SIGKILL",
			},
		);
		let stderrTail = "";
		child.stdout.on("data", (d: Buffer) => {
			for (const line of d.toString().split("\n")) if (line.trim()) log(`  [${job.engineId}] ${line}`);
		});
		child.stderr.on("data", (d: Buffer) => {
			const text = d.toString();
			stderrTail = (stderrTail + text).slice(-2000);
			for (const line of text.split("\n")) if (line.trim()) log(line);
		});
		child.on("close", (code, signal) => {
			try {
				if (code !== 0) throw new Error(`exited with ${signal ?? code}`);
				resolve(JSON.parse(readFileSync(job.outFile, "utf8")) as JobOutcome);
			} catch (error) {
				const spec = engineById(job.engineId);
				const why = error instanceof Error ? error.message : String(error);
				const last = stderrTail.trim().split("\n").slice(-1)[0] ?? "";
				resolve({
					results: [],
					skipped: [],
					failures: job.suites
						.flatMap((suite) => SUITES[suite].cases(job.config))
						.map((c) => ({
							workload: c.workload,
							size: c.size,
							engine: spec.name,
							dtype: spec.dtype,
							reason: `engine process ${why}${last ? `: ${last}` : ""}`,
						})),
				});
			}
		});
	});
}

/** Runs the benchmarks and returns the report (ratios and target checks included). */
export async function runBenchmarks(options: RunOptions): Promise<BenchReport> {
	const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
	const { config } = options;
	const suites = options.suites ?? SUITE_NAMES;
	const engines = (options.engines ?? ENGINES.map((e) => e.id)).map(engineById);
	const started = performance.now();
	const date = new Date().toISOString();
	const machine = machineInfo();
	const dir = mkdtempSync(path.join(os.tmpdir(), "backprop-bench-"));
	const all: JobOutcome = { results: [], skipped: [], failures: [] };
	try {
		const reference = computeReferences(suites, config, log);
		for (const suite of suites) {
			for (const spec of SUITES[suite].cases(config))
				writeReference(path.join(dir, suite), spec, reference(suite, spec));
		}
		const jobs =
			config.isolation === "engine"
				? engines.map((engine) => ({ engine, suites: [...suites] }))
				: suites.flatMap((suite) => engines.map((engine) => ({ engine, suites: [suite] })));
		const rounds = Math.max(1, Math.floor(options.rounds ?? 1));
		const schedule = Array.from({ length: rounds }, (_, round) => jobs.map((job) => ({ ...job, round }))).flat();
		for (const [i, { engine, suites: jobSuites, round }] of schedule.entries()) {
			log(`${jobSuites.join(", ")}: ${engine.id}${rounds > 1 ? ` (round ${round + 1}/${rounds})` : ""}`);
			const job: ChildJob = {
				suites: jobSuites,
				engineId: engine.id,
				config,
				referenceDir: dir,
				outFile: path.join(dir, `job-${i}.out.json`),
			};
			const outcome = options.inline
				? await runJob(job, reference, log)
				: await runChild(job, path.join(dir, `job-${i}.json`), log);
			all.results.push(...outcome.results);
			all.skipped.push(...outcome.skipped);
			all.failures.push(...outcome.failures);
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	const merged = mergeRounds(all);
	const results = addRatios(sortResults(merged.results, suites, config));
	const attempted: CaseKey[] = [...results, ...merged.skipped, ...merged.failures];
	return {
		machine: { ...machine, loadAverageEnd: currentLoad() },
		date,
		mode: config.mode,
		durationSec: (performance.now() - started) / 1000,
		rounds: Math.max(1, Math.floor(options.rounds ?? 1)),
		config,
		results,
		skipped: merged.skipped,
		failures: merged.failures,
		targets: checkTargets(results, attempted),
	};
}
