/**
 * `npm run example:spirals`: two interleaved spirals, the classic hard case for a small network.
 * A 2-16-16-1 tanh network with a sigmoid output, Adam, mini-batches of 32, reports accuracy.
 */
import { fit, predict, sequential } from "@backprop/nn";
import { parseExampleFlags, runExample } from "../shared/flags";
import { accuracyOf, twoSpirals } from "../shared/toy-data";

runExample("spirals", async () => {
	const flags = parseExampleFlags(process.argv.slice(2), { epochs: 400, seed: 0 });
	const { x, y } = twoSpirals(200, flags.seed);
	const net = sequential([2, 16, 16, 1], { activation: "tanh", outputActivation: "sigmoid", seed: flags.seed });
	const history = await fit(net, x, y, {
		loss: "binaryCrossEntropy",
		optimizer: "adam",
		lr: 0.02,
		epochs: flags.epochs,
		batchSize: 32,
		seed: flags.seed,
	});
	const p = (predict(net, x).toArray() as number[][]).map((row) => row[0]!);
	const out = process.stdout;
	out.write(`Two spirals, 200 points, 2-16-16-1 tanh, Adam lr 0.02, ${flags.epochs} epochs (seed ${flags.seed})\n`);
	if (!flags.quiet) out.write(`loss ${history.loss[0]!.toFixed(4)} → ${history.loss.at(-1)!.toFixed(6)}\n`);
	out.write(`accuracy ${accuracyOf(p, y)}\n`);
});
