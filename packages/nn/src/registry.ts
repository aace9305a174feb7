import { RESERVED_KEYS } from "./json";

/**
 * A name → value registry that refuses prototype-polluting names and lists
 * what it knows when a lookup fails.
 */
export class Registry<T> {
	private readonly entries = new Map<string, T>();
	private readonly builtIn = new Set<string>();

	/** A registry of `kind`s ("activation", "loss", ...), used in error messages. */
	constructor(private readonly kind: string) {}

	/**
	 * Adds or replaces `name`. Throws TypeError for an empty or reserved name, or a
	 * built-in one (a saved model naming `sigmoid` must always mean the same function).
	 */
	set(name: string, value: T): void {
		if (typeof name !== "string" || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) || RESERVED_KEYS.has(name)) {
			throw new TypeError(`register ${this.kind}: invalid name ${JSON.stringify(name)}`);
		}
		if (this.builtIn.has(name)) {
			throw new TypeError(`register ${this.kind}: ${JSON.stringify(name)} is built in and cannot be replaced`);
		}
		this.entries.set(name, value);
	}

	/** Adds a built-in entry that later registrations may not replace. */
	setBuiltIn(name: string, value: T): void {
		this.set(name, value);
		this.builtIn.add(name);
	}

	/** True when `name` is registered. */
	has(name: string): boolean {
		return this.entries.has(name);
	}

	/** The entry for `name`. Throws an Error listing the known names otherwise. */
	get(name: string): T {
		const value = this.entries.get(name);
		if (value === undefined) {
			throw new Error(`unknown ${this.kind} ${JSON.stringify(name)} (known: ${this.names().join(", ")})`);
		}
		return value;
	}

	/** Registered names, sorted. */
	names(): string[] {
		return [...this.entries.keys()].sort();
	}
}
