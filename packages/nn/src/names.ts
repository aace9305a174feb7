/**
 * Looking up any kind of registered name — activation, loss, initializer,
 * metric, optimizer, layer type — by the one rule of the registries: an exact
 * match, else a match ignoring case.
 */
import { activationRegistry } from "./activations";
import { initializerRegistry } from "./initializers";
import { layerTypeRegistry } from "./layers/layer-types";
import { lossRegistry } from "./losses";
import { metricRegistry } from "./metrics";
import { optimizerRegistry } from "./optimizers/index";
import type { Registry } from "./registry";

/** The kinds of registered names. */
export type NameKind = "activation" | "loss" | "initializer" | "metric" | "optimizer" | "layer";

const registries: Record<NameKind, Registry<unknown>> = {
	activation: activationRegistry,
	loss: lossRegistry,
	initializer: initializerRegistry,
	metric: metricRegistry,
	optimizer: optimizerRegistry,
	layer: layerTypeRegistry,
};

/**
 * The registered name of `kind` that `name` stands for ("MSE" → "mse", "Adam" →
 * "adam"). Throws UnknownNameError listing the known names, with the nearest as
 * a suggestion, when none matches.
 */
export function resolveName(kind: NameKind, name: string): string {
	return registries[kind].resolveName(name);
}

/** The registered names of `kind` (optimizers in their usual order, the others sorted). */
export function registeredNames(kind: NameKind): string[] {
	return registries[kind].names();
}
