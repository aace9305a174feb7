/** `npm run example:digits [-- --epochs N --seed N --out DIR]`: a small CNN on the 8x8 digits. */
import { runDigits } from "./run";

function flag(argv: readonly string[], name: string, fallback: string): string {
	const i = argv.indexOf(`--${name}`);
	return i >= 0 && argv[i + 1] !== undefined ? (argv[i + 1] as string) : fallback;
}

function whole(text: string, name: string): number {
	const n = Number(text);
	if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${text}`);
	return n;
}

const argv = process.argv.slice(2);
runDigits(
	{
		epochs: whole(flag(argv, "epochs", "12"), "epochs"),
		seed: whole(flag(argv, "seed", "1"), "seed"),
		out: flag(argv, "out", "."),
	},
	(line) => process.stdout.write(`${line}\n`),
).catch((e: unknown) => {
	process.stderr.write(`digits: error: ${e instanceof Error ? e.message : String(e)}\n`);
	process.exitCode = 1;
});
