/** The nodes of a graph in an order where each runs after what it reads; a cycle is refused. */
import { OnnxError } from "../errors";
import type { OnnxTypes } from "../proto";

/** How a node is named in messages: `node 'name' (OpType)`, or its index when unnamed. */
export function describeNode(node: OnnxTypes.INodeProto, index: number): string {
	const name = node.name ? `'${node.name}'` : `#${index}`;
	return `node ${name} (${node.opType || "no op type"})`;
}

/**
 * Sorts `nodes` so every node comes after the nodes whose outputs it reads
 * (Kahn's algorithm, no recursion). `available` are the values present before any
 * node runs (graph inputs, constants). Throws OnnxError for a value written twice,
 * an input nothing produces, or a cycle, naming the node.
 */
export function topologicalOrder(
	nodes: readonly OnnxTypes.INodeProto[],
	available: ReadonlySet<string>,
): OnnxTypes.INodeProto[] {
	const producer = new Map<string, number>();
	nodes.forEach((node, i) => {
		for (const out of node.output ?? []) {
			if (out === "") continue;
			if (available.has(out) || producer.has(out)) {
				throw new OnnxError(`fromOnnx: ${describeNode(node, i)}: writes '${out}', which is already defined`);
			}
			producer.set(out, i);
		}
	});
	const waiting = new Array<number>(nodes.length).fill(0);
	const readers = new Map<number, number[]>();
	nodes.forEach((node, i) => {
		for (const input of node.input ?? []) {
			if (input === "" || available.has(input)) continue;
			const from = producer.get(input);
			if (from === undefined) {
				throw new OnnxError(`fromOnnx: ${describeNode(node, i)}: reads '${input}', which no node or input defines`);
			}
			waiting[i] = waiting[i] + 1;
			readers.set(from, [...(readers.get(from) ?? []), i]);
		}
	});
	const ready = waiting.flatMap((w, i) => (w === 0 ? [i] : []));
	const order: OnnxTypes.INodeProto[] = [];
	for (let head = 0; head < ready.length; head++) {
		const i = ready[head];
		order.push(nodes[i] as OnnxTypes.INodeProto);
		for (const r of readers.get(i) ?? []) {
			waiting[r] = waiting[r] - 1;
			if (waiting[r] === 0) ready.push(r);
		}
	}
	if (order.length < nodes.length) {
		const stuck = waiting.findIndex((w) => w > 0);
		throw new OnnxError(
			`fromOnnx: the graph has a cycle: ${describeNode(nodes[stuck] as OnnxTypes.INodeProto, stuck)} waits on its own output`,
		);
	}
	return order;
}
