/** The one rule for reading a single output as a binary class, used by metrics, data and the command. */

/** An output at or above this is class 1, below it class 0. */
export const BINARY_THRESHOLD = 0.5;

/** The class of one output (a probability, or a 0/1 target): 1 when `value >= 0.5`, else 0 (NaN gives 0). */
export function binaryClass(value: number): 0 | 1 {
	return value >= BINARY_THRESHOLD ? 1 : 0;
}
