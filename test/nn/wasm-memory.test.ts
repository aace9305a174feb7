import { Dense, Sequential, fit as trainModel } from "@backprop/nn";
import { getBackend, Rng, randn, wasmMemoryStats } from "@backprop/tensor";
import { describe, expect, it } from "vitest";

const MiB = 1024 * 1024;

describe("wasm backend memory", () => {
	// 100 000 SGD steps of a 16-32-4 network on a 64-row batch (every activation,
	// weight and gradient big enough to live in the wasm arena). Nobody disposes
	// anything: blocks return when their typed arrays are collected. Were they never
	// returned, the steps would need some 25 KB each, 2.5 GB in all: the 512 MiB arena
	// would fill within 20 000 steps and later storage fall back to ordinary arrays.
	it("stays flat over 100 000 training steps", async () => {
		expect(getBackend().name).toBe("wasm");
		const rng = new Rng(1);
		const x = randn([64, 16], { rng, dtype: "float32" });
		const y = randn([64, 4], { rng, dtype: "float32" });
		const model = new Sequential([
			new Dense(16, 32, { activation: "relu", dtype: "float32", rng }),
			new Dense(32, 4, { dtype: "float32", rng }),
		]);
		const train = (epochs: number) =>
			trainModel(model, x, y, { epochs, batchSize: 64, lr: 0.01, loss: "mse", shuffle: false });
		await train(10_000);
		const carvedBefore = wasmMemoryStats()?.carvedBytes ?? Number.NaN;
		const heapBefore = process.memoryUsage().heapUsed;
		const history = await train(90_000);
		const after = wasmMemoryStats();
		const heapAfter = process.memoryUsage().heapUsed;
		expect(history.epochs).toBe(90_000);
		expect(history.loss.at(-1)).toBeLessThan(history.loss[0]);
		expect(after).not.toBeNull();
		if (after === null) return;
		// The arena never fills (no storage fell back to ordinary arrays), its high-water
		// mark stays a fraction of it while 2 GB of storage pass through, and the JS heap
		// does not grow with the steps.
		expect(after.fallbacks).toBe(0);
		expect(after.carvedBytes - carvedBefore).toBeLessThan(128 * MiB);
		expect(after.carvedBytes).toBeLessThan(Math.min(192 * MiB, after.capacityBytes / 2));
		expect(heapAfter - heapBefore).toBeLessThan(64 * MiB);
	});
});
