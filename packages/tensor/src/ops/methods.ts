/**
 * The free functions and the `Tensor` methods, derived from the op table. The
 * methods are attached here, outside the class file, and typed by declaration
 * merging (as tfjs-core's chained ops are): `t.add(o)` is `add(t, o)`.
 */
import { opTable } from "../table";
import { Tensor, type TensorLike } from "../tensor";
import type { OpRow } from "./row";
import type { OpMethods, OpName, OpSignatures } from "./signatures";

declare module "../tensor" {
	interface Tensor extends OpMethods<Tensor, TensorLike, Tensor> {}
}

/** The op table's free functions over tensors (`tensorOps.add(a, b)`). */
export const tensorOps = Object.fromEntries(
	Object.entries(opTable).map(([name, row]) => [name, row.fn]),
) as unknown as OpSignatures<Tensor, TensorLike, Tensor>;

// A method per row, with a fixed arity where it can (a rest parameter allocates on every call).
type Fn = (...args: unknown[]) => Tensor;
function methodOf(fn: Fn, row: OpRow): (this: Tensor, ...args: unknown[]) => Tensor {
	if (row.variadic) {
		return function (this: Tensor, others: unknown, ...rest: unknown[]) {
			return fn([this, ...(others as Tensor[])], ...rest);
		};
	}
	switch (row.operandsOnly ? row.arity : 0) {
		case 1:
			return function (this: Tensor) {
				return fn(this);
			};
		case 2:
			return function (this: Tensor, a: unknown) {
				return fn(this, a);
			};
		default:
			// An op takes at most four attributes (OpRow); missing ones arrive as undefined, so defaults apply.
			return function (this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown) {
				return fn(this, a, b, c, d);
			};
	}
}

for (const [name, row] of Object.entries(opTable)) {
	Object.defineProperty(Tensor.prototype, name as OpName, {
		value: methodOf(row.fn as Fn, row),
		writable: true,
		configurable: true,
	});
}
