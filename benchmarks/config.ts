/**
 * What a benchmark run measures and how long it spends on it: the full run
 * (`npm run bench`) and the quick one (`npm run bench -- --quick`, under a minute,
 * exercised by test/bench). Both run every workload on every engine; quick only
 * uses smaller sizes, fewer steps, shorter samples, and one process per engine
 * rather than per engine × suite.
 */

/** How one case is timed; see `measure` in harness.ts. */
export interface TimingOptions {
	/** Calls made before timing starts (at least this many). */
	warmupRuns: number;
	/** Warm-up continues until this much time has passed too (so the JIT has settled). */
	warmupMs: number;
	/** Timed samples; the median, min and max are taken over them. At least 5. */
	runs: number;
	/** A sample repeats the operation until it lasts this long; the time per call is reported. */
	minSampleMs: number;
}

/** Everything a run needs to know, passed unchanged to every engine's process. */
export interface BenchConfig {
	/** `full` or `quick`. */
	mode: "full" | "quick";
	/** Seed of every random input and initial weight; all engines start from the same numbers. */
	seed: number;
	/** Square matmul sizes n (n×n times n×n). */
	matmulSizes: number[];
	/** Element count of the elementwise workloads. */
	elementwiseSize: number;
	/** Timed training steps of the MLP workload (each step is one sample). */
	mlpSteps: number;
	/** Images per batch of the CNN workload (the 32). */
	convBatch: number;
	/** Timed training steps of the CNN workload. */
	convSteps: number;
	/** Epochs of the tiny network's training (each timed run trains from scratch). */
	tinyEpochs: number;
	/** Timing of the matmul cases. */
	matmulTiming: TimingOptions;
	/** Timing of the elementwise cases. */
	elementwiseTiming: TimingOptions;
	/** Timing of the MLP case (`runs` is overridden by `mlpSteps`). */
	mlpTiming: TimingOptions;
	/** Timing of the CNN case (`runs` is overridden by `convSteps`). */
	convTiming: TimingOptions;
	/** Timing of the tiny network (a run is a whole training). */
	tinyTiming: TimingOptions;
	/**
	 * Process per `suite`: every engine × workload suite runs in a fresh process, so
	 * peak memory is that pair's alone. Process per `engine`: each engine runs all
	 * its suites in one process (fewer process starts; peak memory is cumulative).
	 */
	isolation: "suite" | "engine";
	/** A process running one job is killed after this long. */
	jobTimeoutMs: number;
}

/** `npm run bench`: the sizes the issue names, the timings the README reports. */
export const FULL_CONFIG: BenchConfig = {
	mode: "full",
	seed: 20_240_607,
	matmulSizes: [64, 128, 256, 512, 1024],
	elementwiseSize: 1_000_000,
	mlpSteps: 200,
	convBatch: 32,
	convSteps: 40,
	tinyEpochs: 1000,
	matmulTiming: { warmupRuns: 1, warmupMs: 300, runs: 5, minSampleMs: 100 },
	elementwiseTiming: { warmupRuns: 3, warmupMs: 300, runs: 15, minSampleMs: 50 },
	mlpTiming: { warmupRuns: 5, warmupMs: 200, runs: 200, minSampleMs: 0 },
	convTiming: { warmupRuns: 3, warmupMs: 300, runs: 40, minSampleMs: 0 },
	tinyTiming: { warmupRuns: 1, warmupMs: 200, runs: 5, minSampleMs: 0 },
	isolation: "suite",
	jobTimeoutMs: 20 * 60_000,
};

/** `npm run bench -- --quick`: the same workloads, small enough to finish in under a minute. */
export const QUICK_CONFIG: BenchConfig = {
	mode: "quick",
	seed: FULL_CONFIG.seed,
	matmulSizes: [64, 128],
	elementwiseSize: 100_000,
	mlpSteps: 5,
	convBatch: 32,
	convSteps: 5,
	tinyEpochs: 20,
	matmulTiming: { warmupRuns: 1, warmupMs: 20, runs: 5, minSampleMs: 5 },
	elementwiseTiming: { warmupRuns: 1, warmupMs: 20, runs: 5, minSampleMs: 0 },
	mlpTiming: { warmupRuns: 1, warmupMs: 0, runs: 5, minSampleMs: 0 },
	convTiming: { warmupRuns: 1, warmupMs: 0, runs: 5, minSampleMs: 0 },
	tinyTiming: { warmupRuns: 1, warmupMs: 0, runs: 5, minSampleMs: 0 },
	isolation: "engine",
	jobTimeoutMs: 2 * 60_000,
};
