/**
 * The benchmark harness keeps working: a tiny configuration runs every workload
 * on every engine (each in its own process, as `npm run bench` does), and the
 * JSON it writes has the documented shape. Speed is never asserted here.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareOutputs } from "../../benchmarks/agreement";
import { parseArgs } from "../../benchmarks/cli";
import { type BenchConfig, QUICK_CONFIG } from "../../benchmarks/config";
import { ENGINES } from "../../benchmarks/engines/index";
import { measure } from "../../benchmarks/harness";
import { runBenchmarks } from "../../benchmarks/orchestrate";
import { formatReport, writeReport } from "../../benchmarks/report";
import type { BenchReport } from "../../benchmarks/results";

const TINY_TIMING = { warmupRuns: 1, warmupMs: 0, runs: 5, minSampleMs: 0 };

// Sizes 1 and 17 also exercise matmul edges (a 1×1 product, k not a multiple of 4).
const TINY: BenchConfig = {
	...QUICK_CONFIG,
	matmulSizes: [1, 17],
	elementwiseSize: 1000,
	mlpSteps: 5,
	convBatch: 2,
	convSteps: 5,
	tinyEpochs: 3,
	matmulTiming: TINY_TIMING,
	elementwiseTiming: TINY_TIMING,
	mlpTiming: TINY_TIMING,
	convTiming: TINY_TIMING,
	tinyTiming: TINY_TIMING,
};

const ENGINE_NAMES = ["backprop", "plain", "tfjs-cpu", "tfjs-wasm", "brain.js"];

let dir: string;
let json: BenchReport;
let table: string;

beforeAll(async () => {
	const report = await runBenchmarks({ config: TINY, log: () => {} });
	dir = mkdtempSync(path.join(os.tmpdir(), "bench-test-"));
	const file = path.join(dir, "latest.json");
	writeReport(report, file);
	json = JSON.parse(readFileSync(file, "utf8")) as BenchReport;
	table = formatReport(report);
}, 110_000);

afterAll(() => {
	if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("benchmark JSON", () => {
	it("describes the machine and the date", () => {
		expect(json.machine).toMatchObject({
			cpu: expect.any(String),
			cores: expect.any(Number),
			node: expect.stringMatching(/^v\d+/),
			tfjs: expect.any(String),
			commit: expect.any(String),
		});
		expect(Number.isNaN(Date.parse(json.date))).toBe(false);
		expect(json.mode).toBe("quick");
	});

	it("has one well-formed result per measured engine × case", () => {
		expect(json.results.length).toBeGreaterThan(0);
		for (const r of json.results) {
			expect(typeof r.workload).toBe("string");
			expect(Number.isInteger(r.size)).toBe(true);
			expect(ENGINE_NAMES).toContain(r.engine);
			expect(["float32", "float64"]).toContain(r.dtype);
			expect(r.runs).toBeGreaterThanOrEqual(5);
			for (const t of [r.medianMs, r.minMs, r.maxMs]) expect(t).toBeGreaterThanOrEqual(0);
			expect(r.minMs).toBeLessThanOrEqual(r.medianMs);
			expect(r.medianMs).toBeLessThanOrEqual(r.maxMs);
			if (r.workload === "matmul") expect(r.gflops).toBeGreaterThan(0);
			if (["mlp-step", "conv-step", "mid-step", "tiny-network"].includes(r.workload))
				expect(r.samplesPerSec).toBeGreaterThan(0);
			if (r.peakRssMb !== undefined) expect(r.peakRssMb).toBeGreaterThan(0);
		}
	});

	it("accounts for every engine × case exactly once: measured, skipped, or failed", () => {
		const keys = [...json.results, ...json.skipped, ...json.failures].map(
			(r) => `${r.workload}/${r.size}/${r.engine}/${r.dtype}/${r.variant ?? ""}`,
		);
		expect(new Set(keys).size).toBe(keys.length);
		const cases = [
			...TINY.matmulSizes.map((n) => `matmul/${n}`),
			`elementwise-add/${TINY.elementwiseSize}`,
			`elementwise-sigmoid/${TINY.elementwiseSize}`,
			"mlp-step/64",
			`conv-step/${TINY.convBatch}`,
			"mid-step/16",
			`tiny-network/${TINY.tinyEpochs}`,
		];
		for (const c of cases) {
			for (const e of ENGINES) {
				const found = keys.filter((k) => k.startsWith(`${c}/${e.name}/${e.dtype}/`));
				expect(found.length, `${c} on ${e.id}`).toBeGreaterThan(0);
			}
		}
		for (const s of json.skipped) expect(s.reason.length).toBeGreaterThan(0);
	});

	it("reports no wrong answers: every engine agreed with the float64 reference", () => {
		expect(json.failures).toEqual([]);
	});

	it("gives ratios to tfjs-cpu and to the plain baseline", () => {
		for (const r of json.results.filter((x) => x.workload === "matmul")) {
			expect(r.speedupVsTfjsCpu).toBeGreaterThan(0);
			expect(r.speedupVsPlain).toBeGreaterThan(0);
		}
		const plain = json.results.find((r) => r.engine === "plain" && r.workload === "matmul");
		expect(plain?.speedupVsPlain).toBe(1);
	});

	it("checks the targets without asserting them", () => {
		for (const t of json.targets) expect(["met", "missed", "not measured", "no peer"]).toContain(t.status);
	});

	it("prints a table naming every engine", () => {
		for (const name of ENGINE_NAMES) expect(table).toContain(name);
		expect(table).toContain("vs tfjs-cpu");
	});
});

describe("harness pieces", () => {
	it("measure takes at least 5 samples after warm-up", async () => {
		let calls = 0;
		const t = await measure(
			() => {
				calls++;
			},
			{ warmupRuns: 2, warmupMs: 0, runs: 3, minSampleMs: 0 },
		);
		expect(t.runs).toBe(5);
		expect(calls).toBe(7);
		expect(t.minMs).toBeLessThanOrEqual(t.medianMs);
	});

	it("a wrong answer does not agree, however fast", () => {
		const tol = { atol: 0, rtol: 1e-6 };
		expect(compareOutputs({ y: [1, 2, 3] }, { y: [1, 2, 3] }, tol).ok).toBe(true);
		expect(compareOutputs({ y: [1, 2, 3.01] }, { y: [1, 2, 3] }, tol).ok).toBe(false);
		expect(compareOutputs({ y: [1, Number.NaN, 3] }, { y: [1, 2, 3] }, tol).ok).toBe(false);
		expect(compareOutputs({ y: [1, 2] }, { y: [1, 2, 3] }, tol).ok).toBe(false);
		expect(compareOutputs({}, { y: [1] }, tol).ok).toBe(false);
	});

	it("parses --quick, filters and rejects unknown flags", () => {
		expect(parseArgs(["--quick"]).config.mode).toBe("quick");
		expect(parseArgs([]).config.mode).toBe("full");
		expect(parseArgs(["--suite", "matmul", "--engine", "plain-f64"])).toMatchObject({
			suites: ["matmul"],
			engines: ["plain-f64"],
		});
		expect(parseArgs(["--rounds", "3"]).rounds).toBe(3);
		expect(() => parseArgs(["--rounds", "0"])).toThrow(/--rounds/);
		expect(() => parseArgs(["--fast"])).toThrow(/unknown option/);
		expect(() => parseArgs(["--engine", "numpy"])).toThrow(/unknown engine/);
	});
});
