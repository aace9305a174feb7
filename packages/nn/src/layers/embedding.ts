/** Embedding: a learned vector per token index, looked up by gather (scatter-add backward). */
import { type Variable, variable } from "@backprop/autograd";
import { type DType, Rng, ShapeError, type Tensor } from "@backprop/tensor";
import { getInitializer, type InitializerSpec } from "../initializers";
import type { JsonObject } from "../json";
import { Module } from "../module";
import { checkPositive, showShape } from "./input-check";

/** Options for {@link Embedding}. */
export interface EmbeddingOptions {
	/** Initializer of the table (default `normal`, N(0, 1) as PyTorch's). */
	init?: InitializerSpec;
	/** Generator for the initializer (default: a new Rng(seed)). */
	rng?: Rng;
	/** Seed when no `rng` is given (default 0). */
	seed?: number;
	/** Parameter dtype (default float64). */
	dtype?: DType;
}

/**
 * Maps integer token indices `[batch, ...]` to vectors `[batch, ..., dim]`
 * (rows of `weight`, [vocabulary, dim]), as PyTorch's Embedding; the gradient
 * of a row is the sum over every place it was used. Throws RangeError for sizes
 * that are not positive integers.
 */
export class Embedding extends Module {
	/** The table, [vocabulary, dim]. */
	readonly weight: Variable;
	/** Name of the initializer (or "custom"). */
	readonly init: string;

	/** Creates the layer. */
	constructor(
		readonly vocabulary: number,
		readonly dim: number,
		options: EmbeddingOptions = {},
	) {
		super();
		checkPositive("Embedding", "vocabulary", vocabulary);
		checkPositive("Embedding", "dim", dim);
		const spec = options.init ?? "normal";
		this.init = typeof spec === "string" ? spec : "custom";
		const dtype = options.dtype ?? "float64";
		const rng = options.rng ?? new Rng(options.seed ?? 0);
		const w = getInitializer(spec)([vocabulary, dim], { rng, fanIn: vocabulary, fanOut: dim, dtype }).astype(dtype);
		this.weight = variable(w, { requiresGrad: true, name: "weight" });
	}

	/**
	 * The vectors of x's indices. Throws RangeError naming the layer, the batch row
	 * and position for an index that is not an integer in [0, vocabulary).
	 */
	forward(x: Variable): Variable {
		if (x.rank < 1)
			throw new ShapeError(`${this.label}: expected input [batch, ...] of indices, got ${showShape(x.shape)}`);
		const indices = this.indicesOf(x.value, "batch row");
		return this.weight.gather(indices, 0).reshape([...x.shape, this.dim]);
	}

	/**
	 * Checks every index of a whole data set before training (fit calls it), so a
	 * bad one is named by its dataset row and nothing has changed yet. Throws
	 * RangeError as {@link forward}.
	 */
	checkData(x: Tensor): void {
		this.indicesOf(x, "dataset row");
	}

	private indicesOf(x: Tensor, rowName: string): number[] {
		const values = Array.from(x.dataSync());
		const perRow = x.rank === 0 ? 1 : x.size / x.shape[0];
		values.forEach((v, i) => {
			if (Number.isInteger(v) && v >= 0 && v < this.vocabulary) return;
			const row = Math.floor(i / perRow);
			const at = x.rank > 1 ? `${rowName} ${row}, position ${i % perRow}` : `${rowName} ${row}`;
			const why = Number.isInteger(v) ? `is outside [0, ${this.vocabulary})` : "is not an integer";
			throw new RangeError(`${this.label}: index ${v} at ${at} ${why}`);
		});
		return values;
	}

	/** `{ vocabulary, dim, init }`. */
	override getConfig(): JsonObject {
		return { vocabulary: this.vocabulary, dim: this.dim, init: this.init };
	}
}
