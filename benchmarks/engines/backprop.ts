/**
 * backprop itself: matmul and elementwise through @backprop/tensor's public
 * functions, the training workloads through @backprop/nn (see backprop-nn.ts).
 * Each timed op creates its result tensor, as a user's code would.
 */
import { add, matmul, sigmoid, tensor } from "@backprop/tensor";
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

/** The backprop engine (float32 or float64 by the case's dtype). */
export const backpropEngine: Engine = {
	impls: {
		matmul: {
			default(data, dtype) {
				const a = tensor(asDtype(data.a, dtype), { shape: [data.n, data.n] });
				const b = tensor(asDtype(data.b, dtype), { shape: [data.n, data.n] });
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
				const a = tensor(asDtype(data.a, dtype), { shape: [data.a.length] });
				const b = tensor(asDtype(data.b, dtype), { shape: [data.b.length] });
				const op = data.op === "add" ? () => add(a, b) : () => sigmoid(a);
				return {
					check: () => ({ result: op().dataSync() }),
					run: () => {
						op();
					},
				};
			},
		},
		mlp: { default: backpropMlp, compiled: backpropMlpCompiled },
		tiny: { fit: backpropTinyFit, loop: backpropTinyLoop, compiled: backpropTinyCompiled },
		conv: { default: backpropConv },
		mid: { loop: backpropMidLoop, compiled: backpropMidCompiled },
	},
};
