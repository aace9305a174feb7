/**
 * Reading flag values. Every reader throws a UsageError (exit 2) whose message
 * names the flag and the value it refused, so the user knows what to change.
 */

import { parseNumber } from "@backprop/data";
import { type NameKind, resolveName, UnknownNameError } from "@backprop/nn";
import { quote, UsageError } from "./errors";

/** A number > 0 (a learning rate). Throws UsageError naming `flag` otherwise. */
export function positiveNumber(flag: string, raw: string): number {
	const v = parseNumber(raw);
	if (v === null || v <= 0) throw new UsageError(`${flag} must be a positive number, got ${quote(raw)}`);
	return v;
}

/**
 * A whole number ≥ `least` (epochs and batch size ≥ 1, a seed ≥ 0). Throws
 * UsageError naming `flag` otherwise.
 */
export function wholeNumber(flag: string, raw: string, least: number): number {
	const v = parseNumber(raw);
	if (v === null || !Number.isSafeInteger(v) || v < least) {
		throw new UsageError(`${flag} must be a whole number of at least ${least}, got ${quote(raw)}`);
	}
	return v;
}

/** A fraction strictly between 0 and 1 (`--validation-split`). Throws UsageError otherwise. */
export function openFraction(flag: string, raw: string): number {
	const v = parseNumber(raw);
	if (v === null || v <= 0 || v >= 1) {
		throw new UsageError(`${flag} must be a number between 0 and 1 (exclusive), got ${quote(raw)}`);
	}
	return v;
}

/** Layer sizes `2,2,1`: at least two whole numbers ≥ 1. Throws UsageError otherwise. */
export function layerSizes(flag: string, raw: string): number[] {
	const parts = raw.split(",").map((s) => s.trim());
	const sizes = parts.map((p) => parseNumber(p));
	if (parts.length < 2 || sizes.some((v) => v === null || !Number.isSafeInteger(v) || v < 1 || v > 1_000_000)) {
		throw new UsageError(
			`${flag} must list the input size, any hidden sizes and the output size as whole numbers, e.g. 2,2,1; got ${quote(raw)}`,
		);
	}
	return sizes as number[];
}

/** One sample's shape, batch left out (`--input-shape 28,28,1`): whole numbers ≥ 1. Throws UsageError otherwise. */
export function sampleShape(flag: string, raw: string): number[] {
	const dims = raw.split(",").map((s) => parseNumber(s.trim()));
	if (dims.some((v) => v === null || !Number.isSafeInteger(v) || v < 1 || v > 1_000_000)) {
		throw new UsageError(
			`${flag} must list one sample's sizes (the batch left out) as whole numbers, e.g. 28,28,1; got ${quote(raw)}`,
		);
	}
	return dims as number[];
}

/** A comma-separated list of numbers (`--input -7,-3`). Throws UsageError naming the bad value. */
export function numberList(flag: string, raw: string): number[] {
	return raw.split(",").map((part, i) => {
		const v = parseNumber(part);
		if (v === null) {
			throw new UsageError(`${flag}: value ${i + 1} of ${quote(raw)} is not a number: ${quote(part.trim())}`);
		}
		return v;
	});
}

/** A comma-separated list of distinct, non-empty names (`--features a,b`). Throws UsageError otherwise. */
export function nameList(flag: string, raw: string): string[] {
	const names = raw.split(",").map((s) => s.trim());
	if (names.some((n) => n === "")) throw new UsageError(`${flag} has an empty name in ${quote(raw)}`);
	const seen = new Set<string>();
	for (const n of names) {
		if (seen.has(n)) throw new UsageError(`${flag} names ${quote(n)} twice`);
		seen.add(n);
	}
	return names;
}

/**
 * The registered name of `kind` that `raw` stands for, by the framework's rule
 * (exact, else ignoring case). Throws UsageError naming the flag, listing the
 * valid names and suggesting the nearest one.
 */
function registeredName(flag: string, kind: NameKind, raw: string): string {
	try {
		return resolveName(kind, raw);
	} catch (e) {
		if (!(e instanceof UnknownNameError)) throw e;
		const hint = e.suggestion === null ? "" : `; did you mean ${quote(e.suggestion)}?`;
		throw new UsageError(`${flag}: unknown ${e.kind} ${quote(raw)} (valid: ${e.known.join(", ")})${hint}`);
	}
}

/** A registered activation name. Throws UsageError listing the valid ones. */
export function activationName(flag: string, raw: string): string {
	return registeredName(flag, "activation", raw);
}

/** A registered loss name. Throws UsageError listing the valid ones. */
export function lossName(flag: string, raw: string): string {
	return registeredName(flag, "loss", raw);
}

/** An optimizer name (sgd, adam, rmsprop). Throws UsageError listing the valid ones. */
export function optimizerName(flag: string, raw: string): string {
	return registeredName(flag, "optimizer", raw);
}
