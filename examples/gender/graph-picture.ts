/** Step 7's third picture: Alice's computation graph, every value with its data and gradient (drawGraph). */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { drawGraph } from "@backprop/viz";
import { alicesGraph } from "./steps";

/** File name of the graph picture inside the output folder. */
export const GRAPH_FILE = "alice-graph.svg";

/** Alice's loss graph as SVG: the layers' weights named as the tutorial names them. */
export function aliceGraphSvg(): string {
	const g = alicesGraph();
	const labels = new Map([
		[g.x, "x = Alice [-2, -1]"],
		[g.hiddenLayer.weight, "W1 (w1..w4)"],
		[g.outputLayer.weight, "W2 (w5, w6)"],
		[g.o, "y_pred = o1"],
		[g.loss, "loss (1 - o1)²"],
	]);
	if (g.hiddenLayer.bias) labels.set(g.hiddenLayer.bias, "b (b1, b2)");
	if (g.outputLayer.bias) labels.set(g.outputLayer.bias, "b3");
	return drawGraph(g.loss, { labels, title: "Alice's loss, as backward() sees it: every value's data and gradient" });
}

/** Writes Alice's graph into `dir` (which must exist) and resolves with its path. Rejects with the file system's error. */
export async function writeAliceGraph(dir: string): Promise<string> {
	const path = join(dir, GRAPH_FILE);
	await writeFile(path, aliceGraphSvg());
	return path;
}
