/**
 * The same command line run in-process through `run(argv, io)` with memory
 * streams: more bad-input variants, and interruption through the io's signal.
 */

import { join } from "node:path";
import { Writable } from "node:stream";
import { run } from "@backprop/cli";
import { loadModel, predict, saveModel, sequential } from "@backprop/nn";
import { afterAll, describe, expect, it } from "vitest";
import { BAD_INPUT_FILES, type BadInputCase } from "./fixtures";
import { listFolder, regressionCsv, removeFolder, tempFolder, writeFiles } from "./helpers";

class Memory extends Writable {
	text = "";
	constructor(readonly isTTY = false) {
		super();
	}
	override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
		this.text += chunk.toString();
		done();
	}
}

async function runIn(folder: string, argv: string[], signal?: AbortSignal) {
	const stdout = new Memory();
	const stderr = new Memory();
	const code = await run(argv, { stdout, stderr, env: {}, cwd: folder, ...(signal ? { signal } : {}) });
	return { code, stdout: stdout.text, stderr: stderr.text };
}

const OUT = ["--out", "out.json", "--plot", "out.svg"];

const cases: BadInputCase[] = [
	{ name: "a CSV of blank lines", args: ["train", "blank.csv", ...OUT], code: 1, says: /blank\.csv is empty/ },
	{
		name: "an unclosed quote",
		args: ["train", "unclosed-quote.csv", ...OUT],
		code: 1,
		says: /unclosed-quote\.csv: invalid CSV: Quote Not Closed/,
	},
	{
		name: "a target that mixes numbers and text",
		args: ["train", "mixed-target.csv", ...OUT],
		code: 1,
		says: /mixed-target\.csv: line 4, column 3 \('y'\): the target column mixes numbers and text \('nine'\)/,
	},
	{
		name: "an unknown output activation",
		args: ["train", "--output-activation", "nope", ...OUT],
		code: 2,
		says: /--output-activation: unknown activation 'nope' \(valid: /,
	},
	{
		name: "--layers that are not sizes",
		args: ["train", "--layers", "2,x,1", ...OUT],
		code: 2,
		says: /--layers must list .* got '2,x,1'/,
	},
	{ name: "--layers with one size", args: ["train", "--layers", "2", ...OUT], code: 2, says: /--layers must list/ },
	{
		name: "--layers with the wrong output size for a number",
		args: ["train", "data.csv", "--layers", "2,3,2", ...OUT],
		code: 2,
		says: /the output size 2 does not match the one numeric target 'y'; it must be 1/,
	},
	{
		name: "a zero --lr",
		args: ["train", "--lr", "0", ...OUT],
		code: 2,
		says: /--lr must be a positive number, got '0'/,
	},
	{
		name: "a fractional --epochs",
		args: ["train", "--epochs", "2.5", ...OUT],
		code: 2,
		says: /--epochs must be a whole number of at least 1, got '2\.5'/,
	},
	{
		name: "a hex --batch-size",
		args: ["train", "--batch-size", "0x10", ...OUT],
		code: 2,
		says: /--batch-size must be a whole number/,
	},
	{
		name: "a negative --seed",
		args: ["train", "--seed", "-1", ...OUT],
		code: 2,
		says: /--seed must be a whole number of at least 0, got '-1'/,
	},
	{
		name: "--validation-split below 0",
		args: ["train", "--validation-split", "-0.2", ...OUT],
		code: 2,
		says: /--validation-split must be a number between 0 and 1/,
	},
	{
		name: "--validation-split that leaves no validation rows",
		args: ["train", "data.csv", "--validation-split", "0.01", ...OUT],
		code: 2,
		says: /--validation-split 0\.01 of 20 rows leaves no validation rows/,
	},
	{
		name: "--target without a data file",
		args: ["train", "--target", "y", ...OUT],
		code: 2,
		says: /--target needs a data file/,
	},
	{
		name: "a feature that is also the target",
		args: ["train", "data.csv", "--features", "x1,y", ...OUT],
		code: 2,
		says: /--features: 'y' is the target column/,
	},
	{
		name: "a feature named twice",
		args: ["train", "data.csv", "--features", "x1,x1", ...OUT],
		code: 2,
		says: /--features names 'x1' twice/,
	},
	{
		name: "crossEntropy on a numeric target",
		args: ["train", "data.csv", "--loss", "crossEntropy", ...OUT],
		code: 2,
		says: /--loss crossEntropy needs class labels, but the target 'y' is numeric/,
	},
	{
		name: "an --out folder that does not exist",
		args: ["train", "--out", "no/such/folder/m.json"],
		code: 1,
		says: /--out no\/such\/folder\/m\.json: folder no\/such\/folder does not exist/,
	},
	{ name: "an unknown command", args: ["fly"], code: 2, says: /unknown command 'fly'/ },
	{
		name: "a flag without its value",
		args: ["train", ...OUT, "--lr"],
		code: 2,
		says: /option '--lr <rate>' argument missing/,
	},
	{ name: "too many arguments", args: ["train", "a.csv", "b.csv"], code: 2, says: /too many arguments for 'train'/ },
	{
		name: "a JSON file that is not a model",
		args: ["inspect", "not-a-model.json"],
		code: 1,
		says: /bad model file not-a-model\.json: model\.format: missing/,
	},
	{
		name: "model metadata that does not fit the model",
		args: ["inspect", "bad-metadata.json"],
		code: 1,
		says: /bad model file bad-metadata\.json: metadata\.features: expected a list of 2 names/,
	},
	{
		name: "a near miss of an activation, with a suggestion",
		args: ["train", "data.csv", "--activation", "sigmoidd", ...OUT],
		code: 2,
		says: /--activation: unknown activation 'sigmoidd' \(valid: [^)]*\); did you mean 'sigmoid'\?$/,
	},
	{
		name: "--input with too few values",
		args: ["predict", "model.json", "--input", "1"],
		code: 2,
		says: /--input has 1 value, but the model model\.json takes 2/,
	},
	{
		name: "--input that is not numbers",
		args: ["predict", "model.json", "--input", "1,two"],
		code: 2,
		says: /--input: value 2 of '1,two' is not a number: 'two'/,
	},
	{
		name: "predict without --input or --data",
		args: ["predict", "model.json"],
		code: 2,
		says: /predict needs --input/,
	},
	{
		name: "predict with both --input and --data",
		args: ["predict", "model.json", "--input", "1,2", "--data", "data.csv"],
		code: 2,
		says: /predict takes --input or --data, not both/,
	},
	{
		name: "predict --data without the model's columns",
		args: ["predict", "model.json", "--data", "labels.csv"],
		code: 1,
		says: /labels\.csv has no column 'x1', which the model model\.json needs/,
	},
	{
		name: "evaluate on data without the target column",
		args: ["evaluate", "model.json", "labels.csv"],
		code: 1,
		says: /labels\.csv has no column 'y', the target of the model model\.json/,
	},
];

describe("run(argv, io) in-process", () => {
	const folders: string[] = [];
	afterAll(async () => {
		for (const f of folders) await removeFolder(f);
	});
	async function fixtureFolder(): Promise<string> {
		const folder = await tempFolder();
		folders.push(folder);
		await writeFiles(folder, BAD_INPUT_FILES);
		return folder;
	}

	it.each(cases)("bad input: $name", async ({ args, code, says }) => {
		const folder = await fixtureFolder();
		const before = await listFolder(folder);
		const r = await runIn(folder, args);
		const errLines = r.stderr.split("\n").filter((l) => l !== "");
		expect(errLines, r.stderr).toHaveLength(1);
		expect(errLines[0]).toMatch(/^backprop: error: /);
		expect(errLines[0]).toMatch(says);
		expect(r.stderr).not.toMatch(/^\s+at /m);
		expect(r.code).toBe(code);
		expect(r.stdout).toBe("");
		expect(await listFolder(folder)).toEqual(before);
	});

	it("fails with exit 1 and saves nothing when the loss blows up", async () => {
		const folder = await fixtureFolder();
		const before = await listFolder(folder);
		const args = ["train", "data.csv", "--optimizer", "sgd", "--lr", "1e6", "--activation", "linear", "--quiet"];
		const r = await runIn(folder, [...args, ...OUT]);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(
			/^backprop: error: training failed: the (loss|weights) became \S+ at epoch \d+, batch \d+; nothing was saved \(try a smaller --lr\)\n$/,
		);
		expect(await listFolder(folder)).toEqual(before);
	});

	it("takes loss and optimizer names in any case, as the library does", async () => {
		const folder = await fixtureFolder();
		const r = await runIn(folder, [
			"train",
			"data.csv",
			"--loss",
			"MSE",
			"--optimizer",
			"Adam",
			"--epochs",
			"2",
			"--json",
		]);
		expect(r.code).toBe(0);
		const json = JSON.parse(r.stdout) as { settings: { loss: string; optimizer: string } };
		expect(json.settings).toMatchObject({ loss: "mse", optimizer: "adam" });
	});

	it("trains and returns 0, with output on the injected streams", async () => {
		const folder = await fixtureFolder();
		const r = await runIn(folder, ["train", "data.csv", "--epochs", "3", "--json"]);
		expect(r.code).toBe(0);
		const json = JSON.parse(r.stdout) as { history: { epochs: number }; model: string | null };
		expect(json.history.epochs).toBe(3);
		expect(json.model).toBeNull();
		expect(r.stderr).toContain("epoch 3/3");
	});

	it("stops after the current batch when the signal aborts, saves what it has, and returns 130", async () => {
		const folder = await tempFolder();
		folders.push(folder);
		await writeFiles(folder, { "data.csv": regressionCsv(40) });
		const controller = new AbortController();
		const running = runIn(
			folder,
			["train", "data.csv", "--epochs", "1000000", "--out", "model.json"],
			controller.signal,
		);
		setTimeout(() => controller.abort(), 300);
		const r = await running;
		expect(r.code).toBe(130);
		expect(r.stderr).toMatch(
			/backprop: interrupted after \d+ complete epochs?; saved the model trained so far to model\.json/,
		);
		expect(await listFolder(folder)).toEqual(["data.csv", "model.json"]);
		const model = await loadModel(join(folder, "model.json"));
		expect((model.metadata.training as { stopReason: string }).stopReason).toBe("aborted");
	});

	it("returns 130 without training or writing anything when interrupted before training starts", async () => {
		const folder = await fixtureFolder();
		const before = await listFolder(folder);
		const r = await runIn(folder, ["train", "data.csv", "--out", "model.json"], AbortSignal.abort());
		expect(r.code).toBe(130);
		expect(r.stderr).toBe("backprop: interrupted before training started; nothing saved\n");
		expect(await listFolder(folder)).toEqual(before);
	});

	it("colours a terminal's output, and never with NO_COLOR", async () => {
		const folder = await fixtureFolder();
		const argv = ["train", "data.csv", "--epochs", "2"];
		const tty = { stdout: new Memory(true), stderr: new Memory(false), cwd: folder };
		expect(await run(argv, { ...tty, env: {} })).toBe(0);
		expect(tty.stdout.text).toContain("\x1b[");
		const noColor = { stdout: new Memory(true), stderr: new Memory(false), cwd: folder };
		expect(await run(argv, { ...noColor, env: { NO_COLOR: "1" } })).toBe(0);
		expect(noColor.stdout.text).not.toContain("\x1b[");
	});

	it("reads a model saved from code with its own metadata by its layers, and leaves the metadata alone", async () => {
		const folder = await tempFolder();
		folders.push(folder);
		const model = sequential([2, 2, 1], { activation: "tanh", outputActivation: "sigmoid", seed: 3 });
		model.metadata = { task: "xor", note: "saved from code" };
		await saveModel(model, join(folder, "xor.json"));

		const inspected = await runIn(folder, ["inspect", "xor.json", "--json"]);
		expect(inspected.stderr).toBe("");
		expect(inspected.code).toBe(0);
		// Not the command's metadata: two unnamed inputs, one number out, the default loss.
		expect(JSON.parse(inspected.stdout)).toMatchObject({
			inputs: 2,
			outputs: 1,
			features: null,
			target: null,
			task: "regression",
			labels: null,
			normalized: false,
			loss: "mse",
			training: null,
		});
		const summary = await runIn(folder, ["inspect", "xor.json"]);
		expect(summary.code).toBe(0);
		expect(summary.stdout).toContain("Output: a number (regression)");

		// predict gives exactly the model's own output for the row.
		const predicted = await runIn(folder, ["predict", "xor.json", "--input", "1,0", "--json"]);
		expect(predicted.code).toBe(0);
		const expected = predict(model, [[1, 0]]).toArray() as number[][];
		expect(JSON.parse(predicted.stdout)).toEqual({ input: [1, 0], output: [expected[0]?.[0]] });

		expect((await loadModel(join(folder, "xor.json"))).metadata).toEqual({ task: "xor", note: "saved from code" });
	});
});
