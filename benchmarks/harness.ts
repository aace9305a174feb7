/**
 * Timing and memory: warm-up, then at least five timed samples reported as
 * median, min and max, and the peak resident set size of the process.
 */
import type { TimingOptions } from "./config";

/** One timed operation: synchronous, or a promise the harness awaits. */
export type Operation = () => void | Promise<void>;

/** What `measure` found, all times in milliseconds per call of the operation. */
export interface Timing {
	/** Median over the samples. */
	medianMs: number;
	/** Fastest sample. */
	minMs: number;
	/** Slowest sample. */
	maxMs: number;
	/** Number of samples. */
	runs: number;
	/** Calls per sample (short operations are repeated so a sample is long enough to time). */
	callsPerRun: number;
	/** Every sample, in order. */
	samplesMs: number[];
	/**
	 * Median CPU time of this process per call (user + system, all threads). On a
	 * shared machine it moves less than wall time when other processes compete;
	 * it also counts V8's background GC threads.
	 */
	cpuMedianMs: number;
}

/** The smallest number of samples a reported figure rests on. */
export const MIN_RUNS = 5;

/** The median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
	if (values.length === 0) throw new RangeError("median: no values");
	const sorted = [...values].sort((x, y) => x - y);
	const mid = sorted.length >> 1;
	return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timeCalls(op: Operation, calls: number): Promise<{ wallMs: number; cpuMs: number }> {
	// The event loop turns before each sample, untimed, as between a training loop's
	// epochs: FinalizationRegistry callbacks (which return the wasm backend's storage
	// to its arena) run only between tasks.
	await new Promise((resolve) => setImmediate(resolve));
	const cpu = process.cpuUsage();
	const start = performance.now();
	for (let i = 0; i < calls; i++) {
		const r = op();
		if (r instanceof Promise) await r;
	}
	const wallMs = performance.now() - start;
	const used = process.cpuUsage(cpu);
	return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * Times `op`: warm-up (at least `warmupRuns` calls and `warmupMs` of time), then
 * `max(runs, 5)` samples. A sample repeats `op` until it lasts `minSampleMs`
 * (the repeat count is fixed from the warm-up), and its time per call is kept.
 */
export async function measure(op: Operation, options: TimingOptions): Promise<Timing> {
	let warmCalls = 0;
	let warmMs = 0;
	let lastCallMs = 0;
	while (warmCalls < Math.max(1, options.warmupRuns) || warmMs < options.warmupMs) {
		lastCallMs = (await timeCalls(op, 1)).wallMs;
		warmMs += lastCallMs;
		warmCalls++;
	}
	const perCall = Math.max(lastCallMs, 1e-6);
	const callsPerRun = options.minSampleMs > 0 ? Math.max(1, Math.ceil(options.minSampleMs / perCall)) : 1;
	const runs = Math.max(MIN_RUNS, options.runs);
	const samplesMs: number[] = [];
	const cpuMs: number[] = [];
	for (let r = 0; r < runs; r++) {
		const t = await timeCalls(op, callsPerRun);
		samplesMs.push(t.wallMs / callsPerRun);
		cpuMs.push(t.cpuMs / callsPerRun);
	}
	return {
		medianMs: median(samplesMs),
		minMs: Math.min(...samplesMs),
		maxMs: Math.max(...samplesMs),
		runs,
		callsPerRun,
		samplesMs,
		cpuMedianMs: median(cpuMs),
	};
}

/**
 * The peak resident set size of this process so far, in MiB. Each engine ×
 * workload runs in its own process, so this is that pair's peak.
 */
export function peakRssMb(): number {
	// maxRSS is in kilobytes on Linux and macOS.
	return process.resourceUsage().maxRSS / 1024;
}
