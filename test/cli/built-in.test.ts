import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { loadModel } from "@backprop/nn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backprop, lines, listFolder, plainEnv, REPO, removeFolder, tempFolder } from "./helpers";

describe("backprop train without a data file: the tutorial's gender network", () => {
	let folder: string;
	beforeAll(async () => {
		folder = await tempFolder();
	});
	afterAll(() => removeFolder(folder));

	it("trains on the built-in data with the tutorial's settings, says so, and saves the model and plot", async () => {
		const r = await backprop(["train", "--out", "model.json", "--plot", "loss.svg"], folder);
		expect(r.stderr).not.toMatch(/backprop: error/);
		expect(r.code).toBe(0);
		expect(r.stderr).toContain("No data file given");
		expect(r.stderr).toContain("tutorial's gender data");
		expect(r.stderr).toContain("2-2-1 sigmoid → sigmoid, mse, sgd lr 0.1, 1000 epochs, batch size 1, no shuffle");
		// Not a terminal: plain periodic progress lines, ending with the last epoch; no colours anywhere.
		expect(r.stderr).toMatch(/^epoch 1000\/1000 {2}loss /m);
		expect(`${r.stdout}${r.stderr}`).not.toContain("\x1b[");
		// The loss curve drawn with text, and where things went.
		expect(r.stdout).toContain("mse loss per epoch");
		expect(r.stdout).toMatch(/┤/);
		expect(r.stdout).toContain("Done: 1000 epochs");
		expect(r.stdout).toContain("Saved the model to model.json");
		expect(r.stdout).toContain("Saved the loss plot to loss.svg");
		expect(await listFolder(folder)).toEqual(["loss.svg", "model.json"]);
		expect(await readFile(join(folder, "loss.svg"), "utf8")).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

		const model = await loadModel(join(folder, "model.json"));
		expect(model.metadata).toMatchObject({ features: ["weight", "height"], target: "gender", labels: ["M", "F"] });
		const last = (model.metadata.training as { finalLoss: number }).finalLoss;
		expect(last).toBeLessThan(0.01);
	});

	it("predicts Emily as F and Frank as M, as the tutorial does", async () => {
		const [emily, frank] = await Promise.all([
			backprop(["predict", "model.json", "--input", "-7,-3"], folder),
			backprop(["predict", "model.json", "--input", "20,2", "--json"], folder),
		]);
		expect(emily.code).toBe(0);
		expect(emily.stdout).toMatch(/^gender: F \(output 0\.9\d*;/);
		expect(frank.code).toBe(0);
		const json = JSON.parse(frank.stdout) as { input: number[]; output: number[]; label: string };
		expect(json.input).toEqual([20, 2]);
		expect(json.label).toBe("M");
		expect(json.output[0]).toBeLessThan(0.1);
	});

	it("inspects the model like Keras's summary", async () => {
		const r = await backprop(["inspect", "model.json"], folder);
		expect(r.code).toBe(0);
		const out = lines(r.stdout);
		expect(out[0]).toBe("Model: model.json (2 layers, float64)");
		expect(r.stdout).toMatch(/Layer \(type\)\s+Activation\s+Output shape\s+Params/);
		expect(r.stdout).toMatch(/dense_1 \(Dense\)\s+sigmoid\s+\(None, 2\)\s+6\n/);
		expect(r.stdout).toMatch(/dense_2 \(Dense\)\s+sigmoid\s+\(None, 1\)\s+3\n/);
		expect(r.stdout).toContain("Total params: 9");
		expect(r.stdout).toContain("Input: 2 values (weight, height)");
	});

	it("prints help, and the version", async () => {
		const [help, trainHelp, version] = await Promise.all([
			backprop(["--help"], folder),
			backprop(["train", "--help"], folder),
			backprop(["--version"], folder),
		]);
		expect(help.code).toBe(0);
		for (const command of ["train", "predict", "evaluate", "inspect"]) expect(help.stdout).toContain(command);
		expect(trainHelp.code).toBe(0);
		expect(trainHelp.stdout).toContain("--validation-split");
		expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
	});

	it("runs as `npx backprop` in the repository, through the bin npm links", async () => {
		const pkg = JSON.parse(await readFile(join(REPO, "packages/cli/package.json"), "utf8")) as {
			bin: Record<string, string>;
		};
		expect(pkg.bin).toEqual({ backprop: "bin/backprop.js" });
		const lock = JSON.parse(await readFile(join(REPO, "package-lock.json"), "utf8")) as {
			packages: Record<string, { bin?: Record<string, string> }>;
		};
		expect(lock.packages["packages/cli"]?.bin).toEqual({ backprop: "bin/backprop.js" });
		const { stdout } = await promisify(execFile)("npx", ["--no-install", "backprop", "--help"], {
			cwd: REPO,
			env: plainEnv(),
		});
		expect(stdout).toMatch(/^Usage: backprop \[options\] \[command\]/);
	});
});
