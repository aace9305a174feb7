/**
 * matmul float32: our wasm backend (through the public `matmul`, as the bench
 * suite) against tfjs-wasm, single thread, samples interleaved in one process;
 * CPU-time medians per call. Run: `npx tsx --conditions=@backprop/source benchmarks/mm-interleaved.ts [rounds]`.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { getBackend, type Kernels, matmul, setBackend, tensor } from "@backprop/tensor";
import * as tf from "@tensorflow/tfjs-core";

setBackend("wasm");
tf.env().set("PROD", true);
const tfWasm = await import("@tensorflow/tfjs-backend-wasm");
const entry = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm");
tfWasm.setWasmPaths(`${path.dirname(entry)}${path.sep}`);
tfWasm.setThreadsCount(1);
await tf.setBackend("wasm");

/** CPU ms per call over one ~10 ms sample. */
function sample(f: () => void): number {
	let reps = 0;
	const c = process.cpuUsage();
	const s = performance.now();
	do {
		f();
		reps++;
	} while (performance.now() - s < 10);
	const d = process.cpuUsage(c);
	return (d.user + d.system) / 1000 / reps;
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const rounds = Number(process.argv[2] ?? 15);
for (const n of [128, 256, 512, 1024]) {
	const a = tf.randomNormal([n, n]);
	const b = tf.randomNormal([n, n]);
	const A = tensor(a.dataSync() as Float32Array, { shape: [n, n], dtype: "float32" });
	const B = tensor(b.dataSync() as Float32Array, { shape: [n, n], dtype: "float32" });
	const ours = () => {
		matmul(A, B);
	};
	const theirs = () => tf.matMul(a, b).dispose();
	const be = getBackend();
	const O = be.allocate("float32", n * n);
	const Ad = be.allocate("float32", n * n);
	Ad.set(a.dataSync());
	const Bd = be.allocate("float32", n * n);
	Bd.set(b.dataSync());
	const sa = { data: Ad, offset: 0, rowStride: n, colStride: 1 };
	const sb = { data: Bd, offset: 0, rowStride: n, colStride: 1 };
	const kernel = () => (be.kernels as Kernels).matmul(sa, sb, O, n, n, n, 0);
	for (let i = 0; i < 3; i++) {
		ours();
		theirs();
	}
	const to: number[] = [];
	const tt: number[] = [];
	const tk: number[] = [];
	for (let r = 0; r < rounds; r++) {
		await new Promise((resolve) => setImmediate(resolve));
		to.push(sample(ours));
		tt.push(sample(theirs));
		tk.push(sample(kernel));
	}
	const g = (ms: number) => ((2 * n ** 3) / ms / 1e6).toFixed(1);
	console.log(
		`n=${n}: tfjs-wasm ${g(med(tt))} GFLOP/s, ours ${g(med(to))} GFLOP/s, ratio ${(med(tt) / med(to)).toFixed(3)}; kernel alone ${g(med(tk))} (${(med(tt) / med(tk)).toFixed(3)})`,
	);
	a.dispose();
	b.dispose();
}
