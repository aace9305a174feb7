/** LSTM over [batch, time, features], with PyTorch's gate equations. */
import { type Variable, variable } from "@backprop/autograd";
import { type DType, Rng, rand, zeros } from "@backprop/tensor";
import type { JsonObject } from "../json";
import { Module } from "../module";
import { checkInput, checkPositive } from "./input-check";

/** Options for {@link LSTM}. */
export interface LSTMOptions {
	/** Return the hidden state of every step, [batch, time, units], rather than the last one, [batch, units] (default false). */
	returnSequences?: boolean;
	/** Generator for the starting weights (default: a new Rng(seed)). */
	rng?: Rng;
	/** Seed when no `rng` is given (default 0). */
	seed?: number;
	/** Parameter dtype (default float64). */
	dtype?: DType;
}

/**
 * A long short-term memory layer, as PyTorch's `nn.LSTM` (one layer, batch
 * first, zero initial state). For each step t, with z = x_t·Wih + h·Whh + b
 * split into four blocks of `units` in the order i, f, g, o:
 * i = σ(z_i), f = σ(z_f), g = tanh(z_g), o = σ(z_o), c = f ⊙ c + i ⊙ g,
 * h = o ⊙ tanh(c). `weightIh` is [inputs, 4·units] and `weightHh` [units, 4·units]
 * (the transposes of PyTorch's weight_ih_l0 and weight_hh_l0, as Dense's layout);
 * `bias` is PyTorch's bias_ih + bias_hh. Weights start uniform in ±1/√units, as
 * PyTorch's. Throws RangeError for sizes that are not positive integers.
 */
export class LSTM extends Module {
	/** Input-to-gates weights, [inputs, 4·units]. */
	readonly weightIh: Variable;
	/** Hidden-to-gates weights, [units, 4·units]. */
	readonly weightHh: Variable;
	/** Gate biases, [4·units]. */
	readonly bias: Variable;
	/** Whether every step's hidden state is returned. */
	readonly returnSequences: boolean;

	/** Creates the layer. */
	constructor(
		readonly inputs: number,
		readonly units: number,
		options: LSTMOptions = {},
	) {
		super();
		checkPositive("LSTM", "inputs", inputs);
		checkPositive("LSTM", "units", units);
		this.returnSequences = options.returnSequences ?? false;
		const dtype = options.dtype ?? "float64";
		const rng = options.rng ?? new Rng(options.seed ?? 0);
		const k = 1 / Math.sqrt(units);
		const uniform = (shape: number[], name: string) =>
			variable(rand(shape, { rng, low: -k, high: k, dtype }), { requiresGrad: true, name });
		this.weightIh = uniform([inputs, 4 * units], "weightIh");
		this.weightHh = uniform([units, 4 * units], "weightHh");
		this.bias = uniform([4 * units], "bias");
	}

	/**
	 * Runs the sequence x [batch, time, inputs] from a zero state. Throws ShapeError
	 * naming the layer for an input that is not 3-D or has another feature count.
	 */
	forward(x: Variable): Variable {
		checkInput(this, x, ["batch", "time", this.inputs]);
		const [batch, time] = x.shape as [number, number, number];
		const u = this.units;
		// Every step's input projection in one product: [batch, time, 4·units].
		const projected = x.linear(this.weightIh, this.bias);
		let h: Variable = variable(zeros([batch, u], { dtype: this.weightIh.dtype }));
		let c: Variable = h;
		const states: Variable[] = [];
		for (let t = 0; t < time; t++) {
			const z = projected
				.slice(t, t + 1, 1)
				.reshape([batch, 4 * u])
				.add(h.matmul(this.weightHh));
			const i = z.slice(0, u, 1).sigmoid();
			const f = z.slice(u, 2 * u, 1).sigmoid();
			const g = z.slice(2 * u, 3 * u, 1).tanh();
			const o = z.slice(3 * u, 4 * u, 1).sigmoid();
			c = f.mul(c).add(i.mul(g));
			h = o.mul(c.tanh());
			if (this.returnSequences) states.push(h.reshape([batch, 1, u]));
		}
		if (!this.returnSequences) return h;
		const [first, ...rest] = states as [Variable, ...Variable[]];
		return time === 0 ? variable(zeros([batch, 0, u])) : first.concat(rest, 1);
	}

	/** `{ inputs, units, returnSequences }`. */
	override getConfig(): JsonObject {
		return { inputs: this.inputs, units: this.units, returnSequences: this.returnSequences };
	}
}
