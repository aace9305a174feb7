import { getBackend, type Kernels, type StridedMatrix, setBackend, type TypedArray } from "@backprop/tensor";
import { afterAll, describe, expect, it } from "vitest";

// Calls below the wasm backend's thresholds (256 elements elementwise, 16³ multiply-adds
// or fewer than 4 rows or columns for matmul) run the js kernels; calls at the thresholds
// run WebAssembly. float32 sigmoid (polynomial exp vs Math.exp) and float32 matmul (float32
// vs float64 accumulation) give different bits on the two, which tells which one ran.

setBackend("js");
const jsK = getBackend().kernels as Kernels;
setBackend("wasm");
const wasm = getBackend();
const wasmK = wasm.kernels as Kernels;
afterAll(() => setBackend(process.env.BACKPROP_BACKEND ?? "wasm"));

/** Deterministic float32 values in [-8, 8) (a linear congruential sequence), in arena storage when long enough. */
function values(n: number, seed: number): Float32Array {
	const out = wasm.allocate("float32", n) as Float32Array;
	let s = seed;
	for (let i = 0; i < n; i++) {
		s = (s * 1103515245 + 12345) % 2147483648;
		out[i] = (s / 2147483648) * 16 - 8;
	}
	return out;
}

function bits(x: TypedArray): number[] {
	return Array.from(new Uint32Array(x.buffer, x.byteOffset, x.length));
}

function sigmoid(kernels: Kernels, x: Float32Array): number[] {
	const out = wasm.allocate("float32", x.length);
	kernels.unary("sigmoid", x, out);
	return bits(out);
}

function product(kernels: Kernels, m: number, k: number, n: number): number[] {
	const a: StridedMatrix = { data: values(m * k, 1), offset: 0, rowStride: k, colStride: 1 };
	const b: StridedMatrix = { data: values(k * n, 2), offset: 0, rowStride: n, colStride: 1 };
	const out = wasm.allocate("float32", m * n);
	kernels.matmul(a, b, out, m, k, n, 0);
	return bits(out);
}

describe("the wasm backend sends small calls to the js kernels", () => {
	it("runs float32 sigmoid below 256 elements in js, from 256 in WebAssembly", () => {
		const small = values(255, 3);
		expect(sigmoid(wasmK, small)).toEqual(sigmoid(jsK, small));
		const big = values(256, 3);
		// The first 255 inputs are the small case's: the wasm polynomial differs from Math.exp on some
		// of them, so the small case's equality above would fail had WebAssembly run it.
		expect(sigmoid(wasmK, big).slice(0, 255)).not.toEqual(sigmoid(jsK, small));
	});

	it("runs float32 matmul below 16³ multiply-adds or under 4 rows/columns in js, else in WebAssembly", () => {
		expect(product(wasmK, 15, 16, 16)).toEqual(product(jsK, 15, 16, 16));
		expect(product(wasmK, 3, 64, 64)).toEqual(product(jsK, 3, 64, 64));
		expect(product(wasmK, 64, 64, 3)).toEqual(product(jsK, 64, 64, 3));
		expect(product(wasmK, 16, 16, 16)).not.toEqual(product(jsK, 16, 16, 16));
	});

	it("hands out ordinary typed arrays below 256 elements", () => {
		const small = wasm.allocate("float64", 255);
		const big = wasm.allocate("float64", 256);
		expect(small.buffer.byteLength).toBe(255 * 8);
		expect(big.buffer).not.toBe(small.buffer);
		expect(big.buffer.byteLength).toBeGreaterThanOrEqual(64 * 1024 * 1024);
	});
});
