/**
 * `npm run example:xor`: the smallest problem one neuron cannot solve. A 2-8-1 tanh network
 * with a sigmoid output learns XOR's four corners with binary cross-entropy and Adam.
 */
import { fit, predict, sequential } from "@backprop/nn";
import { parseExampleFlags, runExample } from "../shared/flags";
import { accuracyOf, xorCorners } from "../shared/toy-data";

runExample("xor", async () => {
	const flags = parseExampleFlags(process.argv.slice(2), { epochs: 300, seed: 1 });
	const { x, y } = xorCorners();
	const net = sequential([2, 8, 1], { activation: "tanh", outputActivation: "sigmoid", seed: flags.seed });
	const history = await fit(net, x, y, {
		loss: "binaryCrossEntropy",
		optimizer: "adam",
		lr: 0.05,
		epochs: flags.epochs,
		batchSize: 4,
		shuffle: false,
	});
	const p = (predict(net, x).toArray() as number[][]).map((row) => row[0]!);
	const out = process.stdout;
	out.write(`XOR with a 2-8-1 tanh network, Adam lr 0.05, ${flags.epochs} epochs (seed ${flags.seed})\n`);
	if (!flags.quiet) out.write(`loss ${history.loss[0]!.toFixed(4)} → ${history.loss.at(-1)!.toFixed(6)}\n`);
	for (let i = 0; i < x.length; i++) out.write(`  ${x[i]!.join(" xor ")} = ${y[i]}   predicted ${p[i]!.toFixed(4)}\n`);
	out.write(`accuracy ${accuracyOf(p, y)}\n`);
});
