/**
 * `defineOp`: the one way a differentiable op comes to exist. Every built-in op
 * is defined with it, so a user's op is recorded, checked and differentiated
 * exactly like `add` or `matmul`.
 */
import { formatShape, ShapeError, sameShape, Tensor } from "@backprop/tensor";
import { isGradEnabled } from "./grad-mode";
import { type GraphNode, type Operand, toVariable, Variable } from "./variable";

/** What an op's backward sees about the forward call it differentiates. */
export interface OpContext<Attrs> {
	/** The input values, in order. */
	readonly inputs: readonly Tensor[];
	/** The forward result. */
	readonly output: Tensor;
	/** The non-differentiable arguments given to the op (axes, bounds, ...). */
	readonly attrs: Attrs;
	/** Which inputs need a gradient; a backward may skip the others (return null). */
	readonly needsGrad: readonly boolean[];
}

/** The definition of a differentiable op: a name, a forward and its backward side by side. */
export interface OpDefinition<Attrs = undefined> {
	/** Name used in graph nodes and error messages. */
	name: string;
	/** Computes the output from input values. */
	forward(inputs: readonly Tensor[], attrs: Attrs): Tensor;
	/**
	 * Given dLoss/dOutput, returns dLoss/dInput for each input (same shape as that
	 * input), or null where no gradient flows.
	 */
	backward(grad: Tensor, ctx: OpContext<Attrs>): ReadonlyArray<Tensor | null>;
}

/** A differentiable op: call it with its operands (variables, tensors or numbers) and attributes. */
export type Op<Attrs = undefined> = (inputs: readonly Operand[], attrs?: Attrs) => Variable;

/**
 * Defines a differentiable op. The returned function runs `forward` on the
 * operands' values and, when any operand requires a gradient (and recording is
 * on), records a graph node whose backward is `backward`.
 *
 * ```ts
 * const cube = defineOp({
 *   name: "cube",
 *   forward: ([x]) => x.mul(x).mul(x),
 *   backward: (g, { inputs: [x] }) => [g.mul(x.mul(x).mul(3))],
 * });
 * cube([variable([1, 2], { requiresGrad: true })]);
 * ```
 * Throws TypeError for an operand that is not a Variable, Tensor or number, or a
 * forward that does not return a Tensor.
 */
export function defineOp<Attrs = undefined>(definition: OpDefinition<Attrs>): Op<Attrs> {
	const { name } = definition;
	if (typeof name !== "string" || name === "") throw new TypeError("defineOp: an op needs a non-empty name");
	if (typeof definition.forward !== "function" || typeof definition.backward !== "function") {
		throw new TypeError(`defineOp '${name}': forward and backward must be functions`);
	}
	return (operands, attrs) => {
		const inputs = operands.map((o, i) => toVariable(o, name, i, operands));
		const values = inputs.map((v) => v.value);
		const output = definition.forward(values, attrs as Attrs);
		if (!(output instanceof Tensor)) throw new TypeError(`${name}: forward must return a Tensor`);
		const needsGrad = inputs.map((v) => v.requiresGrad);
		if (!isGradEnabled() || !needsGrad.includes(true)) return new Variable(output, false);
		const shapes = values.map((v) => v.shape);
		let ctx: OpContext<Attrs> | null = { inputs: values, output, attrs: attrs as Attrs, needsGrad };
		const node: GraphNode = {
			op: name,
			inputs,
			released: false,
			backward(grad) {
				if (ctx === null) throw new Error(`${name}: backward through a released graph`);
				return checkGrads(name, definition.backward(grad, ctx), shapes, needsGrad);
			},
			release() {
				this.released = true;
				this.inputs = [];
				ctx = null;
			},
		};
		return new Variable(output, true, node);
	};
}

function checkGrads(
	op: string,
	grads: ReadonlyArray<Tensor | null>,
	shapes: ReadonlyArray<readonly number[]>,
	needsGrad: readonly boolean[],
): ReadonlyArray<Tensor | null> {
	if (!Array.isArray(grads) || grads.length !== shapes.length) {
		throw new TypeError(`${op}: backward must return one gradient (or null) per input, ${shapes.length} in all`);
	}
	for (let i = 0; i < shapes.length; i++) {
		const g = grads[i];
		if (!needsGrad[i] || g === null || g === undefined) continue;
		const shape = shapes[i] as readonly number[];
		if (!(g instanceof Tensor) || !sameShape(g.shape, shape)) {
			const got = g instanceof Tensor ? `shape ${formatShape(g.shape)}` : String(g);
			throw new ShapeError(
				`${op}: backward returned a gradient of ${got} for input ${i} of shape ${formatShape(shape)}`,
			);
		}
	}
	return grads;
}
