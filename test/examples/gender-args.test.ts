/** The gender example's flags, parsed without starting a process. */
import { describe, expect, it } from "vitest";
import { DEFAULT_OUT, parseGenderArgs, TRAINING_DEFAULTS, UsageError } from "../../examples/gender/index";

describe("parseGenderArgs", () => {
	it("gives the tutorial's settings by default", () => {
		expect(parseGenderArgs([])).toEqual({
			seed: TRAINING_DEFAULTS.seed,
			epochs: 1000,
			lr: 0.1,
			out: DEFAULT_OUT,
			quiet: false,
			verbose: false,
			help: false,
		});
	});

	it("reads --name value and --name=value; the last repeat wins", () => {
		expect(
			parseGenderArgs([
				"--seed",
				"3",
				"--epochs=20",
				"--lr",
				"1e-2",
				"--out",
				"x/y",
				"--quiet",
				"--verbose",
				"--seed=4",
			]),
		).toEqual({ seed: 4, epochs: 20, lr: 0.01, out: "x/y", quiet: true, verbose: true, help: false });
		expect(parseGenderArgs(["--lr", ".5"]).lr).toBe(0.5);
		expect(parseGenderArgs(["--lr", "2."]).lr).toBe(2);
		expect(parseGenderArgs(["-h"]).help).toBe(true);
	});

	const bad: [string[], string][] = [
		[["--bogus"], "unknown flag --bogus"],
		[["--Seed", "1"], "unknown flag --Seed"],
		[["-s", "1"], 'unexpected argument "-s"'],
		[["extra"], 'unexpected argument "extra"'],
		[["--"], 'unexpected argument "--"'],
		[["--seed", "abc"], '--seed must be a non-negative integer, got "abc"'],
		[["--seed", "-1"], '--seed must be a non-negative integer, got "-1"'],
		[["--seed", "1.5"], '--seed must be a non-negative integer, got "1.5"'],
		[["--seed", "1e3"], '--seed must be a non-negative integer, got "1e3"'],
		[["--seed", "99999999999999999999"], "--seed must be a non-negative integer"],
		[["--epochs", "0"], '--epochs must be at least 1, got "0"'],
		[["--epochs", "-5"], '--epochs must be a non-negative integer, got "-5"'],
		[["--epochs", ""], '--epochs must be a non-negative integer, got ""'],
		[["--lr", "-0.1"], '--lr must be a positive number, got "-0.1"'],
		[["--lr", "0"], '--lr must be a positive number, got "0"'],
		[["--lr", "fast"], '--lr must be a positive number, got "fast"'],
		[["--lr", "Infinity"], '--lr must be a positive number, got "Infinity"'],
		[["--lr", "0x10"], '--lr must be a positive number, got "0x10"'],
		[["--lr", "1e999"], '--lr must be a positive number, got "1e999"'],
		[["--lr"], "--lr needs a value"],
		[["--seed", "--quiet"], "--seed needs a value"],
		[["--out"], "--out needs a value"],
		[["--out="], "--out needs a folder name"],
		[["--quiet=yes"], '--quiet takes no value, got "yes"'],
		[["--verbose=1"], '--verbose takes no value, got "1"'],
	];
	it.each(bad)("%j is a UsageError: %s", (args, message) => {
		let error: unknown;
		try {
			parseGenderArgs(args);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(UsageError);
		expect((error as Error).message).toContain(message);
		expect((error as Error).message).not.toContain("\n");
	});
});
