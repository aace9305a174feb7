/**
 * `train`'s issue-12 flags, in-process: --classes for numeric class labels (and
 * the note when a numeric target looks like classes), the hint for a text
 * feature column, --early-stopping, --schedule and --shuffle-split.
 */
import { Writable } from "node:stream";
import { run } from "@backprop/cli";
import { loadModel } from "@backprop/nn";
import { Rng } from "@backprop/tensor";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeFolder, tempFolder, writeFiles } from "./helpers";

class Memory extends Writable {
	text = "";
	override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
		this.text += chunk.toString();
		done();
	}
}

async function runIn(folder: string, argv: string[]) {
	const stdout = new Memory();
	const stderr = new Memory();
	const code = await run(argv, { stdout, stderr, env: {}, cwd: folder });
	return { code, stdout: stdout.text, stderr: stderr.text };
}

/** 90 rows, three blobs of spread `std`, the class (0, 1, 2) as a number in the last column, rows sorted by class. */
function numericClassesCsv(std: number): string {
	const rng = new Rng(5);
	const centers = [
		[2, 0],
		[-2, 1],
		[0, -2],
	];
	const lines = ["x1,x2,class"];
	centers.forEach(([cx, cy], c) => {
		for (let i = 0; i < 30; i++) {
			lines.push(`${(cx + rng.normal(0, std)).toFixed(3)},${(cy + rng.normal(0, std)).toFixed(3)},${c}`);
		}
	});
	return `${lines.join("\n")}\n`;
}

let folder = "";
beforeAll(async () => {
	folder = await tempFolder();
	await writeFiles(folder, {
		"classes.csv": numericClassesCsv(0.4),
		"noisy.csv": numericClassesCsv(1.5),
		"dated.csv": "date,weight,height,gender\n2012-01-01,133,65,1\n2012-01-02,160,72,0\n",
	});
});
afterAll(() => removeFolder(folder));

describe("numeric class labels", () => {
	it("without --classes: trained as regression, and the summary says how to train classes", async () => {
		const r = await runIn(folder, ["train", "classes.csv", "--epochs", "2"]);
		expect(r.code).toBe(0);
		expect(r.stderr).toContain("2-8-1 relu → linear, mse");
		expect(r.stdout).toContain(
			"Note: the target 'class' holds only the integers 0, 1, 2, and was trained as regression (one output); if they are class labels, train with --classes (3 outputs, softmax, crossEntropy)",
		);
	});

	it("--classes trains three classes with softmax and crossEntropy, and the model keeps the labels", async () => {
		const r = await runIn(folder, ["train", "classes.csv", "--classes", "--epochs", "60", "--out", "c.json"]);
		expect(r.code).toBe(0);
		expect(r.stderr).toContain("2-8-3 relu → softmax, crossEntropy");
		expect(r.stdout).not.toContain("Note:");
		expect(r.stdout).toMatch(/accuracy 1\b/);
		const model = await loadModel(`${folder}/c.json`);
		expect(model.metadata.labels).toEqual(["0", "1", "2"]);
	});

	it("--classes refuses a target that is not whole numbers, and the built-in data", async () => {
		const many = await runIn(folder, ["train", "classes.csv", "--classes", "--target", "x1"]);
		expect(many.code).toBe(2);
		expect(many.stderr).toMatch(
			/^backprop: error: --classes: the target 'x1' holds -?\d+\.\d+, which is not a whole number; class labels are whole numbers \(0, 1, 2, \.\.\.\)\n$/,
		);
		const builtIn = await runIn(folder, ["train", "--classes"]);
		expect(builtIn.stderr).toBe(
			"backprop: error: --classes needs a data file (the built-in gender data is already 0/1)\n",
		);
	});
});

describe("a text column among the features", () => {
	it("says how to leave it out with --features", async () => {
		const r = await runIn(folder, ["train", "dated.csv"]);
		expect(r.code).toBe(1);
		expect(r.stderr).toBe(
			"backprop: error: dated.csv: line 2, column 1 ('date'): '2012-01-01' is not a number; to leave the column 'date' out of the features, pass --features weight,height\n",
		);
		const fixed = await runIn(folder, ["train", "dated.csv", "--features", "weight,height", "--epochs", "1"]);
		expect(fixed.code).toBe(0);
	});
});

describe("--early-stopping, --schedule, --shuffle-split", () => {
	it("--shuffle-split holds out a seeded random choice: the sorted file's last 40% hold all of class 2", async () => {
		const end = await runIn(folder, [
			"train",
			"classes.csv",
			"--classes",
			"--validation-split",
			"0.4",
			"--epochs",
			"60",
			"--json",
		]);
		const shuffled = await runIn(folder, [
			"train",
			"classes.csv",
			"--classes",
			"--validation-split",
			"0.4",
			"--shuffle-split",
			"--epochs",
			"60",
			"--json",
		]);
		expect(end.code).toBe(0);
		expect(shuffled.code).toBe(0);
		const valAccuracy = (r: { stdout: string }) => {
			const h = JSON.parse(r.stdout).history as { valMetrics: { accuracy: number[] } };
			return h.valMetrics.accuracy.at(-1);
		};
		// Held out from the end, 30 of the 36 validation rows are class 2, which the model never saw.
		expect(valAccuracy(end)).toBeLessThanOrEqual(6 / 36);
		expect(end.stderr).toContain(
			"backprop: warning: fit: the validation rows (the last rows of the data) hold class 2, which the training rows lack",
		);
		expect(valAccuracy(shuffled)).toBe(1);
		expect(shuffled.stderr).not.toContain("warning");
	});

	it("--early-stopping stops and keeps the best epoch's weights; the summary says so", async () => {
		const r = await runIn(folder, [
			"train",
			"noisy.csv",
			"--classes",
			"--validation-split",
			"0.2",
			"--shuffle-split",
			"--epochs",
			"500",
			"--lr",
			"0.05",
			"--early-stopping",
			"5",
		]);
		expect(r.code).toBe(0);
		const epochs = Number(/Done: (\d+) epochs/.exec(r.stdout)?.[1]);
		expect(epochs).toBeLessThan(500);
		expect(r.stdout).toMatch(
			/Early stopping: valLoss did not improve for 5 epochs after epoch (\d+); the model keeps epoch \1's weights/,
		);
	});

	it("--schedule takes cosine, step:EVERY:FACTOR and exponential:RATE, and names the forms otherwise", async () => {
		for (const schedule of ["cosine", "step:10:0.5", "exponential:0.9"]) {
			const r = await runIn(folder, [
				"train",
				"classes.csv",
				"--classes",
				"--epochs",
				"3",
				"--schedule",
				schedule,
				"--json",
			]);
			expect(r.code, r.stderr).toBe(0);
		}
		const bad = await runIn(folder, ["train", "classes.csv", "--schedule", "linear"]);
		expect(bad.code).toBe(2);
		expect(bad.stderr).toBe(
			"backprop: error: --schedule: unknown schedule 'linear' (valid: cosine, step:EVERY:FACTOR (e.g. step:30:0.5) or exponential:RATE (e.g. exponential:0.97))\n",
		);
		const noSplit = await runIn(folder, ["train", "classes.csv", "--shuffle-split"]);
		expect(noSplit.stderr).toBe(
			"backprop: error: --shuffle-split needs --validation-split (the fraction of rows to hold out)\n",
		);
	});
});
