/** Every engine the harness knows, by command-line id. Modules load lazily, in the process that runs them. */
import type { EngineSpec } from "./types";

/** The engines in the order the table lists them. */
export const ENGINES: readonly EngineSpec[] = [
	{
		id: "backprop-f64",
		name: "backprop",
		dtype: "float64",
		load: async () => (await import("./backprop")).backpropEngine("js"),
	},
	{
		id: "backprop-f32",
		name: "backprop",
		dtype: "float32",
		load: async () => (await import("./backprop")).backpropEngine("js"),
	},
	{
		id: "backprop-wasm-f64",
		name: "backprop-wasm",
		dtype: "float64",
		load: async () => (await import("./backprop")).backpropEngine("wasm"),
	},
	{
		id: "backprop-wasm-f32",
		name: "backprop-wasm",
		dtype: "float32",
		load: async () => (await import("./backprop")).backpropEngine("wasm"),
	},
	{ id: "tfjs-cpu", name: "tfjs-cpu", dtype: "float32", load: async () => (await import("./tfjs")).tfjsEngine("cpu") },
	{
		id: "tfjs-wasm",
		name: "tfjs-wasm",
		dtype: "float32",
		load: async () => (await import("./tfjs")).tfjsEngine("wasm"),
	},
	{ id: "brain-js", name: "brain.js", dtype: "float32", load: async () => (await import("./brain")).brainEngine },
	{ id: "plain-f64", name: "plain", dtype: "float64", load: async () => (await import("./plain")).plainEngine },
	{ id: "plain-f32", name: "plain", dtype: "float32", load: async () => (await import("./plain")).plainEngine },
];

/** The engine with command-line id `id`. Throws a RangeError listing the ids otherwise. */
export function engineById(id: string): EngineSpec {
	const spec = ENGINES.find((e) => e.id === id);
	if (!spec) throw new RangeError(`unknown engine '${id}'; engines: ${ENGINES.map((e) => e.id).join(", ")}`);
	return spec;
}
