/**
 * The part of the WebAssembly JavaScript API this backend uses, typed here because
 * the project compiles without the DOM library (Node's types declare only a stub).
 */

/** A WebAssembly.Memory. */
export interface WasmMemory {
	readonly buffer: ArrayBuffer;
}

/** A WebAssembly.Global. */
export interface WasmGlobal {
	readonly value: unknown;
}

interface WasmInstance {
	readonly exports: Record<string, unknown>;
}

interface WasmApi {
	Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
	Module: new (bytes: Uint8Array) => object;
	Instance: new (module: object, imports: object) => WasmInstance;
	compile(bytes: Uint8Array): Promise<object>;
	instantiate(module: object, imports: object): Promise<WasmInstance>;
	validate(bytes: Uint8Array): boolean;
}

/** The engine's WebAssembly object, or undefined where there is none. */
export function webAssembly(): WasmApi | undefined {
	return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}
