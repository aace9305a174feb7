/** Reading numbers from text the way CSV cells and flags are read. */

// Plain decimal numbers only: "1e-3", "-2.5", ".5". Not "0x10", "Infinity", "", " ".
const PLAIN_DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses a plain decimal number (surrounding spaces allowed), or returns null
 * for anything else: empty text, hex, "NaN", "Infinity", or a value too large
 * to be finite. Never throws.
 */
export function parseNumber(text: string): number | null {
	const s = text.trim();
	if (!PLAIN_DECIMAL.test(s)) return null;
	const v = Number(s);
	return Number.isFinite(v) ? v : null;
}
