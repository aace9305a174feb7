/**
 * The model document: versioned JSON naming layers and activations by registry
 * name and storing weights as numbers with their shapes, under the parameter
 * names the model uses (`dense_1.weight`). Version 2 holds any registered layer
 * (config, parameters, buffers); version 1 files (Dense layers only) still load.
 * Reading trusts nothing: every field is checked, names are only ever looked up
 * in registries (never evaluated), and prototype-polluting keys are refused.
 */
import type { Variable } from "@backprop/autograd";
import { type DType, tensor } from "@backprop/tensor";
import { activationNames, isRegisteredActivation } from "../activations";
import type { JsonObject } from "../json";
import { type LayerContext, layerFactory, layerTypeOf, layerTypeRegistry, layerTypes } from "../layer-registry";
import { Sequential } from "../layers/sequential";
import { Module, type ModuleLike } from "../module";
import "./builtin-layers";
import {
	checkKeys,
	describe,
	fail,
	field,
	isPlainObject,
	ModelFormatError,
	type StoredTensor,
	storedTensor,
} from "./document-checks";
import { denseLayersV1 } from "./model-json-v1";

export { ModelFormatError, type StoredTensor } from "./document-checks";
export type { DenseJSON } from "./model-json-v1";

/** The `format` field of every model document. */
export const MODEL_FORMAT = "backprop.model";
/** The document version this code writes (it reads 1 and 2). */
export const MODEL_VERSION = 2;

const MAX_LAYERS = 1000;
const LAYER_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;

/** One layer as stored: its registered type, its name in the model, its config, its weights by name. */
export interface LayerJSON {
	type: string;
	name: string;
	config: JsonObject;
	/** Trainable parameters by name within the layer (`weight`, `fc1.bias`). */
	parameters: Record<string, StoredTensor>;
	/** Saved, untrained values (BatchNorm's running statistics) by name. */
	buffers: Record<string, StoredTensor>;
}

/** The whole model document (version 2). */
export interface ModelJSON {
	format: typeof MODEL_FORMAT;
	version: typeof MODEL_VERSION;
	dtype: DType;
	layers: LayerJSON[];
	/** One sample's shape (batch dimension left out) as last given to the model, for its summary; null if never run. */
	inputShape: number[] | null;
	/** Free-form data kept with the model (normalization, class labels, ...). */
	metadata: JsonObject;
}

function stored(v: Variable): StoredTensor {
	return { shape: [...v.shape], values: Array.from(v.value.dataSync()) };
}

// Parameters of a module by name; a plain module (not a Module) by position.
function named(layer: ModuleLike, buffers: boolean): Array<[string, Variable]> {
	if (layer instanceof Module) return buffers ? layer.namedBuffers() : layer.namedParameters();
	return buffers ? [] : layer.parameters().map((p, i) => [String(i), p]);
}

// Every activation a module tree uses must be registered under its name, so the file can name it.
function checkActivations(layer: ModuleLike, name: string): void {
	const stack: Array<[ModuleLike, string]> = [[layer, name]];
	const known = new Set(activationNames());
	while (stack.length > 0) {
		const [m, where] = stack.pop() as [ModuleLike, string];
		const a = (m as { activation?: unknown }).activation;
		if (a && typeof a === "object" && typeof (a as { apply?: unknown }).apply === "function") {
			const fn = a as { name: string; apply: (x: Variable) => Variable };
			if (!isRegisteredActivation(fn)) {
				const why = known.has(fn.name) ? "is not the function registered under that name" : "is not registered";
				throw new TypeError(
					`modelToJSON: layer '${where}'s activation '${fn.name}' ${why}; call registerActivation with it so a saved model can name it`,
				);
			}
		}
		if (m instanceof Module) for (const [n, c] of m.children()) stack.push([c, `${where}.${n}`]);
	}
}

function layerToJSON(layer: ModuleLike, name: string): LayerJSON {
	const type = layerTypeOf(layer);
	if (type === undefined) {
		const cls = layer.constructor?.name ?? "?";
		throw new TypeError(
			`modelToJSON: layer '${name}' (${cls}) is not a registered layer; call registerLayer('${cls}', ${cls}) so a saved model can name it`,
		);
	}
	checkActivations(layer, name);
	const config = layer instanceof Module ? layer.getConfig() : {};
	const toRecord = (list: Array<[string, Variable]>) => Object.fromEntries(list.map(([n, v]) => [n, stored(v)]));
	return {
		type,
		name,
		config: structuredClone(config),
		parameters: toRecord(named(layer, false)),
		buffers: toRecord(named(layer, true)),
	};
}

/**
 * The version 2 document for a model, with optional metadata: each layer of a
 * Sequential (any other module is saved as a Sequential holding it). Throws
 * TypeError for a layer whose class is not registered (see registerLayer) or
 * whose activation is not registered by name.
 */
export function modelToJSON(model: ModuleLike, metadata?: JsonObject): ModelJSON {
	const seq = model instanceof Sequential ? model : new Sequential([model]);
	const layers = seq.layers.map((layer, i) => layerToJSON(layer, seq.layerNames[i] as string));
	const dtype = seq.parameters()[0]?.dtype ?? "float64";
	const meta = metadata ?? seq.metadata;
	// Before structuredClone, which recurses: a metadata object too deep for it is refused by name.
	checkKeys(meta, "model.metadata", true);
	const inputShape = seq.lastInputShape ? [...seq.lastInputShape] : null;
	return { format: MODEL_FORMAT, version: MODEL_VERSION, dtype, layers, inputShape, metadata: structuredClone(meta) };
}

/**
 * Checks a model document (an object or its JSON text) as loading does: what
 * passes loads. Throws ModelFormatError naming the field, exactly as
 * modelFromJSON does.
 */
export function checkModelJSON(json: unknown): void {
	modelFromJSON(json);
}

/**
 * Rebuilds a model from a document (an object or its JSON text), version 1 or 2.
 * Throws ModelFormatError naming the field for anything wrong: invalid JSON,
 * wrong format or version, missing fields, unknown layer types or activations,
 * configs out of range, weights of the wrong shape or not finite, forbidden
 * keys, nesting deeper than 100 levels, absurd sizes. JSON text may start with
 * a byte-order mark.
 */
export function modelFromJSON(json: unknown): Sequential {
	let doc = json;
	if (typeof json === "string") {
		try {
			// A byte-order mark from an editor is not part of the JSON.
			doc = JSON.parse(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json);
		} catch (e) {
			fail("model", `not valid JSON (truncated or corrupt?): ${(e as Error).message}`);
		}
	}
	if (!isPlainObject(doc)) fail("model", `expected a JSON object, got ${describe(doc)}`);
	checkKeys(doc, "model", false);
	const format = field(doc, "format", "model");
	if (format !== MODEL_FORMAT) fail("model.format", `expected "${MODEL_FORMAT}", got ${describe(format)}`);
	const version = field(doc, "version", "model");
	if (version !== 1 && version !== 2) {
		fail("model.version", `unsupported version ${describe(version)} (this backprop reads versions 1 and 2)`);
	}
	const dtype = field(doc, "dtype", "model");
	if (dtype !== "float32" && dtype !== "float64")
		fail("model.dtype", `expected "float32" or "float64", got ${describe(dtype)}`);
	const layers = field(doc, "layers", "model");
	if (!Array.isArray(layers) || layers.length === 0 || layers.length > MAX_LAYERS) {
		fail("model.layers", `expected a list of 1 to ${MAX_LAYERS} layers, got ${describe(layers)}`);
	}
	const metadata = Object.hasOwn(doc, "metadata") ? doc.metadata : {};
	if (!isPlainObject(metadata)) fail("model.metadata", `expected an object, got ${describe(metadata)}`);
	checkKeys(metadata, "model.metadata", true);
	const built =
		version === 1
			? denseLayersV1(layers, dtype)
			: Array.from(layers as unknown[], (raw, i) => layerFromJSON(raw, i, dtype));
	const model = new Sequential(built);
	model.metadata = structuredClone(metadata) as JsonObject;
	const inputShape = version === 2 && Object.hasOwn(doc, "inputShape") ? doc.inputShape : null;
	if (inputShape !== null) {
		const ok =
			Array.isArray(inputShape) &&
			inputShape.length <= 8 &&
			inputShape.every((d) => Number.isInteger(d) && d >= 0 && d <= 1e6);
		if (!ok) fail("model.inputShape", `expected null or up to 8 sizes, got ${describe(inputShape)}`);
		model.lastInputShape = [...(inputShape as number[])];
	}
	return model;
}

function layerFromJSON(raw: unknown, i: number, dtype: DType): ModuleLike {
	const path = `model.layers[${i}]`;
	if (!isPlainObject(raw)) fail(path, `expected an object, got ${describe(raw)}`);
	const rawType = field(raw, "type", path);
	// Any case, as every registered name ("Dense" is "dense"); unknown names fail below.
	const type = typeof rawType === "string" ? (layerTypeRegistry.canonicalName(rawType) ?? rawType) : rawType;
	if (typeof type !== "string" || !layerTypes().includes(type)) {
		fail(
			`${path}.type`,
			`unknown layer type ${describe(type)} (known: ${layerTypes().join(", ")}; a custom layer needs registerLayer before loading)`,
		);
	}
	const name = field(raw, "name", path);
	if (typeof name !== "string" || !LAYER_NAME.test(name))
		fail(`${path}.name`, `expected a layer name, got ${describe(name)}`);
	const config = field(raw, "config", path);
	if (!isPlainObject(config)) fail(`${path}.config`, `expected an object, got ${describe(config)}`);
	checkKeys(config, `${path}.config`, true);
	const context: LayerContext = { dtype, path: `${path}.config` };
	let layer: ModuleLike;
	try {
		layer = layerFactory(type)(config as JsonObject, context);
	} catch (e) {
		if (e instanceof ModelFormatError) throw e;
		fail(`${path}.config`, `the ${type} layer refused it: ${(e as Error).message}`);
	}
	if (layer instanceof Module) layer.name = name;
	restore(raw, "parameters", named(layer, false), path, dtype);
	restore(raw, "buffers", named(layer, true), path, dtype);
	return layer;
}

// Puts the stored values into each named variable, checking that the names match exactly.
function restore(
	raw: Record<string, unknown>,
	key: "parameters" | "buffers",
	vars: Array<[string, Variable]>,
	path: string,
	dtype: DType,
): void {
	const where = `${path}.${key}`;
	const given = Object.hasOwn(raw, key) ? raw[key] : {};
	if (!isPlainObject(given)) fail(where, `expected an object of stored tensors, got ${describe(given)}`);
	const expected = new Set(vars.map(([n]) => n));
	for (const k of Object.keys(given))
		if (!expected.has(k))
			fail(
				`${where}.${k}`,
				`the layer has no ${key === "parameters" ? "parameter" : "buffer"} of that name (it has: ${[...expected].join(", ") || "none"})`,
			);
	for (const [n, v] of vars) {
		if (!Object.hasOwn(given, n)) fail(`${where}.${n}`, "missing");
		const values = storedTensor(given[n], `${where}.${n}`, v.shape);
		v.value = tensor(values, { dtype, shape: [...v.shape] });
	}
}
