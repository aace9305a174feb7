/**
 * The model document: versioned JSON naming layers and activations by registry
 * name and storing weights as numbers with their shapes. Reading it trusts
 * nothing: every field is checked, names are only ever looked up in registries
 * (never evaluated), and prototype-polluting keys are refused.
 */
import { type DType, tensor } from "@backprop/tensor";
import { activationNames, isRegisteredActivation } from "../activations";
import { type JsonObject, RESERVED_KEYS } from "../json";
import { Dense } from "../layers/dense";
import { Sequential } from "../layers/sequential";
import { type NameKind, registeredNames, resolveName } from "../names";
import { UnknownNameError } from "../registry";

/** The `format` field of every model document. */
export const MODEL_FORMAT = "backprop.model";
/** The document version this code writes and reads. */
export const MODEL_VERSION = 1;

// Limits that keep a hostile file from making us allocate absurd amounts.
const MAX_LAYERS = 1000;
const MAX_UNITS = 1_000_000;
const MAX_LAYER_PARAMETERS = 50_000_000;

/** A weight as stored: its shape and its values in row-major order. */
export interface StoredTensor {
	shape: number[];
	values: number[];
}

/** One dense layer as stored. */
export interface DenseJSON {
	type: "dense";
	inputs: number;
	units: number;
	activation: string;
	init: string;
	useBias: boolean;
	weight: StoredTensor;
	bias: StoredTensor | null;
}

/** The whole model document. */
export interface ModelJSON {
	format: typeof MODEL_FORMAT;
	version: typeof MODEL_VERSION;
	dtype: DType;
	layers: DenseJSON[];
	/** Free-form data kept with the model (normalization, class labels, ...). */
	metadata: JsonObject;
}

/** Thrown for a model document that cannot be read; the message names the field. */
export class ModelFormatError extends Error {
	override name = "ModelFormatError";
}

/**
 * The document for a Sequential model of Dense layers, with optional metadata.
 * Throws TypeError for a model it cannot describe (a layer that is not Dense, an
 * activation that is not registered by name), and ModelFormatError naming the
 * field for metadata JSON cannot hold (see modelFromJSON).
 */
export function modelToJSON(model: Sequential, metadata: JsonObject = model.metadata): ModelJSON {
	if (!(model instanceof Sequential)) throw new TypeError("modelToJSON: only Sequential models can be saved");
	const known = new Set(activationNames());
	const layers = model.layers.map((layer, i): DenseJSON => {
		if (!(layer instanceof Dense))
			throw new TypeError(`modelToJSON: layer ${i} is not a Dense layer and cannot be saved`);
		const name = layer.activation.name;
		if (!isRegisteredActivation(layer.activation)) {
			const why = known.has(name) ? "is not the function registered under that name" : "is not registered";
			throw new TypeError(
				`modelToJSON: layer ${i}'s activation '${name}' ${why}; call registerActivation with it so a saved model can name it`,
			);
		}
		return {
			type: "dense",
			inputs: layer.inputs,
			units: layer.units,
			activation: name,
			init: layer.init,
			useBias: layer.bias !== null,
			weight: { shape: [...layer.weight.shape], values: Array.from(layer.weight.value.dataSync()) },
			bias: layer.bias ? { shape: [...layer.bias.shape], values: Array.from(layer.bias.value.dataSync()) } : null,
		};
	});
	const dtype = model.parameters()[0]?.dtype ?? "float64";
	// Before structuredClone, which recurses: a metadata object too deep for it is refused by name.
	checkKeys(metadata, "model.metadata", true);
	return { format: MODEL_FORMAT, version: MODEL_VERSION, dtype, layers, metadata: structuredClone(metadata) };
}

function fail(path: string, message: string): never {
	throw new ModelFormatError(`${path}: ${message}`);
}

// A name read from the file, looked up by the registries' rule; anything else fails naming the field.
function registeredName(kind: NameKind, value: unknown, path: string): string {
	if (typeof value === "string") {
		try {
			return resolveName(kind, value);
		} catch (e) {
			if (e instanceof UnknownNameError) fail(path, e.message);
			throw e;
		}
	}
	const label = kind === "layer" ? "layer type" : kind;
	fail(path, `unknown ${label} ${jsonExcerpt(value)} (known: ${registeredNames(kind).join(", ")})`);
}

/** A value read from a file as it was written there (JSON, cut at 40 characters), for messages. */
function jsonExcerpt(v: unknown): string {
	if (v === undefined) return "nothing";
	// JSON.stringify would say null; a number JSON cannot hold is named as it is.
	if (typeof v === "number" && !Number.isFinite(v)) return String(v);
	let s: string | undefined;
	try {
		s = JSON.stringify(v);
	} catch {
		s = undefined; // a BigInt or a circular object: not JSON at all
	}
	return s === undefined ? typeof v : s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

// Deeper than any model document needs; deeper still would overflow the stack of
// structuredClone and JSON.stringify, which recurse.
const MAX_DEPTH = 100;

function notFinite(v: number): string {
	const why = Number.isNaN(v) ? "" : " (too large for a 64-bit float, such as 1e999)";
	return `not a finite number: ${String(v)}${why}`;
}

// Walks a document, refusing keys that could reach a prototype, nesting deeper
// than MAX_DEPTH, and values JSON cannot hold: functions, BigInts, symbols, and
// objects reached twice, which would loop forever on a cycle. `strict` (for
// metadata, whose fields nothing else checks) also refuses non-finite numbers and
// undefined, so whatever passes is saved and read back unchanged.
function checkKeys(value: unknown, path: string, strict: boolean): void {
	const stack: Array<[unknown, string, number]> = [[value, path, 0]];
	const seen = new Set<object>();
	while (stack.length > 0) {
		const [v, p, depth] = stack.pop() as [unknown, string, number];
		if (typeof v === "function" || typeof v === "bigint" || typeof v === "symbol" || (strict && v === undefined))
			fail(p, `not a JSON value (${typeof v})`);
		if (strict && typeof v === "number" && !Number.isFinite(v)) fail(p, notFinite(v));
		if (v !== null && typeof v === "object") {
			if (depth >= MAX_DEPTH)
				fail(p.length > 60 ? `${p.slice(0, 60)}…` : p, `nested more than ${MAX_DEPTH} levels deep`);
			if (seen.has(v)) fail(p, "the same object appears twice (a circular reference is not JSON)");
			seen.add(v);
		}
		if (Array.isArray(v)) {
			// Weight lists hold millions of numbers: only containers (and non-numbers) need a visit.
			for (let i = 0; i < v.length; i++) {
				const item = v[i];
				if (typeof item !== "number" || (strict && !Number.isFinite(item))) stack.push([item, `${p}[${i}]`, depth + 1]);
			}
		} else if (v !== null && typeof v === "object") {
			for (const key of Object.keys(v)) {
				if (RESERVED_KEYS.has(key)) fail(`${p}.${key}`, "forbidden key");
				stack.push([(v as Record<string, unknown>)[key], `${p}.${key}`, depth + 1]);
			}
		}
	}
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
	return v !== null && typeof v === "object" && !Array.isArray(v);
}

function field(obj: Record<string, unknown>, key: string, path: string): unknown {
	if (!Object.hasOwn(obj, key)) fail(`${path}.${key}`, "missing");
	return obj[key];
}

function count(obj: Record<string, unknown>, key: string, path: string, max: number): number {
	const v = field(obj, key, path);
	if (typeof v !== "number" || !Number.isInteger(v) || v <= 0 || v > max) {
		fail(`${path}.${key}`, `expected a whole number from 1 to ${max}, got ${jsonExcerpt(v)}`);
	}
	return v;
}

function storedTensor(v: unknown, path: string, shape: number[]): number[] {
	if (!isPlainObject(v)) fail(path, `expected { shape, values }, got ${jsonExcerpt(v)}`);
	const s = field(v, "shape", path);
	if (!Array.isArray(s) || s.length !== shape.length || s.some((d, i) => d !== shape[i])) {
		fail(`${path}.shape`, `expected [${shape.join(",")}], got ${jsonExcerpt(s)}`);
	}
	const values = field(v, "values", path);
	const size = shape.reduce((a, b) => a * b, 1);
	if (!Array.isArray(values))
		fail(`${path}.values`, `expected an array of ${size} numbers, got ${jsonExcerpt(values)}`);
	if (values.length !== size) fail(`${path}.values`, `expected ${size} numbers, got ${values.length}`);
	for (let i = 0; i < values.length; i++) {
		const x = values[i];
		if (typeof x !== "number") fail(`${path}.values[${i}]`, `not a finite number: ${jsonExcerpt(x)}`);
		if (!Number.isFinite(x)) fail(`${path}.values[${i}]`, notFinite(x));
	}
	return values as number[];
}

interface CheckedLayer {
	inputs: number;
	units: number;
	activation: string;
	useBias: boolean;
	init: string;
	weight: number[];
	bias: number[] | null;
}

// Every check of a document, in one place: loading and saving both go through it.
function readDocument(json: unknown): { dtype: DType; layers: CheckedLayer[]; metadata: JsonObject } {
	let doc = json;
	if (typeof json === "string") {
		try {
			// A byte-order mark from an editor is not part of the JSON.
			doc = JSON.parse(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json);
		} catch (e) {
			fail("model", `not valid JSON (truncated or corrupt?): ${(e as Error).message}`);
		}
	}
	if (!isPlainObject(doc)) fail("model", `expected a JSON object, got ${jsonExcerpt(doc)}`);
	checkKeys(doc, "model", false);
	const format = field(doc, "format", "model");
	if (format !== MODEL_FORMAT) fail("model.format", `expected "${MODEL_FORMAT}", got ${jsonExcerpt(format)}`);
	const version = field(doc, "version", "model");
	if (version !== MODEL_VERSION) {
		fail("model.version", `unsupported version ${jsonExcerpt(version)} (this backprop reads version ${MODEL_VERSION})`);
	}
	const dtype = field(doc, "dtype", "model");
	if (dtype !== "float32" && dtype !== "float64")
		fail("model.dtype", `expected "float32" or "float64", got ${jsonExcerpt(dtype)}`);
	const layers = field(doc, "layers", "model");
	if (!Array.isArray(layers) || layers.length === 0 || layers.length > MAX_LAYERS) {
		fail("model.layers", `expected a list of 1 to ${MAX_LAYERS} layers, got ${jsonExcerpt(layers)}`);
	}
	const metadata = Object.hasOwn(doc, "metadata") ? doc.metadata : {};
	if (!isPlainObject(metadata)) fail("model.metadata", `expected an object, got ${jsonExcerpt(metadata)}`);
	checkKeys(metadata, "model.metadata", true);
	let previousUnits: number | null = null;
	// Array.from, not map: a hole in a sparse list (an object given directly) must not be skipped.
	const checked = Array.from(layers as unknown[], (raw, i): CheckedLayer => {
		const path = `model.layers[${i}]`;
		if (!isPlainObject(raw)) fail(path, `expected an object, got ${jsonExcerpt(raw)}`);
		const type = field(raw, "type", path);
		registeredName("layer", type, `${path}.type`);
		const inputs = count(raw, "inputs", path, MAX_UNITS);
		const units = count(raw, "units", path, MAX_UNITS);
		if (inputs * units > MAX_LAYER_PARAMETERS)
			fail(path, `${inputs}×${units} weights is more than ${MAX_LAYER_PARAMETERS}`);
		if (previousUnits !== null && inputs !== previousUnits) {
			fail(`${path}.inputs`, `${inputs} does not match the ${previousUnits} units of layer ${i - 1}`);
		}
		previousUnits = units;
		const activation = registeredName("activation", field(raw, "activation", path), `${path}.activation`);
		const useBias = field(raw, "useBias", path);
		if (typeof useBias !== "boolean") fail(`${path}.useBias`, `expected true or false, got ${jsonExcerpt(useBias)}`);
		const init = Object.hasOwn(raw, "init") ? raw.init : "glorotUniform";
		if (typeof init !== "string") fail(`${path}.init`, `expected a name, got ${jsonExcerpt(init)}`);
		const weight = storedTensor(field(raw, "weight", path), `${path}.weight`, [inputs, units]);
		const biasRaw = field(raw, "bias", path);
		if (!useBias && biasRaw !== null) fail(`${path}.bias`, "must be null when useBias is false");
		const bias = useBias ? storedTensor(biasRaw, `${path}.bias`, [units]) : null;
		return { inputs, units, activation, useBias, init, weight, bias };
	});
	return { dtype, layers: checked, metadata: metadata as JsonObject };
}

/**
 * Checks a model document (an object or its JSON text) as loading does, without
 * building the model: what passes loads. Throws ModelFormatError naming the
 * field, exactly as modelFromJSON does.
 */
export function checkModelJSON(json: unknown): void {
	readDocument(json);
}

/**
 * Rebuilds a model from a document (an object or its JSON text). Throws
 * ModelFormatError naming the field for anything wrong: invalid JSON, wrong format
 * or version, missing fields, shapes that do not chain, non-finite numbers, unknown
 * activation names, forbidden keys, nesting deeper than 100 levels, absurd sizes.
 * JSON text may start with a byte-order mark.
 */
export function modelFromJSON(json: unknown): Sequential {
	const { dtype, layers, metadata } = readDocument(json);
	const built = layers.map(
		(l) =>
			new Dense(l.inputs, l.units, {
				activation: l.activation,
				useBias: l.useBias,
				dtype,
				weights: tensor(l.weight, { dtype, shape: [l.inputs, l.units] }),
				...(l.bias ? { bias: tensor(l.bias, { dtype }) } : {}),
				// Only a name to keep (the weights are given, so no initializer runs).
				init: l.init,
			}),
	);
	const model = new Sequential(built);
	model.metadata = structuredClone(metadata);
	return model;
}
