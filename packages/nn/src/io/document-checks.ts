/**
 * Field-by-field checks for model documents: every failure is a
 * ModelFormatError whose message starts with the path of the field.
 */
import type { JsonObject } from "../json";

/** Thrown for a model document that cannot be read; the message names the field. */
export class ModelFormatError extends Error {
	override name = "ModelFormatError";
}

/** A weight as stored: its shape and its values in row-major order. */
export interface StoredTensor {
	shape: number[];
	values: number[];
}

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Throws ModelFormatError `${path}: ${message}`. */
export function fail(path: string, message: string): never {
	throw new ModelFormatError(`${path}: ${message}`);
}

/** A short excerpt of a value for messages. */
export function describe(v: unknown): string {
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

/** `not a finite number: NaN`, or why an Infinity is there. */
export function notFinite(v: number): string {
	const why = Number.isNaN(v) ? "" : " (too large for a 64-bit float, such as 1e999)";
	return `not a finite number: ${String(v)}${why}`;
}

/**
 * Walks a document, refusing keys that could reach a prototype, nesting deeper
 * than 100 levels, and values JSON cannot hold: functions, BigInts, symbols, and
 * objects reached twice, which would loop forever on a cycle. `strict` (for
 * metadata and configs, whose fields nothing else checks) also refuses non-finite
 * numbers and undefined, so whatever passes is saved and read back unchanged.
 */
export function checkKeys(value: unknown, path: string, strict: boolean): void {
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
				if (FORBIDDEN_KEYS.has(key)) fail(`${p}.${key}`, "forbidden key");
				stack.push([(v as Record<string, unknown>)[key], `${p}.${key}`, depth + 1]);
			}
		}
	}
}

/** True for an object that is not an array. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
	return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The field `key` of `obj`; ModelFormatError `missing` otherwise. */
export function field(obj: Record<string, unknown>, key: string, path: string): unknown {
	if (!Object.hasOwn(obj, key)) fail(`${path}.${key}`, "missing");
	return obj[key];
}

/** A whole number from 1 to `max` at `key`. */
export function count(obj: Record<string, unknown>, key: string, path: string, max: number): number {
	const v = field(obj, key, path);
	if (typeof v !== "number" || !Number.isInteger(v) || v <= 0 || v > max) {
		fail(`${path}.${key}`, `expected a whole number from 1 to ${max}, got ${describe(v)}`);
	}
	return v;
}

/** The values of a stored tensor of exactly `shape`, every one finite. */
export function storedTensor(v: unknown, path: string, shape: readonly number[]): number[] {
	if (!isPlainObject(v)) fail(path, `expected { shape, values }, got ${describe(v)}`);
	const s = field(v, "shape", path);
	if (!Array.isArray(s) || s.length !== shape.length || s.some((d, i) => d !== shape[i])) {
		fail(`${path}.shape`, `expected [${shape.join(",")}], got ${describe(s)}`);
	}
	const values = field(v, "values", path);
	const size = shape.reduce((a, b) => a * b, 1);
	if (!Array.isArray(values)) fail(`${path}.values`, `expected an array of ${size} numbers, got ${describe(values)}`);
	if (values.length !== size) fail(`${path}.values`, `expected ${size} numbers, got ${values.length}`);
	for (let i = 0; i < values.length; i++) {
		const x = values[i];
		if (typeof x !== "number") fail(`${path}.values[${i}]`, `not a finite number: ${describe(x)}`);
		if (!Number.isFinite(x)) fail(`${path}.values[${i}]`, notFinite(x));
	}
	return values as number[];
}

/** Reads a layer's `config` object field by field, each failure naming `path.key`. */
export class ConfigReader {
	/** Wraps `config` found at `path`. */
	constructor(
		readonly config: JsonObject,
		readonly path: string,
	) {}

	/** A whole number from 1 to `max`. */
	count(key: string, max: number): number {
		return count(this.config, key, this.path, max);
	}

	/** true or false; `fallback` when absent (if given). */
	bool(key: string, fallback?: boolean): boolean {
		if (fallback !== undefined && !Object.hasOwn(this.config, key)) return fallback;
		const v = field(this.config, key, this.path);
		if (typeof v !== "boolean") fail(`${this.path}.${key}`, `expected true or false, got ${describe(v)}`);
		return v;
	}

	/** A finite number passing `ok` (described by `rule`). */
	number(key: string, ok: (v: number) => boolean, rule: string): number {
		const v = field(this.config, key, this.path);
		if (typeof v !== "number" || !Number.isFinite(v) || !ok(v))
			fail(`${this.path}.${key}`, `expected ${rule}, got ${describe(v)}`);
		return v;
	}

	/** One of `allowed`. */
	oneOf<T extends string>(key: string, allowed: readonly T[]): T {
		const v = field(this.config, key, this.path);
		if (typeof v !== "string" || !allowed.includes(v as T)) {
			fail(`${this.path}.${key}`, `expected one of ${allowed.join(", ")}, got ${describe(v)}`);
		}
		return v as T;
	}

	/** A name string; `fallback` when absent. */
	name(key: string, fallback?: string): string {
		if (fallback !== undefined && !Object.hasOwn(this.config, key)) return fallback;
		const v = field(this.config, key, this.path);
		if (typeof v !== "string" || v.length === 0 || v.length > 100)
			fail(`${this.path}.${key}`, `expected a name, got ${describe(v)}`);
		return v;
	}

	/** A list of `length` whole numbers from 1 to `max` (any length from 1 to 8 when length is null). */
	sizes(key: string, length: number | null, max: number): number[] {
		const v = field(this.config, key, this.path);
		const okLength = Array.isArray(v) && (length === null ? v.length >= 1 && v.length <= 8 : v.length === length);
		if (
			!okLength ||
			!(v as unknown[]).every((d) => typeof d === "number" && Number.isInteger(d) && d >= 1 && d <= max)
		) {
			fail(`${this.path}.${key}`, `expected ${length ?? "1 to 8"} whole numbers from 1 to ${max}, got ${describe(v)}`);
		}
		return v as number[];
	}
}
