// The wasm backend's kernels (AssemblyScript, compiled with --enable simd by
// scripts/build-wasm.mjs into src/backends/wasm/module.generated.ts).
export * from "./elementwise";
export * from "./matmul";
export * from "./window";

/** First byte past the module's static data: the JS side starts its arena above it. */
export function heapBase(): usize {
	return __heap_base;
}
