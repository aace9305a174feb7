/**
 * Names → values, the one way this package looks names up: activations,
 * losses, initializers, metrics, optimizers and layer types. A name matches
 * exactly or, failing that, whatever its case ("MSE" is mse, "Adam" is adam);
 * names that differ only in case cannot both be registered. A failed lookup
 * lists the known names and suggests the nearest one.
 */
import { RESERVED_KEYS } from "./json";

/**
 * A name that no registry entry matches. `known` lists the registered names and
 * `suggestion` is the nearest of them when one is close ("sigmoidd" → "sigmoid").
 */
export class UnknownNameError extends Error {
	override name = "UnknownNameError";

	/** `kind` is what was looked up ("activation", "loss", ...), `requested` the name given. */
	constructor(
		readonly kind: string,
		readonly requested: string,
		readonly known: readonly string[],
		readonly suggestion: string | null,
	) {
		super(
			`unknown ${kind} ${JSON.stringify(requested)} (known: ${known.join(", ")})${suggestion === null ? "" : `; did you mean ${JSON.stringify(suggestion)}?`}`,
		);
	}
}

// Edit distance (insertions, deletions, substitutions, adjacent swaps) between two strings.
function editDistance(a: string, b: string): number {
	const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => i + j));
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const row = rows[i] as number[];
			const above = rows[i - 1] as number[];
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let d = Math.min(above[j] + 1, row[j - 1] + 1, above[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				d = Math.min(d, (rows[i - 2] as number[])[j - 2] + 1);
			}
			row[j] = d;
		}
	}
	return (rows[a.length] as number[])[b.length];
}

/**
 * The name in `names` nearest to `name` ignoring case — within one edit for short
 * names, a third of the length for longer ones, or one that begins with `name`
 * (3 letters or more) — or null when none is that close. Ties go to the earlier
 * name. Never throws.
 */
export function closestName(name: string, names: readonly string[]): string | null {
	const wanted = String(name).toLowerCase();
	const limit = Math.max(1, Math.floor(wanted.length / 3));
	let best: string | null = null;
	let bestDistance = Infinity;
	for (const candidate of names) {
		const lower = candidate.toLowerCase();
		const distance = wanted.length >= 3 && lower.startsWith(wanted) ? 1 : editDistance(wanted, lower);
		if (distance <= limit && distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}
	return best;
}

/** How {@link Registry.names} lists names: sorted, or in the order they were registered. */
export type NameOrder = "sorted" | "registered";

/** A name → value registry of one kind of thing, with the package's one naming rule. */
export class Registry<T> {
	private readonly entries = new Map<string, T>();
	private readonly builtIn = new Set<string>();

	/** A registry of `kind`s ("activation", "loss", ...), named so in error messages. */
	constructor(
		private readonly kind: string,
		private readonly order: NameOrder = "sorted",
	) {}

	/**
	 * Adds or replaces `name`. Throws TypeError for an empty or reserved name, a
	 * built-in one (a saved model naming `sigmoid` must always mean the same
	 * function), or one that differs only in case from a registered name.
	 */
	set(name: string, value: T): void {
		if (typeof name !== "string" || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) || RESERVED_KEYS.has(name)) {
			throw new TypeError(`register ${this.kind}: invalid name ${JSON.stringify(name)}`);
		}
		const existing = this.canonicalName(name);
		if (existing !== null && this.builtIn.has(existing)) {
			throw new TypeError(`register ${this.kind}: ${JSON.stringify(name)} is built in and cannot be replaced`);
		}
		if (existing !== null && existing !== name) {
			throw new TypeError(
				`register ${this.kind}: ${JSON.stringify(name)} differs only in case from the registered ${JSON.stringify(existing)}`,
			);
		}
		this.entries.set(name, value);
	}

	/** Adds a built-in entry that later registrations may not replace. Throws as `set`. */
	setBuiltIn(name: string, value: T): void {
		this.set(name, value);
		this.builtIn.add(name);
	}

	/** The registered name `name` stands for: itself, else the one that matches ignoring case, else null. */
	canonicalName(name: string): string | null {
		if (typeof name !== "string") return null;
		if (this.entries.has(name)) return name;
		const lower = name.toLowerCase();
		for (const key of this.entries.keys()) if (key.toLowerCase() === lower) return key;
		return null;
	}

	/** True when `name` matches a registered name. */
	has(name: string): boolean {
		return this.canonicalName(name) !== null;
	}

	/** The registered name `name` stands for. Throws UnknownNameError when none matches. */
	resolveName(name: string): string {
		const key = this.canonicalName(name);
		if (key === null) {
			const known = this.names();
			throw new UnknownNameError(this.kind, String(name), known, closestName(String(name), known));
		}
		return key;
	}

	/** The entry for `name`. Throws UnknownNameError (listing the known names) when none matches. */
	get(name: string): T {
		return this.entries.get(this.resolveName(name)) as T;
	}

	/** Registered names, sorted or in registration order (as the registry was made). */
	names(): string[] {
		const keys = [...this.entries.keys()];
		return this.order === "sorted" ? keys.sort() : keys;
	}
}
