/**
 * LayerNorm written out in elementary ops, as our own export writes it
 * (MatMul by a column of 1/f for each mean) and as torch.onnx writes it before
 * opset 17 (ReduceMean over the last axis, Pow by 2):
 *
 *   c = x − mean(x); y = c / √(mean(c²) + eps) · weight + bias
 *
 * Found before the graph is read, by following each value to its one reader,
 * so the nine nodes become one LayerNorm layer.
 */
import type { Tensor } from "@backprop/tensor";
import type { OnnxTypes } from "../proto";
import type { IntConstant } from "./tensors";

type Node = OnnxTypes.INodeProto;

/** One LayerNorm found in the graph. */
export interface LayerNormPattern {
	/** Its nodes, first to last. */
	readonly nodes: ReadonlySet<Node>;
	/** The value it normalizes and the value it gives. */
	readonly input: string;
	readonly output: string;
	readonly weight: Tensor;
	readonly bias: Tensor;
	readonly eps: number;
}

/** What the matcher reads of the graph's constants (nothing is computed). */
export interface PatternConstants {
	float(name: string): Tensor | null;
	ints(name: string): IntConstant | null;
}

const INTS = 7;

/**
 * Every LayerNorm pattern in `nodes` whose intermediate values nothing else reads
 * (`readers` counts the readers of each value; the graph's output counts as one).
 */
export function findLayerNorms(
	nodes: readonly Node[],
	readers: ReadonlyMap<string, number>,
	constants: PatternConstants,
): LayerNormPattern[] {
	const producer = new Map<string, Node>();
	const consumers = new Map<string, Node[]>();
	for (const n of nodes) {
		for (const o of n.output ?? []) producer.set(o, n);
		for (const i of n.input ?? []) consumers.set(i, [...(consumers.get(i) ?? []), n]);
	}
	const only = (value: string, op: string): Node | null => {
		const c = consumers.get(value) ?? [];
		return c.length === 1 && readers.get(value) === 1 && c[0]?.opType === op ? (c[0] as Node) : null;
	};
	const out = (n: Node) => (n.output ?? [])[0] ?? "";
	const other = (n: Node, value: string) =>
		((n.input ?? [])[0] === value ? (n.input ?? [])[1] : (n.input ?? [])[0]) ?? "";

	// mean over the last axis of `value`: MatMul by a [f, 1] column of 1/f, or ReduceMean(axes [-1], keepdims 1)
	const isMean = (n: Node | undefined, value: string): boolean => {
		if (!n || (n.input ?? [])[0] !== value) return false;
		if (n.opType === "MatMul") {
			const w = constants.float((n.input ?? [])[1] ?? "");
			if (w?.rank !== 2 || w.shape[1] !== 1) return false;
			const f = w.shape[0] as number;
			const target = w.dtype === "float32" ? Math.fround(1 / f) : 1 / f;
			return Array.from(w.dataSync()).every((v) => v === target);
		}
		if (n.opType !== "ReduceMean") return false;
		const attrs = n.attribute ?? [];
		const keep = attrs.find((a) => a.name === "keepdims");
		if (keep && Number(keep.i) !== 1) return false;
		const axesAttr = attrs.find((a) => a.name === "axes" && a.type === INTS);
		const axes = axesAttr
			? (axesAttr.ints ?? []).map(Number)
			: (constants.ints((n.input ?? [])[1] ?? "")?.values ?? null);
		return axes !== null && axes.length === 1 && axes[0] === -1;
	};
	const scalar = (name: string, value: number | null): number | null => {
		const t = constants.float(name);
		if (t?.size !== 1) return null;
		const v = t.dataSync()[0] as number;
		return value === null || v === value ? v : null;
	};

	const found: LayerNormPattern[] = [];
	for (const sub of nodes) {
		if (sub.opType !== "Sub") continue;
		const [x, meanValue] = sub.input ?? [];
		const mean = producer.get(meanValue ?? "");
		if (!x || !mean || !isMean(mean, x) || readers.get(meanValue ?? "") !== 1) continue;
		const c = out(sub);
		const cReaders = consumers.get(c) ?? [];
		const square = cReaders.find((n) => n.opType === "Mul" || n.opType === "Pow");
		const div = cReaders.find((n) => n.opType === "Div");
		const expected = square?.opType === "Mul" ? 3 : 2;
		if (!square || !div || cReaders.length !== expected || readers.get(c) !== expected) continue;
		const squares =
			square.opType === "Mul"
				? (square.input ?? []).every((i) => i === c)
				: (square.input ?? [])[0] === c && scalar((square.input ?? [])[1] ?? "", 2) !== null;
		if (!squares || (div.input ?? [])[0] !== c) continue;
		const variance = only(out(square), "MatMul") ?? only(out(square), "ReduceMean");
		if (!variance || !isMean(variance, out(square))) continue;
		const addEps = only(out(variance), "Add");
		const eps = addEps ? scalar(other(addEps, out(variance)), null) : null;
		const sqrt = addEps && only(out(addEps), "Sqrt");
		if (!sqrt || eps === null || !(eps > 0) || only(out(sqrt), "Div") !== div || (div.input ?? [])[1] !== out(sqrt)) {
			continue;
		}
		const mul = only(out(div), "Mul");
		const weight = mul ? constants.float(other(mul, out(div))) : null;
		const add = mul && only(out(mul), "Add");
		const bias = add ? constants.float(other(add, out(mul))) : null;
		if (!add || !weight || !bias || weight.rank !== 1 || bias.rank !== 1 || weight.shape[0] !== bias.shape[0]) continue;
		found.push({
			nodes: new Set([mean, sub, square, variance, addEps, sqrt, div, mul, add]),
			input: x,
			output: out(add),
			weight,
			bias,
			eps,
		});
	}
	return found;
}
