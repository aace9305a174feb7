/** The fully connected layer: `activation(x · W + b)`. */
import { linear, type Variable, variable } from "@backprop/autograd";
import { type DType, formatShape, type NestedArray, Rng, ShapeError, Tensor, tensor } from "@backprop/tensor";
import { type Activation, type ActivationSpec, getActivation } from "../activations";
import { checkPositiveInteger } from "../checks";
import { getInitializer, type InitializerSpec } from "../initializers";
import type { Module } from "../module";

/** Options for {@link Dense}. */
export interface DenseOptions {
	/** Activation after the affine map (default `linear`). */
	activation?: ActivationSpec;
	/** Whether to add a bias (default true). */
	useBias?: boolean;
	/** Weight initializer (default `glorotUniform`); the bias starts at zero. */
	init?: InitializerSpec;
	/** Exact starting weights, shape [inputs, units]. */
	weights?: Tensor | NestedArray;
	/** Exact starting bias, shape [units]. */
	bias?: Tensor | NestedArray;
	/** Generator for the initializer (default: a new Rng(0)). */
	rng?: Rng;
	/** Element type of the parameters (default float64). */
	dtype?: DType;
}

/** A weight or bias given in the options, as a tensor of `dtype`; ShapeError unless it has exactly `shape`. */
function givenParameter(value: Tensor | NestedArray, shape: number[], what: string, dtype: DType): Tensor {
	const t = value instanceof Tensor ? value.astype(dtype) : tensor(value, { dtype });
	if (t.rank !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
		throw new ShapeError(`Dense: ${what} has shape ${formatShape(t.shape)}, expected ${formatShape(shape)}`);
	}
	return t;
}

/**
 * A dense (fully connected) layer mapping `[n, inputs]` to `[n, units]` as
 * `activation(x · W + b)`, with `W` of shape [inputs, units] (TensorFlow.js's kernel
 * layout) and `b` of shape [units]. Throws RangeError for sizes that are not positive
 * integers, ShapeError for given weights of the wrong shape.
 */
export class Dense implements Module {
	/** The weight W, [inputs, units]. */
	readonly weight: Variable;
	/** The bias b, [units], or null without one. */
	readonly bias: Variable | null;
	/** The resolved activation. */
	readonly activation: Activation;
	/** Name of the initializer used (or "custom"), for saved models. */
	readonly init: string;

	/** Creates the layer; see {@link DenseOptions}. */
	constructor(
		readonly inputs: number,
		readonly units: number,
		options: DenseOptions = {},
	) {
		checkPositiveInteger("Dense", "inputs", inputs);
		checkPositiveInteger("Dense", "units", units);
		const dtype = options.dtype ?? "float64";
		const spec = options.init ?? "glorotUniform";
		this.init = typeof spec === "string" ? spec : "custom";
		this.activation = getActivation(options.activation ?? "linear");
		const w =
			options.weights !== undefined
				? givenParameter(options.weights, [inputs, units], "weights", dtype)
				: getInitializer(spec)([inputs, units], {
						rng: options.rng ?? new Rng(0),
						fanIn: inputs,
						fanOut: units,
						dtype,
					}).astype(dtype);
		this.weight = variable(w, { requiresGrad: true, name: "weight" });
		const useBias = options.useBias ?? true;
		if (!useBias && options.bias !== undefined) throw new TypeError("Dense: bias given but useBias is false");
		this.bias = useBias
			? variable(
					options.bias !== undefined
						? givenParameter(options.bias, [units], "bias", dtype)
						: tensor(new Float64Array(units), { dtype }),
					{
						requiresGrad: true,
						name: "bias",
					},
				)
			: null;
	}

	/** Element type of the parameters. */
	get dtype(): DType {
		return this.weight.dtype;
	}

	/**
	 * `activation(x · W + b)` for x of shape [n, inputs] (or a single sample [inputs]).
	 * Throws ShapeError naming both shapes when x's last dimension is not `inputs`.
	 */
	forward(x: Variable): Variable {
		const last = x.shape[x.rank - 1];
		if (x.rank === 0 || last !== this.inputs) {
			throw new ShapeError(
				`Dense: input of shape ${formatShape(x.shape)} does not fit a layer with ${this.inputs} inputs (expected [n,${this.inputs}])`,
			);
		}
		// Inputs are data, cast to the layer's dtype (a float32 model stays float32).
		const input = x.dtype !== this.dtype && !x.requiresGrad ? variable(x.value.astype(this.dtype)) : x;
		return this.activation.apply(linear(input, this.weight, this.bias ?? undefined));
	}

	/** [weight, bias] (or [weight] without a bias). */
	parameters(): Variable[] {
		return this.bias ? [this.weight, this.bias] : [this.weight];
	}
}
