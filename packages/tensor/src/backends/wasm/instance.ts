/**
 * Loading the kernels' WebAssembly module: base64 from module.generated.ts,
 * instantiated over a memory the arena reserved. Node compiles synchronously;
 * browsers refuse synchronous compilation of modules over 4 KB on the main
 * thread, so they go through `instantiateKernelsAsync`.
 */
import { KERNELS_WASM_BASE64 } from "./module.generated";
import { type WasmGlobal, type WasmMemory, webAssembly } from "./webassembly";

/** param, grad, m, v, out, n, beta1, 1 - beta1, beta2, 1 - beta2, step size, bias correction, eps, weight decay. */
export type AdamArgs = [
	number,
	number,
	number,
	number,
	number,
	number,
	number,
	number,
	number,
	number,
	number,
	number,
	number,
	number,
];

/** A WindowGeometry's 14 fields in its order (batch ... padLeft). */
export type WindowArgs = [
	number,
	number,
	number,
	number,
	number,
	number,
	number,
	number,
	number,
	number,
	number,
	number,
	number,
	number,
];
/** A pooling window's geometry: WindowArgs without the two dilations (always 1). */
export type PoolArgs = [number, number, number, number, number, number, number, number, number, number, number, number];

/** The module's exports, as the kernel wrappers call them (pointers are byte offsets into the memory). */
export interface KernelExports {
	heapBase(): number;
	matmulScratchF32(): number;
	matmulScratchF64(): number;
	matmulF32(
		a: number,
		ars: number,
		acs: number,
		b: number,
		brs: number,
		bcs: number,
		out: number,
		m: number,
		k: number,
		n: number,
		scratch: number,
	): void;
	matmulF64(
		a: number,
		ars: number,
		acs: number,
		b: number,
		brs: number,
		bcs: number,
		out: number,
		m: number,
		k: number,
		n: number,
		scratch: number,
	): void;
	binaryF32(op: number, a: number, b: number, out: number, n: number): void;
	binaryF64(op: number, a: number, b: number, out: number, n: number): void;
	scalarF32(op: number, a: number, s: number, out: number, n: number): void;
	scalarF64(op: number, a: number, s: number, out: number, n: number): void;
	rowF32(op: number, a: number, b: number, out: number, rows: number, m: number): void;
	rowF64(op: number, a: number, b: number, out: number, rows: number, m: number): void;
	unaryF32(op: number, x: number, out: number, n: number): void;
	unaryF64(op: number, x: number, out: number, n: number): void;
	axpyF32(a: number, alpha: number, b: number, out: number, n: number): void;
	axpyF64(a: number, alpha: number, b: number, out: number, n: number): void;
	adamF32(...args: AdamArgs): void;
	adamF64(...args: AdamArgs): void;
	im2col(width: number, x: number, out: number, ...geometry: WindowArgs): void;
	col2imF32(cols: number, out: number, ...geometry: WindowArgs): void;
	col2imF64(cols: number, out: number, ...geometry: WindowArgs): void;
	maxPoolF32(x: number, g: number, out: number, ...geometry: PoolArgs): void;
	maxPoolF64(x: number, g: number, out: number, ...geometry: PoolArgs): void;
	maxPoolGradF32(x: number, g: number, out: number, ...geometry: PoolArgs): void;
	maxPoolGradF64(x: number, g: number, out: number, ...geometry: PoolArgs): void;
	avgPoolF32(x: number, g: number, out: number, ...geometry: PoolArgs): void;
	avgPoolF64(x: number, g: number, out: number, ...geometry: PoolArgs): void;
	avgPoolGradF32(x: number, g: number, out: number, ...geometry: PoolArgs): void;
	avgPoolGradF64(x: number, g: number, out: number, ...geometry: PoolArgs): void;
	/** Op codes (`OP_ADD`, `GRAD_RELU`, ...) as immutable globals. */
	readonly [code: `OP_${string}` | `GRAD_${string}`]: WasmGlobal;
}

let bytes: Uint8Array | null = null;

/** The module's bytes (decoded once). */
export function kernelBytes(): Uint8Array {
	if (bytes === null) {
		const text = atob(KERNELS_WASM_BASE64);
		bytes = new Uint8Array(text.length);
		for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
	}
	return bytes;
}

/** Whether this engine runs the module (WebAssembly with 128-bit SIMD). Never throws. */
export function wasmSimdSupported(): boolean {
	try {
		return webAssembly()?.validate(kernelBytes()) === true;
	} catch {
		return false;
	}
}

/** Whether synchronous compilation is allowed here (Node, Deno, Bun, workers; not a browser's main thread). */
export function canCompileSynchronously(): boolean {
	const g = globalThis as { process?: { versions?: { node?: string } }; window?: unknown; document?: unknown };
	return g.process?.versions?.node !== undefined || (g.window === undefined && g.document === undefined);
}

/** Instantiates the module over `memory` synchronously. Throws what WebAssembly throws. */
export function instantiateKernels(memory: WasmMemory): KernelExports {
	const wasm = api();
	const instance = new wasm.Instance(new wasm.Module(kernelBytes()), { env: { memory } });
	return instance.exports as unknown as KernelExports;
}

/** Instantiates the module over `memory` without blocking. Rejects with what WebAssembly throws. */
export async function instantiateKernelsAsync(memory: WasmMemory): Promise<KernelExports> {
	const wasm = api();
	const module = await wasm.compile(kernelBytes());
	const instance = await wasm.instantiate(module, { env: { memory } });
	return instance.exports as unknown as KernelExports;
}

function api(): NonNullable<ReturnType<typeof webAssembly>> {
	const wasm = webAssembly();
	if (wasm === undefined) throw new TypeError("wasm backend: this engine has no WebAssembly");
	return wasm;
}
