import { add, getBackend, mul, setBackend, type Tensor, tensor, wasmMemoryStats } from "@backprop/tensor";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Storage of collected tensors returns to the wasm arena inside a synchronous loop
// (packages/tensor/src/backends/wasm/reclaimer.ts), not only between tasks.

const N = 1_000_000; // 4 MB of float32

/** Lets the event loop turn (finalization callbacks run, the reclaimer refills its pools). */
const nextTask = () => new Promise((resolve) => setImmediate(resolve));

beforeAll(() => setBackend("wasm"));
afterAll(() => setBackend(process.env.BACKPROP_BACKEND ?? "wasm"));

describe("wasm arena reuse within a synchronous loop", () => {
	it("reuses the blocks of 2000 discarded 4 MB results without yielding", async () => {
		expect(getBackend().name).toBe("wasm");
		const a = tensor(new Float32Array(N).fill(1.5), { dtype: "float32" });
		const b = tensor(new Float32Array(N).fill(2.25), { dtype: "float32" });
		await nextTask();
		await nextTask();
		const before = wasmMemoryStats();
		let last: Tensor = a;
		for (let i = 0; i < 2000; i++) last = add(a, b);
		const after = wasmMemoryStats();
		expect(before).not.toBeNull();
		expect(after).not.toBeNull();
		if (before === null || after === null) return;
		// 8 GB of results pass through a 384 MiB storage share: without reuse inside the
		// loop, all but the first ~95 are ordinary arrays (fallbacks: 1875 measured) and
		// nothing is reclaimed. With it, blocks come back after each major collection;
		// how many depends on how soon collections finish, which the heap's size and the
		// machine's load decide: 1470-1940 in a plain node process, 87-747 in a vitest
		// worker (a bigger heap to mark).
		expect(after.reclaimed - before.reclaimed).toBeGreaterThan(20);
		expect(after.carvedBytes - before.carvedBytes).toBeLessThanOrEqual(after.capacityBytes);
		// 1.5 + 2.25 = 3.75 exactly in float32.
		expect(last.get(0)).toBe(3.75);
		expect(last.get(N - 1)).toBe(3.75);
	});

	it("never hands out the block of a tensor that is still reachable", async () => {
		// Random tensors (both dtypes, sizes across several block classes) are kept alive
		// while a synchronous loop makes and drops 4 MB results, enough volume for major
		// collections to run and blocks to be reclaimed mid-loop. Every kept tensor must
		// still hold its values afterwards: element i of a tensor made with `seed` is
		// seed + i (exact in both dtypes for these magnitudes), and each kept product
		// 2·(seed + i) likewise.
		const big = tensor(new Float32Array(N).fill(0.5), { dtype: "float32" });
		await nextTask();
		await nextTask();
		const reclaimedBefore = wasmMemoryStats()?.reclaimed ?? 0;
		await fc.assert(
			fc.asyncProperty(
				fc.array(
					fc.record({
						size: fc.integer({ min: 256, max: 300_000 }),
						dtype: fc.constantFrom("float32" as const, "float64" as const),
						seed: fc.integer({ min: 0, max: 1000 }),
						at: fc.integer({ min: 0, max: 299 }),
					}),
					{ minLength: 1, maxLength: 12 },
				),
				async (specs) => {
					await nextTask();
					const kept: { t: Tensor; seed: number; scale: number }[] = [];
					for (let step = 0; step < 300; step++) {
						for (const s of specs) {
							if (s.at !== step) continue;
							const values = Array.from({ length: s.size }, (_, i) => s.seed + i);
							const t = tensor(values, { dtype: s.dtype });
							kept.push({ t, seed: s.seed, scale: 1 }, { t: mul(t, 2), seed: s.seed, scale: 2 });
						}
						add(big, big); // 4 MB of garbage per step
					}
					for (const { t, seed, scale } of kept) {
						const values = t.toArray() as number[];
						for (let i = 0; i < values.length; i++) {
							if (values[i] !== scale * (seed + i)) expect([i, values[i]]).toEqual([i, scale * (seed + i)]);
						}
					}
				},
			),
			{ numRuns: 6, seed: 14 },
		);
		// The loops did reclaim blocks while the kept tensors were alive.
		expect((wasmMemoryStats()?.reclaimed ?? 0) - reclaimedBefore).toBeGreaterThan(20);
	});

	it("keeps a plain allocate zeroed even when the block is a reclaimed one", async () => {
		const a = tensor(new Float32Array(N).fill(7), { dtype: "float32" });
		await nextTask();
		await nextTask();
		const before = wasmMemoryStats()?.reclaimed ?? 0;
		let nonZero = 0;
		for (let i = 0; i < 600; i++) {
			add(a, a); // garbage holding 14s
			const fresh = getBackend().allocate("float32", N);
			if (fresh[0] !== 0 || fresh[N - 1] !== 0 || fresh[N >> 1] !== 0) nonZero++;
		}
		expect((wasmMemoryStats()?.reclaimed ?? 0) - before).toBeGreaterThan(10);
		expect(nonZero).toBe(0);
	});
});
