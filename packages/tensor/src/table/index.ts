/**
 * The op table: every op of the framework, one row each, by family. The free
 * functions, the `Tensor` methods (ops/methods.ts) and the `Variable` methods
 * (@backprop/autograd) are all derived from it; ops/signatures.ts types them.
 */
import type { OpRow } from "../ops/row";
import type { OpName, OpSignatures } from "../ops/signatures";
import type { Tensor, TensorLike } from "../tensor";
import { binaryRows, elementwiseRows, unaryRows } from "./elementwise";
import { linalgRows } from "./linalg";
import { reduceRows } from "./reduce";
import { shapeRows } from "./shape";
import { windowRows } from "./window";

type TensorSignatures = OpSignatures<Tensor, TensorLike, Tensor>;

/** Every op, by name. */
export const opTable: { readonly [K in OpName]: OpRow & { readonly fn: TensorSignatures[K] } } = {
	...binaryRows,
	...unaryRows,
	...elementwiseRows,
	...reduceRows,
	...linalgRows,
	...shapeRows,
	...windowRows,
};

// Every row has a signature: a row missing from OpSignatures fails to compile here.
type Unsigned = Exclude<
	keyof (typeof binaryRows &
		typeof unaryRows &
		typeof elementwiseRows &
		typeof reduceRows &
		typeof linalgRows &
		typeof shapeRows &
		typeof windowRows),
	OpName
>;
const everyRowSigned: [Unsigned] extends [never] ? true : Unsigned = true;
void everyRowSigned;
