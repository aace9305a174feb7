/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
	[key: string]: Json;
}

/**
 * Names that reach an object's prototype when used as keys: never read from a
 * file as a key, never accepted as a registered name.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
