/**
 * Every kind of bad input: one line `backprop: error: ...` naming the problem,
 * exit code 2 for usage mistakes and 1 for the rest, no stack trace, and no file
 * left behind.
 */
import { chmod, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BAD_INPUT_FILES, type BadInputCase } from "./fixtures";
import { backprop, listFolder, regressionCsv, removeFolder, tempFolder, writeFiles } from "./helpers";

interface Case extends BadInputCase {
	/** Prepares the folder further (after the fixture files are written). */
	setup?: (folder: string) => Promise<void>;
}

// Train cases also ask for --out and --plot: neither may appear when the command fails.
const OUT = ["--out", "out.json", "--plot", "out.svg"];

const cases: Case[] = [
	// Files.
	{
		name: "a missing data file",
		args: ["train", "missing.csv", ...OUT],
		code: 1,
		says: /cannot read data file missing\.csv: no such file/,
	},
	{
		name: "an unreadable data file (a folder)",
		args: ["train", "folder.csv", ...OUT],
		code: 1,
		says: /cannot read data file folder\.csv: it is a folder/,
		setup: (f) => mkdir(join(f, "folder.csv")),
	},
	{ name: "an empty CSV", args: ["train", "empty.csv", ...OUT], code: 1, says: /empty\.csv is empty/ },
	{
		name: "a header-only CSV",
		args: ["train", "header-only.csv", ...OUT],
		code: 1,
		says: /header-only\.csv has a header row but no data rows/,
	},
	{
		name: "ragged rows",
		args: ["train", "ragged.csv", ...OUT],
		code: 1,
		says: /ragged\.csv: line 3 has 2 values, but the header has 3 columns/,
	},
	{
		name: "a non-numeric feature value",
		args: ["train", "text-feature.csv", ...OUT],
		code: 1,
		says: /text-feature\.csv: line 4, column 2 \('x2'\): 'eight' is not a number/,
	},
	// Columns and layers that do not fit the data.
	{
		name: "an unknown --target",
		args: ["train", "data.csv", "--target", "z", ...OUT],
		code: 2,
		says: /--target: no column 'z' in data\.csv \(columns: x1, x2, y\)/,
	},
	{
		name: "an unknown --features name",
		args: ["train", "data.csv", "--features", "x1,q", ...OUT],
		code: 2,
		says: /--features: no column 'q' in data\.csv/,
	},
	{
		name: "--layers with the wrong input size",
		args: ["train", "data.csv", "--layers", "3,4,1", ...OUT],
		code: 2,
		says: /--layers 3,4,1: the input size 3 does not match the 2 feature columns of data\.csv \(x1, x2\)/,
	},
	{
		name: "--layers with the wrong output size for class labels",
		args: ["train", "labels.csv", "--layers", "2,4,1", ...OUT],
		code: 2,
		says: /--layers 2,4,1: the output size 1 does not match the 2 classes of the target 'kind' \(cat, dog\)/,
	},
	// Names.
	{
		name: "an unknown activation",
		args: ["train", "--activation", "swish", ...OUT],
		code: 2,
		says: /--activation: unknown activation 'swish' \(valid: .*relu.*sigmoid.*tanh/,
	},
	{
		name: "an unknown loss",
		args: ["train", "--loss", "l3", ...OUT],
		code: 2,
		says: /--loss: unknown loss 'l3' \(valid: .*crossEntropy.*mse/,
	},
	{
		name: "an unknown optimizer",
		args: ["train", "--optimizer", "lbfgs", ...OUT],
		code: 2,
		says: /--optimizer: unknown optimizer 'lbfgs' \(valid: sgd, adam, rmsprop\)/,
	},
	// Numbers.
	{
		name: "a negative --lr",
		args: ["train", "--lr", "-0.1", ...OUT],
		code: 2,
		says: /--lr must be a positive number, got '-0\.1'/,
	},
	{
		name: "a non-numeric --lr",
		args: ["train", "--lr", "fast", ...OUT],
		code: 2,
		says: /--lr must be a positive number, got 'fast'/,
	},
	{
		name: "a negative --epochs",
		args: ["train", "--epochs", "-5", ...OUT],
		code: 2,
		says: /--epochs must be a whole number of at least 1, got '-5'/,
	},
	{
		name: "a non-numeric --epochs",
		args: ["train", "--epochs", "ten", ...OUT],
		code: 2,
		says: /--epochs must be a whole number of at least 1, got 'ten'/,
	},
	{
		name: "a negative --batch-size",
		args: ["train", "--batch-size", "-1", ...OUT],
		code: 2,
		says: /--batch-size must be a whole number of at least 1, got '-1'/,
	},
	{
		name: "a non-numeric --batch-size",
		args: ["train", "--batch-size", "all", ...OUT],
		code: 2,
		says: /--batch-size must be a whole number of at least 1, got 'all'/,
	},
	{
		name: "--validation-split of 1",
		args: ["train", "--validation-split", "1", ...OUT],
		code: 2,
		says: /--validation-split must be a number between 0 and 1 \(exclusive\), got '1'/,
	},
	{
		name: "--validation-split of 0",
		args: ["train", "--validation-split", "0", ...OUT],
		code: 2,
		says: /--validation-split must be a number between 0 and 1/,
	},
	// The command line itself.
	{
		name: "an unknown flag",
		args: ["train", "--epochz", "3", ...OUT],
		code: 2,
		says: /unknown option '--epochz' \(Did you mean --epochs\?\)/,
	},
	// Model files.
	{
		name: "a missing model file",
		args: ["predict", "nope.json", "--input", "1,2"],
		code: 1,
		says: /cannot read model file nope\.json: no such file/,
	},
	{
		name: "a corrupt model file",
		args: ["predict", "corrupt.json", "--input", "1,2"],
		code: 1,
		says: /bad model file corrupt\.json: model: not valid JSON/,
	},
	{
		name: "a truncated model file",
		args: ["inspect", "truncated.json"],
		code: 1,
		says: /bad model file truncated\.json: model: not valid JSON \(truncated or corrupt\?\)/,
	},
	{
		name: "a model file of an unknown version",
		args: ["evaluate", "future.json", "data.csv"],
		code: 1,
		says: /bad model file future\.json: model\.version: unsupported version 99/,
	},
	// Predictions.
	{
		name: "--input with too many values",
		args: ["predict", "model.json", "--input", "1,2,3"],
		code: 2,
		says: /--input has 3 values, but the model model\.json takes 2 \(x1, x2\)/,
	},
];

describe("bad input: one line, the right exit code, no stack trace, no file written", () => {
	const folders: string[] = [];
	afterAll(async () => {
		for (const f of folders) await removeFolder(f);
	});

	it.concurrent.each(cases)("$name", async ({ args, code, says, setup }) => {
		const folder = await tempFolder();
		folders.push(folder);
		await writeFiles(folder, BAD_INPUT_FILES);
		await setup?.(folder);
		const before = await listFolder(folder);
		const r = await backprop(args, folder);
		const errLines = r.stderr.split("\n").filter((l) => l !== "");
		expect(errLines, r.stderr).toHaveLength(1);
		expect(errLines[0]).toMatch(/^backprop: error: /);
		expect(errLines[0]).toMatch(says);
		expect(r.stderr).not.toMatch(/^\s+at /m);
		expect(r.code).toBe(code);
		expect(r.stdout).toBe("");
		expect(await listFolder(folder)).toEqual(before);
	});

	it("prints the stack trace too with --debug", async () => {
		const folder = await tempFolder();
		folders.push(folder);
		const r = await backprop(["train", "missing.csv", "--debug"], folder);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/^backprop: error: cannot read data file missing\.csv: no such file\n/);
		expect(r.stderr).toMatch(/^\s+at /m);
	});

	it("refuses an unreadable data file (permission denied)", async () => {
		if (process.getuid?.() === 0) return; // root reads everything
		const folder = await tempFolder();
		folders.push(folder);
		await writeFiles(folder, { "secret.csv": regressionCsv(5) });
		await chmod(join(folder, "secret.csv"), 0o000);
		const r = await backprop(["train", "secret.csv"], folder);
		expect(r.code).toBe(1);
		expect(r.stderr).toBe("backprop: error: cannot read data file secret.csv: permission denied\n");
	});
});
