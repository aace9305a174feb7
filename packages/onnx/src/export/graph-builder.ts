/** Collects the nodes and constants of the graph an export writes, with unique names. */
import type { DType, Tensor } from "@backprop/tensor";
import { DOUBLE, FLOAT, INT64, type OnnxTypes } from "../proto";

/** An attribute value of a node: a number is written as an INT when `int` is set, else as a FLOAT. */
export type AttributeValue = { float: number } | { int: number } | { ints: readonly number[] };

/** The ONNX element type code of a dtype. */
export function elemType(dtype: DType): number {
	return dtype === "float32" ? FLOAT : DOUBLE;
}

// AttributeProto.AttributeType codes.
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;

function attribute(name: string, value: AttributeValue): OnnxTypes.IAttributeProto {
	if ("float" in value) return { name, type: ATTR_FLOAT, f: value.float };
	if ("int" in value) return { name, type: ATTR_INT, i: value.int };
	return { name, type: ATTR_INTS, ints: [...value.ints] };
}

/**
 * The graph under construction. Layer exporters add constants and nodes through it;
 * every name it hands out is unique in the graph.
 */
export class GraphBuilder {
	/** The nodes, in execution order. */
	readonly nodes: OnnxTypes.INodeProto[] = [];
	/** The constant tensors (weights, biases). */
	readonly initializers: OnnxTypes.ITensorProto[] = [];
	private readonly used = new Set<string>();

	/** A builder writing constants as `dtype`; `reserved` names (the graph's input and output) are never handed out. */
	constructor(
		readonly dtype: DType,
		reserved: readonly string[],
	) {
		for (const name of reserved) this.used.add(name);
	}

	/** A name not used yet in the graph: `base`, or `base_2`, `base_3`, ... */
	fresh(base: string): string {
		let name = base;
		for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`;
		this.used.add(name);
		return name;
	}

	/** Adds `t` (cast to the export dtype) as a constant named after `base`; returns its name. */
	constant(base: string, t: Tensor): string {
		const name = this.fresh(base);
		const values = Array.from(t.astype(this.dtype).dataSync());
		this.initializers.push({
			name,
			dims: [...t.shape],
			dataType: elemType(this.dtype),
			...(this.dtype === "float32" ? { floatData: values } : { doubleData: values }),
		});
		return name;
	}

	/** Adds a 1-D int64 constant (a shape or axes list) named after `base`; returns its name. */
	int64Constant(base: string, values: readonly number[]): string {
		const name = this.fresh(base);
		this.initializers.push({ name, dims: [values.length], dataType: INT64, int64Data: [...values] });
		return name;
	}

	/**
	 * Adds a node `opType(inputs)` with `attributes`, named after `base`; returns the
	 * name of its one output.
	 */
	node(
		opType: string,
		inputs: readonly string[],
		base: string,
		attributes: Record<string, AttributeValue> = {},
	): string {
		const output = this.fresh(`${base}_out`);
		this.nodes.push({
			name: this.fresh(base),
			opType,
			input: [...inputs],
			output: [output],
			attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)),
		});
		return output;
	}

	/**
	 * Adds a node with several outputs, of which only those `wanted` are named (the
	 * others are left out, as ONNX writes an unused optional output); returns the
	 * outputs' names, "" for the unwanted ones.
	 */
	nodeWithOutputs(
		opType: string,
		inputs: readonly string[],
		base: string,
		wanted: readonly boolean[],
		attributes: Record<string, AttributeValue> = {},
	): string[] {
		const outputs = wanted.map((w, i) => (w ? this.fresh(`${base}_out${i}`) : ""));
		let count = outputs.length;
		while (count > 0 && outputs[count - 1] === "") count--;
		this.nodes.push({
			name: this.fresh(base),
			opType,
			input: [...inputs],
			output: outputs.slice(0, count),
			attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)),
		});
		return outputs;
	}

	/** Renames the value `from` to `to` wherever a node reads or writes it. */
	rename(from: string, to: string): void {
		for (const n of this.nodes) {
			n.input = (n.input ?? []).map((v) => (v === from ? to : v));
			n.output = (n.output ?? []).map((v) => (v === from ? to : v));
		}
	}
}
