/**
 * The side branch exporters write to make zeros as large as the batch: PyTorch
 * gives an LSTM its zero initial state as ConstantOfShape (or Expand of a zero
 * constant) of a shape read with Shape → Gather → Unsqueeze → Concat. Nothing
 * here is computed: such values are only marked as "computed from shapes" and,
 * at the end, "zeros", which the LSTM row accepts as its initial state.
 */
import type { Tensor } from "@backprop/tensor";
import type { NodeView } from "./node-view";

// Ops that only move integers of a shape around.
const SHAPE_ARITHMETIC = new Set(["Gather", "Unsqueeze", "Squeeze", "Concat", "Slice", "Cast", "Reshape"]);

/** The values of the side branch seen so far. */
export class ShapeBranch {
	private readonly fromShapes = new Set<string>();
	private readonly zeros = new Set<string>();

	/** True when `name` is zeros of a computed shape. */
	isZeros(name: string): boolean {
		return this.zeros.has(name);
	}

	/** True when `name` is part of the branch (an integer computed from shapes, or such zeros). */
	has(name: string): boolean {
		return this.fromShapes.has(name) || this.zeros.has(name);
	}

	/**
	 * Takes `node` into the branch when it belongs there: a Shape, shape arithmetic
	 * on a shape, or ConstantOfShape / Expand making zeros. `constant(name)` is the
	 * float constant `name`, or null. Returns false for any other node. Throws
	 * OnnxError naming the node for a ConstantOfShape / Expand of another value.
	 */
	absorb(
		node: NodeView,
		isConstant: (name: string) => boolean,
		floatConstant: (name: string) => Tensor | null,
	): boolean {
		const inputs = node.inputs.filter((n) => n !== "");
		const fromShapes = inputs.some((n) => this.fromShapes.has(n));
		const rest = inputs.every((n) => this.fromShapes.has(n) || isConstant(n));
		const op = node.opType;
		if (op === "Shape") {
			node.arity(1, 1);
			this.fromShapes.add(node.outputs[0] as string);
			return true;
		}
		if (!fromShapes || !rest) return false;
		if (SHAPE_ARITHMETIC.has(op)) {
			for (const out of node.outputs) this.fromShapes.add(out);
			return true;
		}
		if (op === "ConstantOfShape") {
			node.arity(1, 1);
			node.onlyAttributes("value");
			const value = (node.node.attribute ?? []).find((a) => a.name === "value")?.t;
			const raw = value?.rawData ?? new Uint8Array();
			const listed = [...(value?.floatData ?? []), ...(value?.doubleData ?? [])];
			if (!raw.every((b) => b === 0) || !listed.every((v) => v === 0)) {
				node.fail("only a ConstantOfShape of zeros is supported (an LSTM's zero initial state)");
			}
			this.zeros.add(node.outputs[0] as string);
			return true;
		}
		if (op === "Expand") {
			node.arity(2, 2);
			const source = floatConstant(node.inputs[0] as string);
			if (source === null || source.abs().max().item() !== 0) {
				node.fail("only an Expand of a zero constant is supported (an LSTM's zero initial state)");
			}
			this.zeros.add(node.outputs[0] as string);
			return true;
		}
		return false;
	}
}
