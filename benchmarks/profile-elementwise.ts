/**
 * Where backprop-wasm's time goes on the bench's elementwise cases: `sigmoid` and
 * `add` over 1e6 float32 values, each call making a fresh result (as
 * `npm run bench -- --suite elementwise --engine backprop-wasm-f32` runs them:
 * samples of at least 50 ms of synchronous calls, the event loop turning between
 * samples). For comparison the same kernels run into one preallocated arena output.
 *
 *   npx tsx benchmarks/profile-elementwise.ts [--seconds S] [--keep DIR]
 *
 * Each case runs in a child process under `node --cpu-prof` (loaded the way the bench
 * loads the packages: tsx, their TypeScript sources). The child reports CPU time,
 * minor page faults (process.resourceUsage) and garbage-collection time
 * (PerformanceObserver) per call and the arena's figures; this process reads the
 * child's .cpuprofile and prints self time per function, grouped, as Markdown.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { summariseProfile, wasmFunctionNames } from "./profile-summary";

const SELF = fileURLToPath(import.meta.url);
const ROOT = join(SELF, "..", "..");
const N = 1_000_000;
type Op = "sigmoid" | "add" | "allocate";
/** `fresh`: a new result per call, as the bench; `into`: the kernel into one arena output. */
type Mode = "fresh" | "into";
/** Groups under this share of a case's time are summed into one row. */
const MIN_SHARE = 0.005;

/** What a child measured. */
interface ChildReport {
	op: Op;
	mode: Mode;
	calls: number;
	cpuMsPerCall: number;
	minorFaultsPerCall: number;
	gcMsPerCall: number;
	/** CPU ms of `new ArrayBuffer(4 MiB)` (what the arena's collector hint costs; allocate case only). */
	shadowMs?: number;
	arena: { carvedMiB: number; liveMiB: number; fallbacks: number } | null;
}

function option(args: readonly string[], name: string): string | undefined {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : undefined;
}

/** One sample of the timed loop: `n` synchronous calls (the profile summary's marker function). */
function timedSample(call: () => unknown, n: number): void {
	for (let i = 0; i < n; i++) call();
}

/** The child: the bench's loop for one op and mode, then its figures as JSON on stdout. */
async function child(op: Op, mode: Mode, seconds: number): Promise<void> {
	const { PerformanceObserver } = await import("node:perf_hooks");
	const t = await import("@backprop/tensor");
	t.setBackend("wasm");
	const backend = t.getBackend();
	// The bench's operands: normal values with standard deviation 4 (here from a fixed LCG).
	let s = 12345;
	const normal = () => {
		s = (s * 1103515245 + 12345) % 2147483648;
		const u = (s + 1) / 2147483649;
		s = (s * 1103515245 + 12345) % 2147483648;
		return 4 * Math.sqrt(-2 * Math.log(u)) * Math.cos((2 * Math.PI * s) / 2147483648);
	};
	const av = Float32Array.from({ length: N }, normal);
	const bv = Float32Array.from({ length: N }, normal);
	const a = t.tensor(av, { shape: [N], dtype: "float32" });
	const b = t.tensor(bv, { shape: [N], dtype: "float32" });
	const kernels = backend.kernels as import("@backprop/tensor").Kernels;
	const ad = backend.allocate("float32", N);
	const bd = backend.allocate("float32", N);
	ad.set(av);
	bd.set(bv);
	const out = backend.allocate("float32", N);
	const callsBy: Record<Mode, Record<Op, () => unknown>> = {
		fresh: { add: () => t.add(a, b), sigmoid: () => t.sigmoid(a), allocate: () => backend.allocate("float32", N) },
		into: {
			add: () => kernels.binary("add", ad, bd, out),
			sigmoid: () => kernels.unary("sigmoid", ad, out),
			allocate: () => out,
		},
	};
	const call = callsBy[mode][op];

	let gcMs = 0;
	const observer = new PerformanceObserver((list) => {
		for (const e of list.getEntries()) gcMs += e.duration;
	});
	const turn = () => new Promise((resolve) => setImmediate(resolve));
	// Warm-up as the bench's elementwise timing: 3 calls and 300 ms; a sample lasts 50 ms.
	let warm = 0;
	let lastMs = 0;
	for (let i = 0; i < 3 || warm < 300; i++) {
		await turn();
		const t0 = performance.now();
		call();
		lastMs = performance.now() - t0;
		warm += lastMs;
	}
	const perSample = Math.max(1, Math.ceil(50 / Math.max(lastMs, 1e-3)));
	observer.observe({ entryTypes: ["gc"] });
	const usage0 = process.resourceUsage();
	const cpu0 = process.cpuUsage();
	const end = performance.now() + seconds * 1000;
	let calls = 0;
	while (performance.now() < end) {
		await turn();
		timedSample(call, perSample);
		calls += perSample;
	}
	const cpu = process.cpuUsage(cpu0);
	const usage = process.resourceUsage();
	await turn();
	observer.disconnect();
	let shadowMs: number | undefined;
	if (op === "allocate") {
		const c0 = process.cpuUsage();
		const keep: ArrayBuffer[] = [];
		for (let i = 0; i < 200; i++) keep[i % 4] = new ArrayBuffer(4 * 1024 * 1024);
		const c = process.cpuUsage(c0);
		shadowMs = (c.user + c.system) / 1000 / 200;
	}
	const stats = t.wasmMemoryStats();
	const mib = (x: number) => Math.round((x / 1024 / 1024) * 10) / 10;
	const report: ChildReport = {
		op,
		mode,
		calls,
		cpuMsPerCall: (cpu.user + cpu.system) / 1000 / calls,
		minorFaultsPerCall: (usage.minorPageFault - usage0.minorPageFault) / calls,
		gcMsPerCall: gcMs / calls,
		shadowMs,
		arena: stats && { carvedMiB: mib(stats.carvedBytes), liveMiB: mib(stats.liveBytes), fallbacks: stats.fallbacks },
	};
	console.log(JSON.stringify(report));
}

/** The kernels' export names by function index, from the committed module (read as data). */
function kernelNames(): Map<number, string> {
	const file = join(ROOT, "packages/tensor/src/backends/wasm/module.generated.ts");
	const base64 = /"([A-Za-z0-9+/=]{100,})"/.exec(readFileSync(file, "utf8"))?.[1];
	if (base64 === undefined) throw new Error(`no base64 module in ${file}`);
	return wasmFunctionNames(new Uint8Array(Buffer.from(base64, "base64")));
}

function runCase(op: Op, mode: Mode, seconds: number, dir: string) {
	const profDir = join(dir, `${op}-${mode}`);
	const r = spawnSync(
		process.execPath,
		[
			"--cpu-prof",
			`--cpu-prof-dir=${profDir}`,
			"--cpu-prof-interval=200",
			"--import",
			"tsx",
			"--conditions=@backprop/source",
			SELF,
			"--child",
			op,
			mode,
			String(seconds),
		],
		{ cwd: ROOT, encoding: "utf8" },
	);
	if (r.status !== 0) throw new Error(`profile child ${op} ${mode} failed (${r.status}): ${r.stderr}`);
	const report = JSON.parse(r.stdout.trim().split("\n").at(-1) as string) as ChildReport;
	const file = readdirSync(profDir).find((f) => f.endsWith(".cpuprofile"));
	if (file === undefined) throw new Error(`no .cpuprofile in ${profDir}`);
	const summary = summariseProfile(JSON.parse(readFileSync(join(profDir, file), "utf8")), "timedSample", kernelNames());
	return { report, summary };
}

function caseName(r: ChildReport): string {
	if (r.op === "allocate") return "allocate 1e6 float32 (no kernel)";
	return `${r.op} ${r.mode === "fresh" ? "(fresh result, as the bench)" : "(kernel into one arena output)"}`;
}

function pct(x: number): string {
	return `${(x * 100).toFixed(1)}%`;
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	if (args[0] === "--child") {
		await child(args[1] as Op, args[2] as Mode, Number(args[3]));
		return;
	}
	const seconds = Number(option(args, "--seconds") ?? 4);
	const keep = option(args, "--keep");
	const dir = keep ?? mkdtempSync(join(tmpdir(), "profile-elementwise-"));
	const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim();
	console.log(
		`backprop-wasm elementwise over 1e6 float32, commit ${commit}, ${seconds} s per case, Node ${process.version}`,
	);
	console.log("");
	const cases: [Op, Mode][] = [
		["sigmoid", "fresh"],
		["add", "fresh"],
		["allocate", "fresh"],
		["sigmoid", "into"],
		["add", "into"],
	];
	const results = cases.map(([op, mode]) => runCase(op, mode, seconds, dir));
	console.log("| case | calls | CPU ms/call | minor faults/call | GC ms/call | arena carved / live MiB, fallbacks |");
	console.log("| --- | --- | --- | --- | --- | --- |");
	for (const { report: r } of results) {
		const arena = r.arena ? `${r.arena.carvedMiB} / ${r.arena.liveMiB}, ${r.arena.fallbacks}` : "-";
		console.log(
			`| ${caseName(r)} | ${r.calls} | ${r.cpuMsPerCall.toFixed(3)} | ${r.minorFaultsPerCall.toFixed(0)} | ${r.gcMsPerCall.toFixed(3)} | ${arena} |`,
		);
	}
	for (const { report: r, summary } of results) {
		console.log("");
		console.log(`${caseName(r)}: self time by group (${summary.totalMs.toFixed(0)} ms sampled in the timed loop)`);
		console.log("");
		console.log("| group | share | functions (share) |");
		console.log("| --- | --- | --- |");
		const small = summary.groups.filter((g) => g.share < MIN_SHARE);
		for (const g of summary.groups.filter((x) => x.share >= MIN_SHARE)) {
			const fns = g.functions
				.slice(0, 3)
				.map((f) => `${f.name} (${pct(f.share)})`)
				.join(", ");
			console.log(`| ${g.group} | ${pct(g.share)} | ${fns} |`);
		}
		const rest = small.reduce((sum, g) => sum + g.share, 0);
		if (small.length > 0) console.log(`| ${small.length} groups under ${pct(MIN_SHARE)} each | ${pct(rest)} | |`);
	}
	const shadow = results.find((x) => x.report.shadowMs !== undefined)?.report.shadowMs;
	if (shadow !== undefined) console.log(`\nnew ArrayBuffer(4 MiB) alone: ${shadow.toFixed(3)} CPU ms`);
	if (keep === undefined) rmSync(dir, { recursive: true, force: true });
	else console.log(`\nprofiles kept in ${dir}`);
}

await main();
