/**
 * TensorFlow.js 4.22: tfjs-core with its CPU or its WASM backend (float32 only).
 * Only the selected backend is imported, and tfjs-layers only by the training
 * workloads (tfjs-training.ts), to keep each process's start short. tfjs ops run
 * eagerly and synchronously on both backends, so a timed op is the op plus
 * `dispose()`, without a read-back.
 */
import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { f32, tfjsConvVariants, tfjsMlp, tfjsTinyFit, tfjsTinyMinimize } from "./tfjs-training";
import type { Engine } from "./types";

/** The tfjs backends benchmarked. */
export type TfjsBackend = "cpu" | "wasm";

async function selectBackend(backend: TfjsBackend): Promise<void> {
	// PROD silences tfjs's "install tfjs-node" banner and skips debug-only checks.
	tf.env().set("PROD", true);
	if (backend === "cpu") await import("@tensorflow/tfjs-backend-cpu");
	else {
		const wasm = await import("@tensorflow/tfjs-backend-wasm");
		// In Node the backend loads its bundled .wasm (SIMD when available) from its dist folder.
		const entry = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm");
		wasm.setWasmPaths(`${path.dirname(entry)}${path.sep}`);
	}
	if (!(await tf.setBackend(backend)) || tf.getBackend() !== backend) {
		throw new Error(`tfjs: could not initialize the ${backend} backend`);
	}
}

/** A TensorFlow.js engine on `backend`. */
export function tfjsEngine(backend: TfjsBackend): Engine {
	return {
		init: () => selectBackend(backend),
		impls: {
			matmul: {
				default(data) {
					const a = tf.tensor2d(f32(data.a), [data.n, data.n]);
					const b = tf.tensor2d(f32(data.b), [data.n, data.n]);
					return {
						check() {
							const c = tf.matMul(a, b);
							const product = c.dataSync().slice();
							c.dispose();
							return { product };
						},
						run: () => tf.matMul(a, b).dispose(),
						dispose: () => tf.dispose([a, b]),
					};
				},
			},
			elementwise: {
				default(data) {
					const a = tf.tensor1d(f32(data.a));
					const b = tf.tensor1d(f32(data.b));
					const op = data.op === "add" ? () => tf.add(a, b) : () => tf.sigmoid(a);
					return {
						check() {
							const c = op();
							const result = c.dataSync().slice();
							c.dispose();
							return { result };
						},
						run: () => op().dispose(),
						dispose: () => tf.dispose([a, b]),
					};
				},
			},
			mlp: { minimize: tfjsMlp },
			tiny: { minimize: tfjsTinyMinimize, fit: tfjsTinyFit },
			conv: tfjsConvVariants,
		},
	};
}
