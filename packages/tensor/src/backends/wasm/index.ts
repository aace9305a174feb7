/**
 * The `wasm` backend (see docs/wasm-backend.md): WebAssembly SIMD kernels over
 * tensor storage in a reserved WebAssembly.Memory, the js kernels serving the rest.
 */
import type { Kernels } from "../backend";
import { jsBackend } from "../js";
import { createWasmBackend } from "./backend";

export type { ArenaStats } from "./arena";
export { wasmAvailable, wasmMemoryStats, wasmReady } from "./backend";

/** The `wasm` backend object the registry holds. */
export const wasmBackend = createWasmBackend(jsBackend.kernels as Kernels);
