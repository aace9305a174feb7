/**
 * The core in one function, run both in Node and in Chromium by core-in-browser.test.ts: tensors,
 * autograd and the tutorial's 2-2-1 gender network trained as the tutorial trains it.
 */
import { variable } from "@backprop/autograd";
import { fit, predict, SGD, sequential } from "@backprop/nn";
import { tensor } from "@backprop/tensor";

/** What the run gives: a few values, and every float64 result as hex bytes to compare bit for bit. */
export interface CoreResult {
	broadcast: number[][];
	gradient: number[][];
	predictions: number[];
	bits: string;
}

const PEOPLE = [
	[-2, -1],
	[25, 6],
	[17, 4],
	[-15, -6],
];
const GENDER = [1, 0, 0, 1];
const ASK = [...PEOPLE, [-7, -3], [20, 2]]; // and Emily, Frank

/** Runs the core: broadcasting, a gradient, and the gender network (seed 6, SGD lr 0.1, 1000 epochs). */
export async function runCore(): Promise<CoreResult> {
	const x = tensor([
		[1, 2, 3],
		[4, 5, 6],
	]);
	const broadcast = x.add(tensor([10, 20, 30])).toArray() as number[][];
	const w = variable(x, { requiresGrad: true });
	w.mul(w).sigmoid().sum().backward();
	const gradient = w.grad!.toArray() as number[][];
	const net = sequential([2, 2, 1], { activation: "sigmoid", init: "normal", seed: 6 });
	await fit(net, PEOPLE, GENDER, {
		loss: "mse",
		optimizer: new SGD(net.parameters(), { lr: 0.1 }),
		epochs: 1000,
		batchSize: 1,
		shuffle: false,
	});
	const predictions = (predict(net, ASK).toArray() as number[][]).map((row) => row[0]!);
	const all = new Float64Array([...broadcast.flat(), ...gradient.flat(), ...predictions]);
	const bits = [...new Uint8Array(all.buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
	return { broadcast, gradient, predictions, bits };
}
