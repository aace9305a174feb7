/** The one check of whole-number options (sizes, epochs, batch sizes) in this package. */

/**
 * Returns `value` when it is an integer ≥ 1; otherwise throws RangeError
 * "`caller`: `what` must be a positive integer, got value".
 */
export function checkPositiveInteger(caller: string, what: string, value: number): number {
	if (!Number.isInteger(value) || value <= 0) {
		throw new RangeError(`${caller}: ${what} must be a positive integer, got ${String(value)}`);
	}
	return value;
}
