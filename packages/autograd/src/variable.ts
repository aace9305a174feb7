import {
	type DType,
	describeValue,
	formatShape,
	type NestedArray,
	Tensor,
	type TensorData,
	tensor,
	zeros,
} from "@backprop/tensor";
import { type BackwardOptions, runBackward } from "./engine";

/** Anything a differentiable op accepts: a variable, a constant tensor, or a number. */
export type Operand = Variable | Tensor | number;

/** The record of the op that produced a variable: its inputs and how to differentiate it. */
export interface GraphNode {
	/** The op's name. */
	readonly op: string;
	/** The variables the op read (emptied when the graph is released). */
	inputs: readonly Variable[];
	/** True once backward has run through this node without `retainGraph`. */
	released: boolean;
	/** dLoss/dOutput to dLoss/dInput for each input. */
	backward(grad: Tensor): ReadonlyArray<Tensor | null>;
	/** Drops references to inputs and saved values, so memory stays flat across steps. */
	release(): void;
}

/**
 * A value in a differentiable computation: a Tensor (`.value`), the gradient
 * accumulated by backward (`.grad`), and the graph node that produced it.
 */
export class Variable {
	/** The current value. Optimizers replace it; it is never changed in place. */
	value: Tensor;
	/** dLoss/dThis accumulated by backward, the shape of `value`; null before any. */
	grad: Tensor | null = null;
	/** Whether gradients flow to and through this variable. */
	readonly requiresGrad: boolean;
	/** True when backward should store `.grad` although this is not a leaf (see retainGrad). */
	retainsGrad = false;
	/** Optional name, used by layers ("dense.weight"). */
	name: string | undefined;
	/** Engine bookkeeping: the last backward pass that reached this variable. */
	visitMark = 0;
	/** Engine bookkeeping: gradient gathered so far during a backward pass. */
	pendingGrad: Tensor | null = null;
	private graphNode: GraphNode | null;

	/** Wraps a tensor. Prefer {@link variable}. */
	constructor(value: Tensor, requiresGrad = false, node: GraphNode | null = null, name?: string) {
		this.value = value;
		this.requiresGrad = requiresGrad;
		this.graphNode = node;
		this.name = name;
	}

	/** The node that produced this variable; null for a leaf. */
	get node(): GraphNode | null {
		return this.graphNode;
	}
	/** True for variables made by the user rather than by an op. */
	get isLeaf(): boolean {
		return this.graphNode === null;
	}
	/** Shape of the value. */
	get shape(): readonly number[] {
		return this.value.shape;
	}
	/** Dtype of the value. */
	get dtype(): DType {
		return this.value.dtype;
	}
	/** Number of elements. */
	get size(): number {
		return this.value.size;
	}
	/** Number of dimensions. */
	get rank(): number {
		return this.value.rank;
	}
	/** The single value of a one-element variable. Throws ShapeError otherwise. */
	item(): number {
		return this.value.item();
	}
	/** The value as nested arrays (a number for rank 0). */
	toArray(): NestedArray {
		return this.value.toArray();
	}
	/** A short readable form. */
	toString(): string {
		return `Variable(${this.dtype} ${formatShape(this.shape)}${this.requiresGrad ? ", requiresGrad" : ""})`;
	}

	/**
	 * Backpropagates from this variable: `backward()` on a single-element output,
	 * `backward(grad)` with a seed of this shape otherwise. Gradients add up in the
	 * leaves' `.grad` until {@link zeroGrad}. The graph is released afterwards unless
	 * `retainGraph`. Throws if nothing requires a gradient, the seed's shape is wrong
	 * (ShapeError) or the graph was already released.
	 */
	backward(grad?: Tensor | NestedArray, options: BackwardOptions = {}): void {
		const seed = grad === undefined || grad instanceof Tensor ? grad : tensor(grad, { dtype: this.dtype });
		runBackward(this, seed, options);
	}

	/** Asks backward to store `.grad` on this non-leaf variable too. Returns this. */
	retainGrad(): this {
		this.retainsGrad = true;
		return this;
	}

	/** Adds `g` into `.grad`, in this variable's dtype. Used by the engine. */
	accumulateGrad(g: Tensor): void {
		const cast = g.astype(this.dtype);
		this.grad = this.grad === null ? cast : this.grad.add(cast);
	}

	/** The same value cut from the graph: no gradient flows through the result. */
	detach(): Variable {
		return new Variable(this.value, false);
	}
}

/** Options for {@link variable}. */
export interface VariableOptions {
	/** Whether gradients should be computed for it (default false). */
	requiresGrad?: boolean;
	/** Element type (default float64, or the tensor's own). */
	dtype?: DType;
	/** Optional name. */
	name?: string;
}

/**
 * A leaf variable from anything `tensor()` accepts (a Tensor is used as is when its
 * dtype fits). Throws what `tensor()` throws for bad data.
 */
export function variable(data: TensorData | Variable, options: VariableOptions = {}): Variable {
	const source = data instanceof Variable ? data.value : data;
	const value =
		source instanceof Tensor && (options.dtype === undefined || options.dtype === source.dtype)
			? source
			: tensor(source, options.dtype ? { dtype: options.dtype } : {});
	return new Variable(value, options.requiresGrad ?? false, null, options.name);
}

/**
 * Turns an operand into a variable: variables pass through, tensors become
 * constants, numbers become rank-0 constants in the dtype of the other operands.
 * Throws TypeError naming the op and position for anything else.
 */
export function toVariable(o: Operand, op: string, index: number, all: readonly Operand[]): Variable {
	if (o instanceof Variable) return o;
	if (o instanceof Tensor) return new Variable(o, false);
	if (typeof o === "number") {
		const other = all.find((x): x is Variable | Tensor => typeof x !== "number");
		const dtype = other ? (other instanceof Variable ? other.dtype : other.dtype) : "float64";
		return new Variable(tensor(o, { dtype }), false);
	}
	throw new TypeError(`${op}: operand ${index} must be a Variable, a Tensor or a number, got ${describe(o)}`);
}

// The value as error messages name it, with a hint for the usual slip: a plain array.
function describe(x: unknown): string {
	return Array.isArray(x) ? "an array (wrap it with variable() or tensor())" : describeValue(x);
}

/** Sets `.grad` of each variable back to null (as `optimizer.zero_grad(set_to_none=True)`). */
export function zeroGrad(variables: Iterable<Variable>): void {
	for (const v of variables) v.grad = null;
}

/** A zero tensor shaped like `v` (handy in custom backward functions). */
export function zerosLike(v: Variable | Tensor): Tensor {
	const t = v instanceof Variable ? v.value : v;
	return zeros(t.shape, { dtype: t.dtype });
}
