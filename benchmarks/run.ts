/**
 * `npm run bench [-- --quick]`: runs every workload on every engine, prints the
 * table on stdout, writes the JSON (benchmarks/results/latest.json by default).
 * Exits non-zero when an engine gave a wrong answer or crashed.
 */
import path from "node:path";
import { parseArgs, USAGE } from "./cli";
import { runBenchmarks } from "./orchestrate";
import { formatReport, writeReport } from "./report";

let options: ReturnType<typeof parseArgs>;
try {
	options = parseArgs(process.argv.slice(2));
} catch (error) {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(2);
}
if (options.help) {
	process.stdout.write(`${USAGE}\n`);
	process.exit(0);
}
const report = await runBenchmarks({
	config: options.config,
	suites: options.suites,
	engines: options.engines,
	inline: options.inline,
	rounds: options.rounds,
});
process.stdout.write(formatReport(report));
const out = path.resolve(options.out);
writeReport(report, out);
process.stdout.write(`JSON: ${path.relative(process.cwd(), out)}\n`);
if (report.failures.length > 0) process.exitCode = 1;
