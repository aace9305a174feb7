// Standalone kernel benchmark: wasm backend kernels vs tfjs-wasm (single thread).
import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import type { Kernels } from "../packages/tensor/src/backends/backend";
import { createWasmBackend } from "../packages/tensor/src/backends/wasm/backend";

const js = new Proxy(
	{},
	{
		get: (_t, name) => () => {
			throw new Error("js fallback " + String(name));
		},
	},
) as unknown as Kernels;
const be = createWasmBackend(js);
const k = be.kernels as Required<Kernels>;
function median(f: () => void, minMs = 300): number {
	for (let i = 0; i < 3; i++) f();
	const times: number[] = [];
	const t0 = performance.now();
	while (performance.now() - t0 < minMs || times.length < 5) {
		const s = performance.now();
		f();
		times.push(performance.now() - s);
	}
	times.sort((a, b) => a - b);
	return times[times.length >> 1] as number;
}
tf.env().set("PROD", true);
const wasm = await import("@tensorflow/tfjs-backend-wasm");
const entry = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm");
wasm.setWasmPaths(`${path.dirname(entry)}${path.sep}`);
wasm.setThreadsCount?.(1);
await tf.setBackend("wasm");
const only = process.argv[2];
for (const n of [128, 256, 512, 1024]) {
	if (only && only !== "mm") break;
	const a = tf.randomNormal([n, n]);
	const b = tf.randomNormal([n, n]);
	const tt = median(() => tf.matMul(a, b).dispose());
	const res: string[] = [];
	for (const dtype of ["float32", "float64"] as const) {
		const A = be.allocate(dtype, n * n);
		A.set(a.dataSync());
		const B = be.allocate(dtype, n * n);
		B.set(b.dataSync());
		const t = median(() => {
			const o = be.allocate(dtype, n * n);
			k.matmul(
				{ data: A, offset: 0, rowStride: n, colStride: 1 },
				{ data: B, offset: 0, rowStride: n, colStride: 1 },
				o,
				n,
				n,
				n,
				0,
			);
		});
		res.push(`${dtype} ${((2 * n ** 3) / t / 1e6).toFixed(1)} GF/s (${(tt / t).toFixed(2)}x)`);
	}
	console.log(`matmul n=${n}: tfjs-wasm ${((2 * n ** 3) / tt / 1e6).toFixed(1)} GF/s | ${res.join(" | ")}`);
	a.dispose();
	b.dispose();
}
if (!only || only === "ew") {
	const N = 1e6;
	const a = tf.randomNormal([N]);
	const b = tf.randomNormal([N]);
	const ta = median(() => tf.add(a, b).dispose());
	const ts = median(() => tf.sigmoid(a).dispose());
	const A = be.allocate("float32", N);
	A.set(a.dataSync());
	const B = be.allocate("float32", N);
	B.set(b.dataSync());
	const wa = median(() => {
		const o = be.allocate("float32", N);
		k.binary("add", A, B, o);
	});
	const ws = median(() => {
		const o = be.allocate("float32", N);
		k.unary("sigmoid", A, o);
	});
	console.log(
		`add 1e6: tfjs ${ta.toFixed(3)} ms, wasm ${wa.toFixed(3)} ms (${(ta / wa).toFixed(2)}x); sigmoid: tfjs ${ts.toFixed(3)} ms, wasm ${ws.toFixed(3)} ms (${(ts / ws).toFixed(2)}x)`,
	);
}
