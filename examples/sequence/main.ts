/** `npm run example:sequence [-- --epochs N --seed N]`: an LSTM forecasting a noisy sine, against a Dense baseline. */
import { runSequence } from "./run";

function flag(argv: readonly string[], name: string, fallback: number): number {
	const i = argv.indexOf(`--${name}`);
	if (i < 0) return fallback;
	const n = Number(argv[i + 1]);
	if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${argv[i + 1]}`);
	return n;
}

const argv = process.argv.slice(2);
Promise.resolve()
	.then(() =>
		runSequence(
			{ epochs: flag(argv, "epochs", 30), seed: flag(argv, "seed", 1), length: 600, window: 16, noise: 0.1 },
			(line) => process.stdout.write(`${line}\n`),
		),
	)
	.catch((e: unknown) => {
		process.stderr.write(`sequence: error: ${e instanceof Error ? e.message : String(e)}\n`);
		process.exitCode = 1;
	});
