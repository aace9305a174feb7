/**
 * backprop itself: matmul and elementwise through @backprop/tensor's public
 * functions, the training workloads through @backprop/nn (see backprop-nn.ts).
 * Each timed op creates its result tensor, as a user's code would.
 */
import { add, matmul, sigmoid, Tensor } from "@backprop/tensor";
import { asDtype } from "../data";
import { backpropMlp, backpropTinyFit, backpropTinyLoop } from "./backprop-nn";
import type { Engine } from "./types";

/** The backprop engine (float32 or float64 by the case's dtype). */
export const backpropEngine: Engine = {
	impls: {
		matmul: {
			default(data, dtype) {
				const a = Tensor.fromTypedArray(asDtype(data.a, dtype), [data.n, data.n]);
				const b = Tensor.fromTypedArray(asDtype(data.b, dtype), [data.n, data.n]);
				return {
					check: () => ({ product: matmul(a, b).values() }),
					run: () => {
						matmul(a, b);
					},
				};
			},
		},
		elementwise: {
			default(data, dtype) {
				const a = Tensor.fromTypedArray(asDtype(data.a, dtype), [data.a.length]);
				const b = Tensor.fromTypedArray(asDtype(data.b, dtype), [data.b.length]);
				const op = data.op === "add" ? () => add(a, b) : () => sigmoid(a);
				return {
					check: () => ({ result: op().values() }),
					run: () => {
						op();
					},
				};
			},
		},
		mlp: { default: backpropMlp },
		tiny: { fit: backpropTinyFit, loop: backpropTinyLoop },
	},
};
