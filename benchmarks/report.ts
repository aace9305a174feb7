/**
 * Turning results into what people read: ratios to tfjs-cpu and to the plain
 * baseline, the stdout table, and the JSON file.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type BenchReport, type BenchResult, engineLabel } from "./results";

function sameCase(a: BenchResult, b: BenchResult): boolean {
	return a.workload === b.workload && a.size === b.size;
}

/**
 * Adds `speedupVsTfjsCpu` (tfjs-cpu's median / this median) and `speedupVsPlain`
 * (the plain baseline of the same dtype / this median). Where the peer has
 * several variants the first is the reference: tfjs's minimize loop for the
 * tiny network, the plain tiled kernel for matmul. `speedupVsBrainJs` likewise
 * where brain.js ran the case (the tiny network).
 */
export function addRatios(results: readonly BenchResult[]): BenchResult[] {
	return results.map((r) => {
		const tfjs = results.find((x) => x.engine === "tfjs-cpu" && sameCase(x, r));
		const plain = results.find((x) => x.engine === "plain" && x.dtype === r.dtype && sameCase(x, r));
		const brain = results.find((x) => x.engine === "brain.js" && sameCase(x, r));
		const tfjsWasm = results.find((x) => x.engine === "tfjs-wasm" && sameCase(x, r));
		const js =
			r.engine === "backprop-wasm"
				? results.find(
						(x) => x.engine === "backprop" && x.dtype === r.dtype && x.variant === r.variant && sameCase(x, r),
					)
				: undefined;
		const out: BenchResult = { ...r };
		if (tfjs) out.speedupVsTfjsCpu = tfjs.medianMs / r.medianMs;
		if (tfjsWasm) out.speedupVsTfjsWasm = tfjsWasm.medianMs / r.medianMs;
		if (js) out.speedupVsJs = js.medianMs / r.medianMs;
		if (plain) out.speedupVsPlain = plain.medianMs / r.medianMs;
		if (brain) out.speedupVsBrainJs = brain.medianMs / r.medianMs;
		return out;
	});
}

/** A number with about 3 significant digits, without exponent notation for common magnitudes. */
export function fmt(x: number | null | undefined): string {
	if (x === null || x === undefined || !Number.isFinite(x)) return "-";
	const a = Math.abs(x);
	if (a >= 1000) return x.toFixed(0);
	if (a >= 100) return x.toFixed(1);
	if (a >= 10) return x.toFixed(2);
	if (a >= 1) return x.toFixed(3);
	if (a >= 0.001) return x.toPrecision(3);
	return x.toExponential(2);
}

function ratio(x: number | undefined): string {
	return x === undefined ? "-" : `${fmt(x)}x`;
}

function table(header: string[], rows: string[][], rightAlign: boolean[]): string {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
	const line = (cells: string[]) =>
		cells
			.map((c, i) => (rightAlign[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
			.join("  ")
			.trimEnd();
	return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** The stdout table: one line per engine × case, then skipped cases, failures and targets. */
export function formatReport(report: BenchReport): string {
	const header = [
		"workload",
		"size",
		"engine",
		"median ms",
		"min ms",
		"max ms",
		"cpu ms",
		"GFLOP/s",
		"samples/s",
		"peak MiB",
		"vs tfjs-cpu",
		"vs tfjs-wasm",
		"vs js",
		"vs plain",
	];
	const align = [false, true, false, true, true, true, true, true, true, true, true, true, true, true];
	const rows = report.results.map((r) => [
		r.workload,
		String(r.size),
		engineLabel(r),
		fmt(r.medianMs),
		fmt(r.minMs),
		fmt(r.maxMs),
		fmt(r.cpuMedianMs),
		fmt(r.gflops),
		fmt(r.samplesPerSec),
		fmt(r.peakRssMb),
		ratio(r.speedupVsTfjsCpu),
		ratio(r.speedupVsTfjsWasm),
		ratio(r.speedupVsJs),
		ratio(r.speedupVsPlain),
	]);
	const m = report.machine;
	const parts = [
		`backprop benchmarks (${report.mode}${report.rounds > 1 ? `, best of ${report.rounds} rounds` : ""}) — ${report.date}`,
		`${m.cpu}, ${m.cores} cores, ${m.memoryGb} GiB, ${m.os}, Node ${m.node}, tfjs ${m.tfjs}, load ${m.loadAverage} -> ${m.loadAverageEnd ?? "?"}, commit ${m.commit}`,
		"Times are per op / training step / whole training: wall-clock median, min, max, and median CPU time of the engine's process.",
		"'vs' columns are speedups: the other engine's median / this median (higher is faster; below 1 is slower).",
		"",
		table(header, rows, align),
	];
	if (report.skipped.length > 0) {
		parts.push("", "Skipped (not measured):");
		for (const s of report.skipped) parts.push(`  ${s.workload} ${s.size} ${engineLabel(s)}: ${s.reason}`);
	}
	if (report.failures.length > 0) {
		parts.push("", "FAILED (wrong answer or crash; time not reported):");
		for (const f of report.failures) parts.push(`  ${f.workload} ${f.size} ${engineLabel(f)}: ${f.reason}`);
	}
	if (report.targets.length > 0) {
		parts.push("", "Targets (issues 7, 14 and 15):");
		for (const t of report.targets) {
			const who = `backprop ${t.dtype === "float64" ? "f64" : "f32"}${t.variant ? ` (${t.variant})` : ""}`;
			parts.push(
				`  ${t.status.padEnd(12)} ${t.target}: ${t.workload} ${t.size} ${who}: ${ratio(t.value ?? undefined)} (need ${fmt(t.required)}x)`,
			);
		}
	}
	parts.push(
		"",
		`${report.results.length} measured, ${report.skipped.length} skipped, ${report.failures.length} failed in ${fmt(report.durationSec)} s`,
	);
	return `${parts.join("\n")}\n`;
}

/** Writes the report as pretty JSON to `file`, creating its directory. */
export function writeReport(report: BenchReport, file: string): void {
	mkdirSync(path.dirname(file), { recursive: true });
	writeFileSync(file, `${JSON.stringify(report, null, "\t")}\n`);
}
