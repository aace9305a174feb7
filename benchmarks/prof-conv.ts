/**
 * The bench's CNN step on one backend and dtype, 300 steps with the event loop
 * turning between them; prints the median CPU time per step. For profiles:
 * `node --cpu-prof --import tsx --conditions=@backprop/source benchmarks/prof-conv.ts [wasm|js] [float32|float64] [steps]`.
 */
import { setBackend } from "@backprop/tensor";
import { FULL_CONFIG } from "./config";
import { backpropConv } from "./engines/backprop-conv";
import { convSuite } from "./workloads/conv";

setBackend(process.argv[2] ?? "wasm");
const dtype = (process.argv[3] ?? "float32") as "float32" | "float64";
const data = convSuite.makeData({ workload: "conv-step", size: FULL_CONFIG.convBatch }, FULL_CONFIG);
const runner = await backpropConv(data, dtype);
for (let i = 0; i < 20; i++) runner.run();
const times: number[] = [];
for (let r = 0; r < Number(process.argv[4] ?? 300); r++) {
	await new Promise((resolve) => setImmediate(resolve));
	const c = process.cpuUsage();
	runner.run();
	const d = process.cpuUsage(c);
	times.push((d.user + d.system) / 1000);
}
times.sort((a, b) => a - b);
console.log("median cpu ms/step", times[times.length >> 1].toFixed(3));
