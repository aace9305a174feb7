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
		const n = operands.length;
		const inputs = new Array<Variable>(n);
		const values = new Array<Tensor>(n);
		const needsGrad = new Array<boolean>(n);
		let anyGrad = false;
		for (let i = 0; i < n; i++) {
			const v = toVariable(operands[i] as Operand, name, i, operands);
			inputs[i] = v;
			values[i] = v.value;
			needsGrad[i] = v.requiresGrad;
			if (v.requiresGrad) anyGrad = true;
		}
		const output = definition.forward(values, attrs as Attrs);
		if (!(output instanceof Tensor)) throw new TypeError(`${name}: forward must return a Tensor`);
		if (!anyGrad || !isGradEnabled()) return new Variable(output, false);
		const ctx: OpContext<Attrs> = { inputs: values, output, attrs: attrs as Attrs, needsGrad };
		return new Variable(output, true, new OpNode(definition, inputs, ctx));
	};
}

/** The graph record of one call of a defined op; released after backward to free its tensors. */
class OpNode<Attrs> implements GraphNode {
	released = false;
	private readonly shapes: ReadonlyArray<readonly number[]>;

	constructor(
		private readonly definition: OpDefinition<Attrs>,
		public inputs: readonly Variable[],
		private ctx: OpContext<Attrs> | null,
	) {
		this.shapes = (ctx as OpContext<Attrs>).inputs.map((v) => v.shape);
	}

	get op(): string {
		return this.definition.name;
	}

	backward(grad: Tensor): ReadonlyArray<Tensor | null> {
		const ctx = this.ctx;
		if (ctx === null) throw new Error(`${this.op}: backward through a released graph`);
		return checkGrads(this.op, this.definition.backward(grad, ctx), this.shapes, ctx.needsGrad);
	}

	release(): void {
		this.released = true;
		this.inputs = [];
		this.ctx = null;
	}
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
