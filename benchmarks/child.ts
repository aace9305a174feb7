/**
 * Entry point of an engine's process: `node --import tsx benchmarks/child.ts <job.json>`.
 * Reads the job, runs it against the reference files, writes the outcome JSON.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type ChildJob, runJob } from "./job";
import { readReference } from "./references";

const file = process.argv[2];
if (!file) {
	process.stderr.write("usage: child.ts <job.json>\n");
	process.exit(2);
}
const job = JSON.parse(readFileSync(file, "utf8")) as ChildJob;
const outcome = await runJob(
	job,
	(suite, spec) => readReference(path.join(job.referenceDir, suite), spec),
	(line) => process.stderr.write(`${line}\n`),
);
writeFileSync(job.outFile, JSON.stringify(outcome));
