/**
 * Reading one layer's config from model.json: every option checked against what
 * the layer kind understands, every refusal a TfjsModelError naming the layer
 * (`where`: its index, name and class) and the option as model.json spells it.
 */
import { fail, type LayerConfig } from "./artifacts";

/** A dimension of a sample's shape; null where the model leaves it open (a sequence's length). */
export type Dim = number | null;

// Options of every layer that do not change what it computes at inference.
const GENERIC = new Set([
	"name",
	"trainable",
	"dtype",
	"batch_input_shape",
	"batch_shape",
	"batch_size",
	"input_dtype",
]);
const TRAINING_ONLY = /_(initializer|regularizer|constraint)$/;

/**
 * Refuses an option that neither `known` nor the generic options (name, trainable,
 * dtype, input shape, initializers, regularizers, constraints) list: an option
 * this reader does not know could change the layer's output. Refuses a dtype
 * outside `dtypes` too.
 */
export function checkOptions(
	layer: LayerConfig,
	where: string,
	known: readonly string[],
	dtypes: readonly string[] = ["float32"],
): void {
	for (const key of Object.keys(layer.config)) {
		if (GENERIC.has(key) || TRAINING_ONLY.test(key) || known.includes(key)) continue;
		fail(where, `option ${key} is not supported (this reader does not know what it does, so it refuses it)`);
	}
	checkDtype(layer, where, dtypes);
}

/** Refuses a layer dtype other than `allowed` (a string, or Keras 3's DTypePolicy). */
function checkDtype(layer: LayerConfig, where: string, allowed: readonly string[]): void {
	const raw = layer.config.dtype;
	if (raw === undefined || raw === null) return;
	const policy = raw as { config?: { name?: unknown } };
	const dtype = typeof raw === "string" ? raw : policy.config?.name;
	if (typeof dtype !== "string" || !allowed.includes(dtype)) {
		fail(where, `dtype ${JSON.stringify(raw)} is not supported (only ${allowed.join(" or ")})`);
	}
}

/** The layer's name (its weights are found by it). */
export function layerName(layer: LayerConfig, where: string): string {
	const name = layer.config.name;
	if (typeof name !== "string" || name.length === 0) fail(where, "the layer has no name (its weights are found by it)");
	return name;
}

/** Refuses option `key` unless it is absent, null or `wanted`; `why` says what is supported. */
export function requireOption(layer: LayerConfig, where: string, key: string, wanted: unknown, why: string): void {
	const v = layer.config[key];
	if (v === undefined || v === null || v === wanted) return;
	fail(where, `${key} ${JSON.stringify(v)} is not supported (${why})`);
}

/** A boolean option, `fallback` when absent or null. */
export function boolOption(layer: LayerConfig, where: string, key: string, fallback: boolean): boolean {
	const v = layer.config[key] ?? fallback;
	if (typeof v !== "boolean") fail(where, `${key} must be true or false, got ${JSON.stringify(v)}`);
	return v;
}

/** A positive finite number, `fallback` when absent or null. */
export function numberOption(layer: LayerConfig, where: string, key: string, fallback: number): number {
	const v = layer.config[key] ?? fallback;
	if (typeof v !== "number" || !Number.isFinite(v)) fail(where, `${key} must be a number, got ${JSON.stringify(v)}`);
	return v;
}

/** A positive integer option (required when `fallback` is undefined). */
export function sizeOption(layer: LayerConfig, where: string, key: string, fallback?: number): number {
	const v = layer.config[key] ?? fallback;
	if (!Number.isInteger(v) || (v as number) < 1)
		fail(where, `${key} must be a positive integer, got ${JSON.stringify(v)}`);
	return v as number;
}

/** A size given as a number or [h, w], as a pair; `fallback` when absent or null. */
export function pairOption(
	layer: LayerConfig,
	where: string,
	key: string,
	fallback: [number, number],
): [number, number] {
	const v = layer.config[key] ?? fallback;
	const pair = typeof v === "number" ? [v, v] : Array.isArray(v) && v.length === 2 ? v : null;
	if (pair === null || !pair.every((d) => Number.isInteger(d) && d >= 1)) {
		fail(where, `${key} must be a positive integer or a pair of them, got ${JSON.stringify(v)}`);
	}
	return [pair[0], pair[1]] as [number, number];
}

/** 'valid' (the default) or 'same'. */
export function paddingOption(layer: LayerConfig, where: string): "valid" | "same" {
	const v = layer.config.padding ?? "valid";
	if (v !== "valid" && v !== "same") {
		fail(where, `padding ${JSON.stringify(v)} is not supported (only "valid" and "same")`);
	}
	return v;
}

/** Refuses data_format channels_first: @backprop/nn's image layers are NHWC. */
export function channelsLast(layer: LayerConfig, where: string): void {
	const v = layer.config.data_format;
	if (v === undefined || v === null || v === "channels_last") return;
	fail(
		where,
		`data_format ${JSON.stringify(v)} is not supported (only "channels_last": @backprop/nn's image layers are NHWC)`,
	);
}

/** The per-sample input shape a layer declares (`batch_input_shape`, Keras 3's `batch_shape`), batch left out; null without one. */
export function declaredInputShape(layer: LayerConfig, where: string): Dim[] | null {
	const key = layer.config.batch_input_shape !== undefined ? "batch_input_shape" : "batch_shape";
	const v = layer.config[key];
	if (v === undefined || v === null) return null;
	if (!Array.isArray(v) || v.length < 2 || !v.every((d) => d === null || (Number.isInteger(d) && d >= 1))) {
		fail(where, `${key} must be a list [batch, ...sizes] of positive integers or null, got ${JSON.stringify(v)}`);
	}
	return v.slice(1) as Dim[];
}

/** `[a, b, null]` as `[a, b, ?]`, for messages. */
export function showDims(shape: readonly Dim[]): string {
	return `[${shape.map((d) => d ?? "?").join(", ")}]`;
}

/** Whether `v` is `wanted` as Keras saves it: a float32 (0.01 may be written 0.009999999776482582). */
export function sameFloat32(v: unknown, wanted: number): boolean {
	return typeof v === "number" && Math.fround(v) === Math.fround(wanted);
}
