/**
 * The wasm backend's kernels against TensorFlow.js's wasm backend (single thread
 * both), kernel calls without the tensor layer: matmul n = 128 ... 1024 in float32
 * and float64, add and sigmoid over 1e6 float32. Each timed call allocates its
 * result as the ops do. Figures are medians of the process's CPU time per call
 * (steadier than wall time on a shared machine), with the event loop turning
 * between samples so that collected storage returns to the arena.
 * Run: `npx tsx benchmarks/wasm-kernels.ts [mm|ew]`.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { getBackend, type Kernels, setBackend } from "@backprop/tensor";
import * as tf from "@tensorflow/tfjs-core";

setBackend("wasm");
const be = getBackend();
const k = be.kernels as Kernels;

async function median(f: () => void, minMs = 400): Promise<number> {
	for (let i = 0; i < 3; i++) f();
	const times: number[] = [];
	const t0 = performance.now();
	while (performance.now() - t0 < minMs || times.length < 7) {
		await new Promise((resolve) => setImmediate(resolve));
		let reps = 0;
		const c = process.cpuUsage();
		const s = performance.now();
		do {
			f();
			reps++;
		} while (performance.now() - s < 5);
		const d = process.cpuUsage(c);
		times.push((d.user + d.system) / 1000 / reps);
	}
	times.sort((a, b) => a - b);
	return times[times.length >> 1];
}

tf.env().set("PROD", true);
const tfWasm = await import("@tensorflow/tfjs-backend-wasm");
const entry = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm");
tfWasm.setWasmPaths(`${path.dirname(entry)}${path.sep}`);
tfWasm.setThreadsCount(1);
await tf.setBackend("wasm");
const only = process.argv[2];

if (!only || only === "mm") {
	for (const n of [128, 256, 512, 1024]) {
		const a = tf.randomNormal([n, n]);
		const b = tf.randomNormal([n, n]);
		const tt = await median(() => tf.matMul(a, b).dispose());
		const res: string[] = [];
		for (const dtype of ["float32", "float64"] as const) {
			const A = be.allocate(dtype, n * n);
			A.set(a.dataSync());
			const B = be.allocate(dtype, n * n);
			B.set(b.dataSync());
			const t = await median(() => {
				const o = be.allocate(dtype, n * n);
				const sa = { data: A, offset: 0, rowStride: n, colStride: 1 };
				k.matmul(sa, { data: B, offset: 0, rowStride: n, colStride: 1 }, o, n, n, n, 0);
			});
			res.push(`${dtype} ${((2 * n ** 3) / t / 1e6).toFixed(1)} GFLOP/s (${(tt / t).toFixed(2)}x)`);
		}
		console.log(`matmul n=${n}: tfjs-wasm ${((2 * n ** 3) / tt / 1e6).toFixed(1)} GFLOP/s | ${res.join(" | ")}`);
		a.dispose();
		b.dispose();
	}
}
if (!only || only === "ew") {
	const N = 1e6;
	const a = tf.randomNormal([N]);
	const b = tf.randomNormal([N]);
	const ta = await median(() => tf.add(a, b).dispose());
	const ts = await median(() => tf.sigmoid(a).dispose());
	const A = be.allocate("float32", N);
	A.set(a.dataSync());
	const B = be.allocate("float32", N);
	B.set(b.dataSync());
	const wa = await median(() => k.binary("add", A, B, be.allocate("float32", N)));
	const ws = await median(() => k.unary("sigmoid", A, be.allocate("float32", N)));
	const fmt = (x: number) => x.toFixed(3);
	console.log(`add 1e6: tfjs-wasm ${fmt(ta)} ms, wasm ${fmt(wa)} ms (${(ta / wa).toFixed(2)}x)`);
	console.log(`sigmoid 1e6: tfjs-wasm ${fmt(ts)} ms, wasm ${fmt(ws)} ms (${(ts / ws).toFixed(2)}x)`);
}
