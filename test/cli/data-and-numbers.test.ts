/**
 * The command and the data's numbers and bytes: huge features standardize and the
 * model saved loads; non-finite values are blamed on their real cause; a run that
 * diverged says so; what is not UTF-8 text is named; control characters in errors
 * are shown escaped.
 */
import { execFileSync } from "node:child_process";
import { createWriteStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Dense, loadModel, modelToJSON, Sequential } from "@backprop/nn";
import { tensor } from "@backprop/tensor";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regressionCsv, removeFolder, runInProcess, tempFolder } from "./helpers";

/**
 * `x1,x2,y` rows with the regression CSV's features (in [-2, 2]) plus `shift`,
 * times 10^`exponent` (targets as they are).
 */
function scaledCsv(exponent: number, shift = 0): string {
	return regressionCsv(40)
		.split("\n")
		.map((line, i) => {
			if (i === 0 || line === "") return line;
			const [a, b, y] = line.split(",");
			const scaled = (v: string | undefined) => `${(Number(v) + shift).toFixed(4)}e${exponent}`;
			return `${scaled(a)},${scaled(b)},${y}`;
		})
		.join("\n");
}

let folder: string;
beforeAll(async () => {
	folder = await tempFolder();
	await writeFile(join(folder, "data.csv"), regressionCsv(40));
	await writeFile(join(folder, "e200.csv"), scaledCsv(200));
	// Features from 1e307 to 5e307: 40 of them add up past the largest double (1.8e308).
	await writeFile(join(folder, "e307.csv"), scaledCsv(307, 3));
});
afterAll(() => removeFolder(folder));

describe("--normalize with huge features", () => {
	it("features around 1e200: finite statistics, a model that predict, inspect and evaluate load", async () => {
		const r = await runInProcess(["train", "e200.csv", "--normalize", "--epochs", "5", "--out", "m.json"], folder);
		expect(r.stderr).not.toMatch(/error/);
		expect(r.code).toBe(0);
		const model = await loadModel(join(folder, "m.json"));
		const norm = model.metadata.normalization as { mean: number[]; std: number[] };
		// x1 = a·1e200 with a in [-2, 2]: its mean and std are of the order of 1e200.
		for (const v of [...norm.mean, ...norm.std]) expect(Math.abs(v)).toBeLessThan(4e200);
		for (const v of norm.std) expect(v).toBeGreaterThan(1e199);
		for (const argv of [
			["predict", "m.json", "--input", "1e200,-1e200"],
			["inspect", "m.json"],
			["evaluate", "m.json", "e200.csv"],
		]) {
			const used = await runInProcess(argv, folder);
			expect(used.stderr).toBe("");
			expect(used.code).toBe(0);
		}
	});

	it("features around 1e307, whose plain sums overflow: trains, rather than failing with NaN blamed on --lr", async () => {
		const r = await runInProcess(["train", "e307.csv", "--normalize", "--epochs", "5", "--out", "m307.json"], folder);
		expect(r.stderr).not.toMatch(/error/);
		expect(r.code).toBe(0);
		await loadModel(join(folder, "m307.json"));
	});
});

describe("a non-finite value is blamed on where it came from", () => {
	it("features around 1e200 without --normalize: the failure names the feature and suggests --normalize, not --lr", async () => {
		const r = await runInProcess(["train", "e200.csv", "--epochs", "5", "--quiet"], folder);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(
			/^backprop: error: training failed: .*; nothing was saved \(the feature 'x\d' reaches -?\d\.\d{3}e\+200, too large for the network's sums: try --normalize\)\n$/,
		);
		expect(r.stderr).not.toContain("--lr");
	});

	it("predict: an output that overflows to Infinity is an error naming the input, not `null` with exit 0", async () => {
		// y = 1e300·x1 + 1e300·x2 (linear): at x = (1e10, 1e10) it is 2e310, past the largest double.
		const layer = new Dense(2, 1, { weights: tensor([[1e300], [1e300]]), bias: tensor([0]) });
		const model = new Sequential([layer]);
		model.metadata = { features: ["x1", "x2"], target: "y", task: "regression", loss: "mse" };
		await writeFile(join(folder, "overflow.json"), JSON.stringify(modelToJSON(model)));
		const one = await runInProcess(["predict", "overflow.json", "--input", "1e10,1e10", "--json"], folder);
		expect(one.code).toBe(1);
		expect(one.stdout).toBe("");
		expect(one.stderr).toBe(
			"backprop: error: the model's output for --input is Infinity, not a finite number: the network overflowed on inputs as large as 1.000e+10\n",
		);
		await writeFile(join(folder, "rows.csv"), "x1,x2\n1,1\n1e10,1e10\n");
		const rows = await runInProcess(["predict", "overflow.json", "--data", "rows.csv", "--json"], folder);
		expect(rows.code).toBe(1);
		expect(rows.stderr).toBe(
			"backprop: error: the model's output for rows.csv line 3 is Infinity, not a finite number: the network overflowed on inputs as large as 1.000e+10\n",
		);
	});
});

describe("divergence", () => {
	it("SGD with --lr 1e6: the loss grows by more than 10 times and the command warns, suggesting a smaller --lr", async () => {
		const argv = ["train", "data.csv", "--activation", "tanh", "--optimizer", "sgd", "--lr", "1e6", "--epochs", "3"];
		const r = await runInProcess([...argv, "--json"], folder);
		expect(r.code).toBe(0);
		const loss = (JSON.parse(r.stdout) as { history: { loss: number[] } }).history.loss;
		expect(loss[2]).toBeGreaterThan(10 * loss[0]);
		expect(r.stderr).toMatch(
			/^backprop: warning: training diverged: the loss rose from \S+ to \S+ \(more than 10 times the first epoch's\); try a smaller --lr than 1000000\n$/m,
		);
		// A run that learns gets no warning.
		const fine = await runInProcess(["train", "data.csv", "--epochs", "20"], folder);
		expect(fine.code).toBe(0);
		expect(fine.stderr).not.toContain("warning");
	});
});

describe("what is not UTF-8 text is named", () => {
	const text = "x1,x2,label\n1,2,café\n3,4,thé\n5,6,café\n";
	const files: Record<string, Buffer> = {
		"data.csv.gz": gzipSync(Buffer.from(text)),
		"utf16.csv": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
		"utf16-no-bom.csv": Buffer.from(text, "utf16le"),
		"latin1.csv": Buffer.from(text, "latin1"),
		"binary.csv": Buffer.from([1, 2, 3, 0, 0, 7, 200, 13, 10, 65]),
		"sheet.csv": Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(20)]),
	};
	const says: Record<string, string> = {
		"data.csv.gz": "it looks like gzip-compressed data; decompress it first",
		"utf16.csv": "it looks like UTF-16 text; save it as UTF-8",
		"utf16-no-bom.csv": "it looks like UTF-16 text; save it as UTF-8",
		"latin1.csv": "line 2 has bytes that are not UTF-8 (Latin-1 or Windows-1252 text? save it as UTF-8)",
		"binary.csv": "it holds binary data (zero bytes)",
		"sheet.csv": "it looks like a ZIP archive (a spreadsheet? export it as CSV)",
	};
	for (const name of Object.keys(files)) {
		it(`${name}: not a UTF-8 text CSV, said so`, async () => {
			await writeFile(join(folder, name), files[name] as Buffer);
			const r = await runInProcess(["train", name, "--epochs", "1"], folder);
			expect(r.code).toBe(1);
			expect(r.stderr).toBe(`backprop: error: ${name}: not a UTF-8 text CSV: ${says[name]}\n`);
		});
	}

	it("UTF-8 text with a byte-order mark and accents is read (labels intact)", async () => {
		await writeFile(join(folder, "utf8.csv"), `\uFEFF${text}`);
		const r = await runInProcess(["train", "utf8.csv", "--epochs", "1", "--json", "--quiet"], folder);
		expect(r.stderr).toBe("");
		expect((JSON.parse(r.stdout) as { labels: string[] }).labels).toEqual(["café", "thé"]);
	});

	it("a pipe that never ends is refused after 256 MiB read, not read until memory runs out", async () => {
		const fifo = join(folder, "endless.csv");
		execFileSync("mkfifo", [fifo]);
		// The writer pumps text until the command closes its end (EPIPE).
		const writer = createWriteStream(fifo);
		const chunk = Buffer.from("1,2,3\n".repeat(10_000));
		writer.on("error", () => undefined);
		const pump = () => {
			while (!writer.destroyed && writer.write(chunk)) {}
		};
		writer.on("drain", pump);
		writer.on("open", pump);
		const r = await runInProcess(["train", "endless.csv", "--epochs", "1"], folder);
		writer.destroy();
		expect(r.code).toBe(1);
		expect(r.stderr).toBe("backprop: error: cannot read endless.csv: more than 268435456 bytes is too large\n");
	});
});

describe("control characters in error messages are escaped", () => {
	it("an ANSI colour sequence in a CSV cell and an OSC sequence in a file name", async () => {
		await writeFile(join(folder, "ansi.csv"), "x1,x2,y\n1,2,3\n4,\x1b[31mred,6\n");
		const cell = await runInProcess(["train", "ansi.csv", "--epochs", "1"], folder);
		expect(cell.code).toBe(1);
		// (the hint on leaving the column out is issue 12's)
		expect(cell.stderr).toBe(
			"backprop: error: ansi.csv: line 3, column 2 ('x2'): '\\x1b[31mred' is not a number; to leave the column 'x2' out of the features, pass --features x1\n",
		);
		const name = "evil\x1b]0;pwned\x07.csv";
		const missing = await runInProcess(["train", name, "--epochs", "1"], folder);
		expect(missing.code).toBe(1);
		expect(missing.stderr).toBe("backprop: error: cannot read data file evil\\x1b]0;pwned\\x07.csv: no such file\n");
		for (const s of [cell.stderr, missing.stderr]) {
			expect(s.includes("\x1b")).toBe(false);
			expect(s.includes("\x07")).toBe(false);
		}
	});
});
