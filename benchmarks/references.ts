/**
 * Reference answers, computed once in float64 by the parent process and handed
 * to each engine's process as binary files, so no engine's process runs
 * another engine's code (which would change what its JIT sees).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Outputs } from "./agreement";
import type { CaseSpec } from "./workloads/types";

function baseName(spec: CaseSpec): string {
	return `${spec.workload}-${spec.size}`;
}

/** Writes a case's reference outputs into `dir` (one float64 file per output, and a list of names). */
export function writeReference(dir: string, spec: CaseSpec, outputs: Outputs): void {
	mkdirSync(dir, { recursive: true });
	const names = Object.keys(outputs);
	for (const name of names) {
		const values = Float64Array.from(outputs[name] as ArrayLike<number>);
		writeFileSync(path.join(dir, `${baseName(spec)}.${name}.f64`), new Uint8Array(values.buffer));
	}
	writeFileSync(path.join(dir, `${baseName(spec)}.json`), JSON.stringify(names));
}

/** Reads what {@link writeReference} wrote for `spec`. */
export function readReference(dir: string, spec: CaseSpec): Outputs {
	const names = JSON.parse(readFileSync(path.join(dir, `${baseName(spec)}.json`), "utf8")) as string[];
	const outputs: Outputs = {};
	for (const name of names) {
		const bytes = readFileSync(path.join(dir, `${baseName(spec)}.${name}.f64`));
		// Copy into a fresh, aligned buffer.
		const values = new Float64Array(bytes.byteLength / 8);
		new Uint8Array(values.buffer).set(bytes);
		outputs[name] = values;
	}
	return outputs;
}
