/**
 * backprop itself: matmul and elementwise through @backprop/tensor's public
 * functions, the training workloads through @backprop/nn (see backprop-nn.ts).
 * Each timed op creates its result tensor, as a user's code would. `backprop` runs
 * the js backend, `backprop-wasm` the wasm backend (docs/wasm-backend.md).
 */
import { add, matmul, setBackend, sigmoid, tensor } from "@backprop/tensor";
import { asDtype } from "../data";
import { backpropConv } from "./backprop-conv";
import {
	backpropMidCompiled,
	backpropMidLoop,
	backpropMlp,
	backpropMlpCompiled,
	backpropTinyCompiled,
	backpropTinyFit,
	backpropTinyLoop,
} from "./backprop-nn";
import type { Engine } from "./types";

/** The backprop engine on tensor backend `backend` (float32 or float64 by the case's dtype). */
export function backpropEngine(backend: "js" | "wasm"): Engine {
	return {
		init: async () => {
			setBackend(backend);
		},
		impls: {
			matmul: {
				default(data, dtype) {
					const a = tensor(asDtype(data.a, dtype), { shape: [data.n, data.n], dtype });
					const b = tensor(asDtype(data.b, dtype), { shape: [data.n, data.n], dtype });
					return {
						check: () => ({ product: matmul(a, b).dataSync() }),
						run: () => {
							matmul(a, b);
						},
					};
				},
			},
			elementwise: {
				default(data, dtype) {
					const a = tensor(asDtype(data.a, dtype), { shape: [data.a.length], dtype });
					const b = tensor(asDtype(data.b, dtype), { shape: [data.b.length], dtype });
					const op = data.op === "add" ? () => add(a, b) : () => sigmoid(a);
					return {
						check: () => ({ result: op().dataSync() }),
						run: () => {
							op();
						},
					};
				},
			},
			// The compiled step runs on both backends (float64 only: a float32 case reports it eager).
			mlp: { default: backpropMlp, compiled: backpropMlpCompiled },
			tiny: { fit: backpropTinyFit, loop: backpropTinyLoop, compiled: backpropTinyCompiled },
			conv: { default: backpropConv },
			mid: { loop: backpropMidLoop, compiled: backpropMidCompiled },
		},
	};
}
