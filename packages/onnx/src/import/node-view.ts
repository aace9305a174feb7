/** One node of the graph as the op table sees it: its inputs and outputs, and typed attribute reads. */
import { OnnxError } from "../errors";
import { int64, type OnnxTypes } from "../proto";

// AttributeProto.AttributeType codes.
const FLOAT = 1;
const INT = 2;
const STRING = 3;
const INTS = 7;
const STRINGS = 8;

/** A node with checked reads of its attributes; every error names the node. */
export class NodeView {
	/** Input value names ("" for an omitted optional input). */
	readonly inputs: readonly string[];
	/** Output value names. */
	readonly outputs: readonly string[];

	/** Wraps `node`; `where` names it in messages ("node 'gemm1' (Gemm)"). */
	constructor(
		readonly node: OnnxTypes.INodeProto,
		readonly where: string,
	) {
		this.inputs = node.input ?? [];
		this.outputs = node.output ?? [];
	}

	/** The op type ("Gemm"). */
	get opType(): string {
		return this.node.opType ?? "";
	}

	/** Throws OnnxError `fromOnnx: <where>: <message>`. */
	fail(message: string): never {
		throw new OnnxError(`fromOnnx: ${this.where}: ${message}`);
	}

	private find(name: string, type: number, what: string): OnnxTypes.IAttributeProto | undefined {
		const a = (this.node.attribute ?? []).find((x) => x.name === name);
		if (a && a.type !== type) this.fail(`attribute ${name} is not ${what}`);
		return a;
	}

	/** A FLOAT attribute, or `fallback` when absent. */
	float(name: string, fallback: number): number {
		const a = this.find(name, FLOAT, "a float");
		return a ? (a.f ?? 0) : fallback;
	}

	/** An INT attribute, or `fallback` when absent. */
	int(name: string, fallback: number): number {
		const a = this.find(name, INT, "an integer");
		return a ? int64(a.i) : fallback;
	}

	/** An INTS attribute, or `fallback` when absent. */
	ints(name: string, fallback: readonly number[]): number[] {
		const a = this.find(name, INTS, "a list of integers");
		return a ? (a.ints ?? []).map((v) => int64(v)) : [...fallback];
	}

	/** A STRING attribute (as text), or `fallback` when absent. */
	string(name: string, fallback: string): string {
		const a = this.find(name, STRING, "a string");
		return a ? new TextDecoder().decode(a.s ?? new Uint8Array()) : fallback;
	}

	/** A STRINGS attribute (as texts), or null when absent. */
	strings(name: string): string[] | null {
		const a = this.find(name, STRINGS, "a list of strings");
		return a ? (a.strings ?? []).map((b) => new TextDecoder().decode(b)) : null;
	}

	/** Throws unless every attribute of the node is one of `known`. */
	onlyAttributes(...known: string[]): void {
		for (const a of this.node.attribute ?? []) {
			if (!known.includes(a.name ?? "")) this.fail(`attribute ${a.name} is not supported`);
		}
	}

	/** Throws unless the node has `min` to `max` inputs and exactly one output. */
	arity(min: number, max: number): void {
		const n = this.inputs.length;
		if (n < min || n > max) this.fail(`expected ${min === max ? min : `${min} to ${max}`} inputs, got ${n}`);
		if (this.outputs.length !== 1) this.fail(`expected one output, got ${this.outputs.length}`);
	}
}
