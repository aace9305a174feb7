/** The one integer check of the charts' options. */

/**
 * Returns `value` when it is an integer from `least` to `most`; otherwise throws
 * RangeError "`caller`: `what` must be an integer ≥ least (or in least..most), got value".
 */
export function checkInteger(caller: string, what: string, value: number, least: number, most = Infinity): number {
	if (!Number.isInteger(value) || value < least || value > most) {
		const range = most === Infinity ? `≥ ${least}` : `in ${least}..${most}`;
		throw new RangeError(`${caller}: ${what} must be an integer ${range}, got ${String(value)}`);
	}
	return value;
}
