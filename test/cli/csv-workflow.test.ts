import { join } from "node:path";
import { loadModel } from "@backprop/nn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	backprop,
	classificationCsv,
	lines,
	listFolder,
	regressionCsv,
	removeFolder,
	tempFolder,
	writeFiles,
} from "./helpers";

interface TrainJson {
	command: string;
	data: string;
	model: string;
	plot: string | null;
	interrupted: boolean;
	rows: { train: number; validation: number };
	labels: string[] | null;
	task: string;
	settings: { layers: number[]; loss: string; epochs: number; normalize: boolean };
	history: { loss: number[]; valLoss: number[]; metrics: Record<string, number[]>; epochs: number; stopReason: string };
	final: Record<string, number>;
}

describe("backprop on a numeric regression CSV", () => {
	let folder: string;
	beforeAll(async () => {
		folder = await tempFolder();
		await writeFiles(folder, { "data.csv": regressionCsv(120), "new.csv": "x1,x2\n1,1\n0,0\n-1,0.5\n" });
	});
	afterAll(() => removeFolder(folder));

	it("trains with --normalize and --validation-split and prints one JSON object with --json", async () => {
		const r = await backprop(
			[
				"train",
				"data.csv",
				"--normalize",
				"--validation-split",
				"0.25",
				"--epochs",
				"60",
				"--out",
				"reg.json",
				"--json",
			],
			folder,
		);
		expect(r.stderr).not.toMatch(/backprop: error/);
		expect(r.code).toBe(0);
		expect(lines(r.stdout)).toHaveLength(1);
		const json = JSON.parse(r.stdout) as TrainJson;
		expect(json.command).toBe("train");
		expect(json.data).toBe("data.csv");
		expect(json.model).toBe(join(folder, "reg.json"));
		expect(json.plot).toBeNull();
		expect(json.interrupted).toBe(false);
		expect(json.rows).toEqual({ train: 90, validation: 30 });
		expect(json.task).toBe("regression");
		expect(json.settings).toMatchObject({ layers: [2, 8, 1], loss: "mse", epochs: 60, normalize: true });
		expect(json.history.loss).toHaveLength(60);
		expect(json.history.valLoss).toHaveLength(60);
		expect(json.history.stopReason).toBe("completed");
		expect(json.final.loss).toBeLessThan(json.history.loss[0] / 10);
		expect(json.final.valLoss).toBeTypeOf("number");

		const model = await loadModel(join(folder, "reg.json"));
		const norm = model.metadata.normalization as { mean: number[]; std: number[] };
		expect(norm.mean).toHaveLength(2);
		expect(norm.std).toHaveLength(2);
		expect(model.metadata).toMatchObject({ features: ["x1", "x2"], target: "y", task: "regression" });
	});

	it("predicts one row (normalization applied again) and a CSV of rows", async () => {
		const [one, human, many] = await Promise.all([
			backprop(["predict", "reg.json", "--input", "1,1", "--json"], folder),
			backprop(["predict", "reg.json", "--input", "1,1"], folder),
			backprop(["predict", "reg.json", "--data", "new.csv"], folder),
		]);
		expect(one.code).toBe(0);
		const { output } = JSON.parse(one.stdout) as { output: number[] };
		// y = 3·1 − 2·1 + 1 = 2: a rough fit after 60 epochs is within 1.
		expect(Math.abs(output[0] - 2)).toBeLessThan(1);
		expect(human.stdout).toMatch(/^y: -?\d/);

		expect(many.code).toBe(0);
		const out = lines(many.stdout);
		expect(out[0]).toBe("x1,x2,prediction");
		expect(out).toHaveLength(4);
		expect(out[1]?.startsWith("1,1,")).toBe(true);
		expect(Number(out[1]?.split(",")[2])).toBeCloseTo(output[0], 10);
	});

	it("evaluates the loss and mean absolute error", async () => {
		const [r, json] = await Promise.all([
			backprop(["evaluate", "reg.json", "data.csv"], folder),
			backprop(["evaluate", "reg.json", "data.csv", "--json"], folder),
		]);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/^reg\.json on data\.csv \(120 rows\)\n\s+loss \(mse\)\s+[\d.e-]+\n\s+mae\s+[\d.e-]+\n$/);
		const parsed = JSON.parse(json.stdout) as { rows: number; loss: number; metrics: { mae: number } };
		expect(parsed.rows).toBe(120);
		expect(parsed.metrics.mae).toBeLessThan(1);
	});
});

describe("backprop on a text-labelled classification CSV", () => {
	let folder: string;
	beforeAll(async () => {
		folder = await tempFolder();
		await writeFiles(folder, { "data.csv": classificationCsv(120) });
	});
	afterAll(() => removeFolder(folder));

	it("turns the text target into class labels, trains softmax + crossEntropy, and reports accuracy", async () => {
		const r = await backprop(
			["train", "data.csv", "--epochs", "40", "--out", "cls.json", "--plot", "loss.svg"],
			folder,
		);
		expect(r.stderr).not.toMatch(/backprop: error/);
		expect(r.code).toBe(0);
		expect(r.stderr).toContain("2-8-3 relu → softmax, crossEntropy, adam lr 0.01, 40 epochs");
		expect(r.stderr).toMatch(/^epoch 40\/40 {2}loss [\d.]+ {2}accuracy [\d.]+$/m);
		expect(r.stdout).toContain("crossEntropy loss per epoch");
		expect(r.stdout).toMatch(/Done: 40 epochs in .*accuracy (0\.9|1)/);
		expect(await listFolder(folder)).toEqual(["cls.json", "data.csv", "loss.svg"]);

		const model = await loadModel(join(folder, "cls.json"));
		expect(model.metadata).toMatchObject({
			task: "classification",
			labels: ["blue", "green", "red"],
			target: "colour",
			outputActivation: "softmax",
			loss: "crossEntropy",
		});
	});

	it("predicts a label with class probabilities", async () => {
		const [r, json, many] = await Promise.all([
			backprop(["predict", "cls.json", "--input", "3,3"], folder),
			backprop(["predict", "cls.json", "--input", "0,4", "--json"], folder),
			backprop(["predict", "cls.json", "--data", "data.csv"], folder),
		]);
		expect(r.code).toBe(0);
		expect(lines(r.stdout)[0]).toBe("colour: green");
		const parsed = JSON.parse(json.stdout) as { label: string; probabilities: Record<string, number> };
		expect(parsed.label).toBe("blue");
		const total = Object.values(parsed.probabilities).reduce((a, b) => a + b, 0);
		expect(total).toBeCloseTo(1, 10);

		const out = lines(many.stdout);
		expect(out[0]).toBe("length,width,colour,prediction,p_blue,p_green,p_red");
		expect(out).toHaveLength(121);
		const right = out.slice(1).filter((line) => {
			const cells = line.split(",");
			return cells[2] === cells[3];
		});
		expect(right.length).toBeGreaterThan(100);
	});

	it("evaluates crossEntropy and accuracy on the labelled rows", async () => {
		const r = await backprop(["evaluate", "cls.json", "data.csv", "--json"], folder);
		expect(r.code).toBe(0);
		const parsed = JSON.parse(r.stdout) as { lossName: string; loss: number; metrics: { accuracy: number } };
		expect(parsed.lossName).toBe("crossEntropy");
		expect(parsed.metrics.accuracy).toBeGreaterThan(0.85);
	});

	it("inspects the layers, with the softmax applied at prediction and the labels", async () => {
		const r = await backprop(["inspect", "cls.json"], folder);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/dense_1 \(Dense\)\s+relu\s+\(None, 8\)\s+24\n/);
		expect(r.stdout).toMatch(/dense_2 \(Dense\)\s+linear \(\+ softmax at prediction\)\s+\(None, 3\)\s+27\n/);
		expect(r.stdout).toContain("Total params: 51");
		expect(r.stdout).toContain("Output: 'colour': 3 classes (blue, green, red)");
	});

	it("prints nothing but errors with --quiet", async () => {
		const r = await backprop(["train", "data.csv", "--epochs", "2", "--quiet"], folder);
		expect(r.code).toBe(0);
		expect(r.stdout).toBe("");
		expect(r.stderr).toBe("");
	});
});
