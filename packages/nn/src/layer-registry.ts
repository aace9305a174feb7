/**
 * Layers by registered name, so saved models can name them: the built-in ones
 * (registered by io/builtin-layers.ts) and users' own modules (`registerLayer`).
 * A name read from a file is only ever looked up here, never evaluated.
 */
import type { DType } from "@backprop/tensor";
import type { JsonObject } from "./json";
import type { ModuleLike } from "./module";
import { Registry } from "./registry";

/** What a layer factory is told besides the layer's config. */
export interface LayerContext {
	/** The model's parameter dtype. */
	dtype: DType;
	/** Where the config is in the document (`model.layers[2].config`), for error messages. */
	path: string;
}

/** Rebuilds a layer from its saved config (weights are restored afterwards, by name). */
export type LayerFactory = (config: JsonObject, context: LayerContext) => ModuleLike;

/** A class whose constructor takes the saved config. */
export type ConfigConstructor = new (config: JsonObject) => ModuleLike;
/** Any module class. */
export type ModuleClass = abstract new (...args: never[]) => ModuleLike;

/** Layer type names (as saved in model files) → factories; `resolveName("layer", ...)` looks here too. */
export const layerTypeRegistry = new Registry<LayerFactory>("layer type");
const factories = layerTypeRegistry;
const names = new Map<ModuleClass, string>();

/**
 * Registers a module class under `name` so models containing it save and load:
 * saving writes `name`, the module's `getConfig()` and its named parameters and
 * buffers; loading calls `fromConfig(config)` (default `new cls(config)`) and
 * then restores the weights by name. Throws TypeError for an invalid or built-in
 * name.
 */
export function registerLayer(name: string, cls: ConfigConstructor): void;
export function registerLayer(name: string, cls: ModuleClass, fromConfig: (config: JsonObject) => ModuleLike): void;
export function registerLayer(name: string, cls: ModuleClass, fromConfig?: (config: JsonObject) => ModuleLike): void {
	if (typeof cls !== "function") throw new TypeError(`registerLayer: expected a class for '${name}'`);
	const make = fromConfig ?? ((config: JsonObject) => new (cls as unknown as ConfigConstructor)(config));
	factories.set(name, (config) => make(config));
	names.set(cls, name);
}

/** Registers a built-in layer type (which later registrations may not replace). */
export function registerBuiltInLayer(name: string, cls: ModuleClass, factory: LayerFactory): void {
	factories.setBuiltIn(name, factory);
	names.set(cls, name);
}

/** The registered name of a layer's class, or undefined when the class is not registered. */
export function layerTypeOf(layer: ModuleLike): string | undefined {
	return names.get(layer.constructor as ModuleClass);
}

/** True when `name` is a registered layer type. */
export function isLayerType(name: string): boolean {
	return factories.has(name);
}

/** The factory for `name`. Throws an Error listing the known names otherwise. */
export function layerFactory(name: string): LayerFactory {
	return factories.get(name);
}

/** The registered layer types, sorted. */
export function layerTypes(): string[] {
	return factories.names();
}
