/**
 * Thrown for every shape problem: mismatched operands, bad axes, impossible reshapes.
 * The message names the operation and the shapes involved, e.g.
 * `matmul: [2,3] x [2,3]: inner dimensions 3 and 2 differ`.
 */
export class ShapeError extends Error {
	override name = "ShapeError";
}

/** Formats a shape the way every error message in backprop prints it: `[2,3]`. */
export function formatShape(shape: readonly number[]): string {
	return `[${shape.join(",")}]`;
}
