/** Command-line options of `npm run bench`. */
import { type BenchConfig, FULL_CONFIG, QUICK_CONFIG } from "./config";
import { ENGINES, engineById } from "./engines/index";
import { SUITE_NAMES, suiteByName } from "./workloads/index";
import type { SuiteName } from "./workloads/types";

/** Parsed command line. */
export interface CliOptions {
	/** Full or quick configuration. */
	config: BenchConfig;
	/** Suites to run. */
	suites: SuiteName[];
	/** Engine ids to run. */
	engines: string[];
	/** Run in this process (for `node --cpu-prof`). */
	inline: boolean;
	/** Rounds of the whole job list; each case reports its best round. */
	rounds: number;
	/** Where the JSON goes. */
	out: string;
	/** Print usage and exit. */
	help: boolean;
}

/** The default JSON path, relative to the repository root. */
export const DEFAULT_OUT = "benchmarks/results/latest.json";

/** Usage text. */
export const USAGE = `usage: npm run bench -- [--quick] [--suite a,b] [--engine x,y] [--rounds N] [--inline] [--out file.json]
  --quick          short run (small sizes, few steps; under a minute)
  --suite LIST     workload suites: ${SUITE_NAMES.join(", ")}
  --engine LIST    engines: ${ENGINES.map((e) => e.id).join(", ")}
  --inline         run every engine in this process (for node --cpu-prof), not one process each
  --rounds N       run everything N times, interleaved; each case reports its best round (noisy machines)
  --out FILE       JSON output (default ${DEFAULT_OUT})`;

function list(value: string | undefined, flag: string): string[] {
	if (!value || value.startsWith("--")) throw new RangeError(`${flag} needs a comma-separated list`);
	return value
		.split(",")
		.map((s) => s.trim())
		.filter(Boolean);
}

/** Parses `argv` (without node and script). Throws a RangeError for an unknown flag or name. */
export function parseArgs(argv: readonly string[]): CliOptions {
	const opts: CliOptions = {
		config: FULL_CONFIG,
		suites: [...SUITE_NAMES],
		engines: ENGINES.map((e) => e.id),
		inline: false,
		rounds: 1,
		out: DEFAULT_OUT,
		help: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] as string;
		if (arg === "--quick") opts.config = QUICK_CONFIG;
		else if (arg === "--inline") opts.inline = true;
		else if (arg === "--help" || arg === "-h") opts.help = true;
		else if (arg === "--suite") opts.suites = list(argv[++i], arg).map(suiteByName);
		else if (arg === "--engine") opts.engines = list(argv[++i], arg).map((id) => engineById(id).id);
		else if (arg === "--rounds") {
			const rounds = Number(argv[++i]);
			if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError("--rounds needs a whole number of at least 1");
			opts.rounds = rounds;
		} else if (arg === "--out") {
			const out = argv[++i];
			if (!out) throw new RangeError("--out needs a file name");
			opts.out = out;
		} else throw new RangeError(`unknown option '${arg}'\n${USAGE}`);
	}
	return opts;
}
