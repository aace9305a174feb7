/**
 * The `wasm` backend: WebAssembly SIMD kernels over tensor storage that lives in
 * one reserved WebAssembly.Memory. The module loads on first use: synchronously
 * where that is allowed (Node), else through `wasmReady()`; until it has loaded,
 * every call runs the `js` kernels and storage is ordinary typed arrays.
 */
import { allocate, type DType, type TypedArray } from "../../dtype";
import type { Backend, Kernels } from "../backend";
import { Arena, type ArenaStats } from "./arena";
import {
	canCompileSynchronously,
	instantiateKernels,
	instantiateKernelsAsync,
	type KernelExports,
	wasmSimdSupported,
} from "./instance";
import { createKernels, MIN_ELEMENTWISE, type WasmState } from "./kernels";
import { smallCallsToJs } from "./small";

let state: WasmState | null = null;
let failure: unknown = null;
let pending: Promise<boolean> | null = null;

function install(arena: Arena, exports: KernelExports): WasmState {
	arena.reserveStatic(exports.heapBase());
	const scratch = Math.max(exports.matmulScratchF32(), exports.matmulScratchF64());
	const packing = arena.alloc(scratch, false);
	state = { arena, exports, packing };
	warmUp(state);
	return state;
}

/**
 * Runs each big kernel until V8 has tiered it up: the first calls of a module run
 * in its baseline compiler at a fifth of the speed.
 */
function warmUp(s: WasmState): void {
	const e = s.exports;
	const n = 64;
	const a = s.arena.alloc(n * n * 8);
	const b = s.arena.alloc(n * n * 8);
	const o = s.arena.alloc(n * n * 8);
	if (a < 0 || b < 0 || o < 0) return;
	const add = e.OP_ADD.value as number;
	const sigmoid = e.OP_SIGMOID.value as number;
	for (let i = 0; i < 20; i++) {
		e.matmulF32(a, n, 1, b, n, 1, o, n, n, n, s.packing);
		e.matmulF64(a, n, 1, b, n, 1, o, n, n, n, s.packing);
		e.binaryF32(add, a, b, o, n * n);
		e.binaryF64(add, a, b, o, n * n);
		e.unaryF32(sigmoid, a, o, n * n);
	}
	s.arena.dealloc(a, n * n * 8);
	s.arena.dealloc(b, n * n * 8);
	s.arena.dealloc(o, n * n * 8);
}

/** The loaded module, loading it synchronously on first call where allowed; null until then or if it failed. */
function current(): WasmState | null {
	if (state !== null || failure !== null || !canCompileSynchronously()) return state;
	try {
		const arena = new Arena();
		return install(arena, instantiateKernels(arena.memory));
	} catch (error) {
		failure = error;
		return null;
	}
}

/**
 * Loads the wasm module without blocking (what browsers need: they refuse to
 * compile it synchronously on the main thread). Resolves true once the `wasm`
 * backend runs its own kernels, false if this engine cannot (then it keeps
 * running the js kernels). Never rejects.
 */
export function wasmReady(): Promise<boolean> {
	if (state !== null) return Promise.resolve(true);
	if (failure !== null) return Promise.resolve(false);
	pending ??= (async () => {
		try {
			const arena = new Arena();
			install(arena, await instantiateKernelsAsync(arena.memory));
			return true;
		} catch (error) {
			failure = error;
			return false;
		}
	})();
	return pending;
}

/** The arena's figures (null before the module has loaded). */
export function wasmMemoryStats(): ArenaStats | null {
	return state?.arena.stats() ?? null;
}

/** Whether this engine can run the wasm backend (WebAssembly with SIMD). */
export function wasmAvailable(): boolean {
	return wasmSimdSupported();
}

/** Storage below this many elements is an ordinary typed array (the kernels run js on it anyway). */
const MIN_ARENA_ELEMENTS = MIN_ELEMENTWISE;

/**
 * Arena storage (zeroed when `zero`, else as the last owner left it); when small or
 * the arena is full, the js backend's own allocate, so small tensors cost what they
 * cost there.
 */
function storage(dtype: DType, length: number, zero: boolean): TypedArray {
	if (length < MIN_ARENA_ELEMENTS) return allocate(dtype, length);
	return current()?.arena.storage(dtype, length, zero) ?? allocate(dtype, length);
}

/** The `wasm` backend, with `js` kernels serving whatever it lacks or whatever is too small. */
export function createWasmBackend(js: Kernels): Backend {
	return {
		name: "wasm",
		allocate(dtype: DType, length: number): TypedArray {
			return storage(dtype, length, true);
		},
		allocateUninitialized(dtype: DType, length: number): TypedArray {
			return storage(dtype, length, false);
		},
		kernels: smallCallsToJs(createKernels(current, js), js),
	};
}
