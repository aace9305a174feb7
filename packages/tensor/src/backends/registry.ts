/**
 * The backend registry: which kernels run. The active backend is chosen on first
 * use: the `BACKPROP_BACKEND` environment variable where there is one (Node),
 * else the highest-priority registered backend that is available.
 */
import type { DType, TypedArray } from "../dtype";
import type { Backend, Kernels } from "./backend";
import { jsBackend } from "./js";
import { wasmAvailable, wasmBackend } from "./wasm";

interface Entry {
	backend: Backend;
	priority: number;
}

const entries = new Map<string, Entry>([["js", { backend: jsBackend, priority: 0 }]]);
// The wasm backend is the default wherever the engine runs WebAssembly SIMD.
if (wasmAvailable()) entries.set("wasm", { backend: wasmBackend, priority: 1 });
let active: Backend | null = null;
let activeKernels: Kernels = jsBackend.kernels as Kernels;

/**
 * Adds a backend under `backend.name`; the highest `priority` becomes the default
 * when none was chosen. Throws TypeError for a nameless backend or a name in use.
 */
export function registerBackend(backend: Backend, options: { priority?: number } = {}): void {
	if (typeof backend?.name !== "string" || backend.name === "") {
		throw new TypeError("registerBackend: a backend needs a non-empty name");
	}
	if (entries.has(backend.name)) throw new TypeError(`registerBackend: '${backend.name}' is already registered`);
	entries.set(backend.name, { backend, priority: options.priority ?? 1 });
}

/** Makes `name` the active backend. Throws RangeError naming the registered backends for an unknown name. */
export function setBackend(name: string): void {
	const entry = entries.get(name);
	if (!entry) {
		throw new RangeError(`setBackend: unknown backend '${name}' (registered: ${[...entries.keys()].join(", ")})`);
	}
	activate(entry.backend);
}

/** The active backend (choosing the default on first call). */
export function getBackend(): Backend {
	return active ?? activate(defaultBackend());
}

/** Names of the registered backends. */
export function listBackends(): string[] {
	return [...entries.keys()];
}

/** The active backend's kernels, with the `js` backend's filling any gaps. Internal: the ops' entry. */
export function kernels(): Kernels {
	if (active === null) getBackend();
	return activeKernels;
}

function activate(backend: Backend): Backend {
	active = backend;
	activeKernels = { ...(jsBackend.kernels as Kernels), ...backend.kernels };
	return backend;
}

function defaultBackend(): Backend {
	const requested = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
		?.BACKPROP_BACKEND;
	if (requested) {
		const entry = entries.get(requested);
		if (!entry) {
			throw new RangeError(
				`BACKPROP_BACKEND: unknown backend '${requested}' (registered: ${[...entries.keys()].join(", ")})`,
			);
		}
		return entry.backend;
	}
	let best: Entry = entries.get("js") as Entry;
	for (const entry of entries.values()) if (entry.priority > best.priority) best = entry;
	return best.backend;
}

/** Zeroed storage from the active backend. Internal: every op result is allocated here. */
export function allocateStorage(dtype: DType, length: number): TypedArray {
	return (active ?? getBackend()).allocate(dtype, length);
}

/**
 * Storage from the active backend for a result its kernel writes in full (contents
 * start unspecified: never read before writing every element). Internal.
 */
export function allocateOutput(dtype: DType, length: number): TypedArray {
	const backend = active ?? getBackend();
	return backend.allocateUninitialized === undefined
		? backend.allocate(dtype, length)
		: backend.allocateUninitialized(dtype, length);
}
