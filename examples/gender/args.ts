/** The example's flags: --seed, --epochs, --lr, --out, --quiet, --verbose, --help. */
import { TRAINING_DEFAULTS } from "./training";

/** The example's settings after parsing its flags. */
export interface GenderOptions {
	/** Seed of the initial weights. */
	seed: number;
	/** Training epochs. */
	epochs: number;
	/** SGD learning rate. */
	lr: number;
	/** Folder for the pictures and the model. */
	out: string;
	/** No progress bar and no terminal chart. */
	quiet: boolean;
	/** The loss every 10 epochs instead of every 100, as the tutorial prints it. */
	verbose: boolean;
	/** Print the usage and stop. */
	help: boolean;
}

/** The folder the pictures and the model go to by default (git ignores out/). */
export const DEFAULT_OUT = "out/gender";

/** The usage text for --help. */
export const USAGE = `Usage: npm start -- [flags]

Rebuilds the tutorial's neural network step by step, trains it to tell gender
from weight and height, and draws what it learned.

Flags:
  --seed N      seed of the initial weights (default ${TRAINING_DEFAULTS.seed})
  --epochs N    training epochs (default ${TRAINING_DEFAULTS.epochs})
  --lr X        SGD learning rate (default ${TRAINING_DEFAULTS.lr})
  --out DIR     folder for the pictures and the model (default ${DEFAULT_OUT})
  --quiet       no progress bar and no loss chart in the terminal
  --verbose     the loss every 10 epochs, as the tutorial prints it
  -h, --help    this text`;

/** A mistake in the flags: the example prints its message as one line and exits with 2. */
export class UsageError extends Error {
	override readonly name = "UsageError";
}

const INTEGER = /^\d+$/;
// A plain decimal number: no hex, no "Infinity", no empty string (which Number() would accept).
const DECIMAL = /^\d*\.?\d+(?:[eE][-+]?\d+)?$|^\d+\.(?:[eE][-+]?\d+)?$/;

function nonNegativeInteger(flag: string, text: string): number {
	const v = Number(text);
	if (!INTEGER.test(text) || !Number.isSafeInteger(v)) {
		throw new UsageError(`${flag} must be a non-negative integer, got ${JSON.stringify(text)}`);
	}
	return v;
}

function positiveInteger(flag: string, text: string): number {
	const v = nonNegativeInteger(flag, text);
	if (v === 0) throw new UsageError(`${flag} must be at least 1, got ${JSON.stringify(text)}`);
	return v;
}

function positiveNumber(flag: string, text: string): number {
	const v = Number(text);
	if (!DECIMAL.test(text) || !Number.isFinite(v) || v <= 0) {
		throw new UsageError(`${flag} must be a positive number, got ${JSON.stringify(text)}`);
	}
	return v;
}

/**
 * Parses the example's flags (`--name value` or `--name=value`; the last of a
 * repeated flag wins). Throws UsageError with a one-line message for an unknown
 * flag, a missing value, a value given to a switch, an argument that is not a
 * flag, or a value that is not a number of the right kind (negative, zero epochs
 * or learning rate, not a number at all).
 */
export function parseGenderArgs(argv: readonly string[]): GenderOptions {
	const options: GenderOptions = {
		seed: TRAINING_DEFAULTS.seed,
		epochs: TRAINING_DEFAULTS.epochs,
		lr: TRAINING_DEFAULTS.lr,
		out: DEFAULT_OUT,
		quiet: false,
		verbose: false,
		help: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] as string;
		if (arg === "-h" || arg === "--help") {
			options.help = true;
			continue;
		}
		if (!arg.startsWith("--") || arg === "--") {
			throw new UsageError(`unexpected argument ${JSON.stringify(arg)} (flags start with --; see --help)`);
		}
		const eq = arg.indexOf("=");
		const flag = eq < 0 ? arg : arg.slice(0, eq);
		const inline = eq < 0 ? undefined : arg.slice(eq + 1);
		if (flag === "--quiet" || flag === "--verbose") {
			if (inline !== undefined) throw new UsageError(`${flag} takes no value, got ${JSON.stringify(inline)}`);
			options[flag === "--quiet" ? "quiet" : "verbose"] = true;
			continue;
		}
		if (flag !== "--seed" && flag !== "--epochs" && flag !== "--lr" && flag !== "--out") {
			throw new UsageError(`unknown flag ${flag} (known: --seed, --epochs, --lr, --out, --quiet, --verbose, --help)`);
		}
		let value = inline;
		if (value === undefined) {
			const next = argv[i + 1];
			// "--seed -1" is a value, so a negative number gets its own message below;
			// another flag ("--seed --quiet") means the value was forgotten.
			if (next === undefined || next.startsWith("--")) throw new UsageError(`${flag} needs a value`);
			value = next;
			i++;
		}
		if (flag === "--seed") options.seed = nonNegativeInteger(flag, value);
		else if (flag === "--epochs") options.epochs = positiveInteger(flag, value);
		else if (flag === "--lr") options.lr = positiveNumber(flag, value);
		else {
			if (value.trim() === "") throw new UsageError("--out needs a folder name");
			options.out = value;
		}
	}
	return options;
}
