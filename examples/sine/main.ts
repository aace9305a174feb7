/**
 * `npm run example:sine`: regression. A 1-32-1 tanh network fits y = sin(x) on [-π, π] with mean
 * squared error and Adam, then prints its answers beside the true values.
 */
import { fit, predict, sequential } from "@backprop/nn";
import { parseExampleFlags, runExample } from "../shared/flags";

runExample("sine", async () => {
	const flags = parseExampleFlags(process.argv.slice(2), { epochs: 500, seed: 0 });
	const x = Array.from({ length: 64 }, (_, i) => [-Math.PI + (2 * Math.PI * i) / 63]);
	const y = x.map(([v]) => [Math.sin(v!)]);
	const net = sequential([1, 32, 1], { activation: "tanh", seed: flags.seed });
	const history = await fit(net, x, y, {
		loss: "mse",
		optimizer: "adam",
		lr: 0.01,
		epochs: flags.epochs,
		batchSize: 16,
		seed: flags.seed,
	});
	const probes = [-3, -1.5, 0, 1.5, 3];
	const p = (
		predict(
			net,
			probes.map((v) => [v]),
		).toArray() as number[][]
	).map((row) => row[0]!);
	const out = process.stdout;
	out.write(`sin(x) on [-π, π], 64 points, 1-32-1 tanh, MSE, Adam lr 0.01, ${flags.epochs} epochs\n`);
	if (!flags.quiet) out.write(`loss ${history.loss[0]!.toFixed(4)} → ${history.loss.at(-1)!.toFixed(6)}\n`);
	for (let i = 0; i < probes.length; i++)
		out.write(
			`  x = ${probes[i]!.toFixed(1).padStart(4)}   sin ${Math.sin(probes[i]!).toFixed(4).padStart(7)}   net ${p[i]!.toFixed(4).padStart(7)}\n`,
		);
	out.write(`final mse ${history.loss.at(-1)!.toExponential(3)}\n`);
});
