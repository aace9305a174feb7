/**
 * The wasm backend's own kernels, run both in Node and in Chromium by core-in-browser.test.ts:
 * a float32 matmul and a float32 sigmoid big enough to go to WebAssembly, on the `wasm` backend
 * and on the `js` backend (whose float32 results differ: js sums products in float64 and uses
 * Math.exp, so equal bits across engines and unequal bits across backends show the wasm kernel ran).
 */
import { getBackend, setBackend, type Tensor, tensor, wasmMemoryStats, wasmReady } from "@backprop/tensor";

/** What the run gives: the backend's state and every float32 result as hex bytes. */
export interface WasmCoreResult {
	/** What `wasmReady()` resolved to. */
	ready: boolean;
	/** `getBackend().name` after `wasmReady()`, before this run switched anything. */
	backend: string;
	/** Bytes the arena could hand out (the memory reservation granted), or null if it never loaded. */
	arenaBytes: number | null;
	/** A 64x64 · 64x64 float32 product on the wasm backend, and on the js backend. */
	matmul: { wasm: string; js: string };
	/** sigmoid over 2048 float32 values spread over [-20, 20), on the wasm backend and on the js backend. */
	sigmoid: { wasm: string; js: string };
}

/** A deterministic n x m float32 matrix with entries in [-1, 1) (a linear congruential sequence). */
function matrix(n: number, m: number, seed: number): Tensor {
	let s = seed;
	const rows = Array.from({ length: n }, () =>
		Array.from({ length: m }, () => {
			s = (s * 1103515245 + 12345) % 2147483648;
			return (s / 2147483648) * 2 - 1;
		}),
	);
	return tensor(rows, { dtype: "float32" });
}

/** The float32 storage of `t` as hex bytes. */
function bits(t: Tensor): string {
	const data = t.dataSync();
	const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
	return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function products(): { matmul: string; sigmoid: string } {
	const a = matrix(64, 64, 1);
	const b = matrix(64, 64, 2);
	const x = tensor(
		Array.from({ length: 2048 }, (_, i) => (i - 1024) / 51.2 + 1 / 7),
		{ dtype: "float32" },
	);
	return { matmul: bits(a.matmul(b)), sigmoid: bits(x.sigmoid()) };
}

/**
 * Waits for the wasm module, then runs both workloads on the `wasm` backend and on the `js`
 * backend; leaves the backend that was active before.
 */
export async function runWasmCore(): Promise<WasmCoreResult> {
	const ready = await wasmReady();
	const before = getBackend().name;
	const arenaBytes = wasmMemoryStats()?.capacityBytes ?? null;
	try {
		setBackend("wasm");
		const wasm = products();
		setBackend("js");
		const js = products();
		return {
			ready,
			backend: before,
			arenaBytes,
			matmul: { wasm: wasm.matmul, js: js.matmul },
			sigmoid: { wasm: wasm.sigmoid, js: js.sigmoid },
		};
	} finally {
		setBackend(before);
	}
}
