import { join } from "node:path";
import { loadModel } from "@backprop/nn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backprop, listFolder, regressionCsv, removeFolder, start, tempFolder, writeFiles } from "./helpers";

describe("Ctrl-C (SIGINT) during training", () => {
	let folder: string;
	beforeAll(async () => {
		folder = await tempFolder();
		await writeFiles(folder, { "data.csv": regressionCsv(60) });
	});
	afterAll(() => removeFolder(folder));

	it("stops after the current batch, saves the model trained so far to --out, says where, and exits 130", async () => {
		const running = start(
			["train", "data.csv", "--epochs", "1000000", "--batch-size", "4", "--out", "model.json"],
			folder,
		);
		// The first progress line comes after the first epoch: training is under way.
		await running.stderrIncludes("epoch       1/1000000");
		running.child.kill("SIGINT");
		const r = await running.result;
		expect(r.code).toBe(130);
		expect(r.stderr).toMatch(
			/\nbackprop: interrupted after \d+ complete epochs?; saved the model trained so far to model\.json\n$/,
		);
		expect(r.stderr).not.toMatch(/^\s+at /m);
		expect(r.stdout).toContain("Stopped: ");
		// The model file is whole and valid, and no temporary file is left.
		expect(await listFolder(folder)).toEqual(["data.csv", "model.json"]);
		const model = await loadModel(join(folder, "model.json"));
		expect((model.metadata.training as { stopReason: string }).stopReason).toBe("aborted");

		const used = await backprop(["predict", "model.json", "--input", "0.5,-0.5"], folder);
		expect(used.code).toBe(0);
		expect(used.stdout).toMatch(/^y: -?\d/);
	});

	it("without --out, says nothing was saved and still exits 130", async () => {
		const running = start(["train", "--epochs", "1000000"], folder);
		await running.stderrIncludes("epoch       1/1000000");
		running.child.kill("SIGINT");
		const r = await running.result;
		expect(r.code).toBe(130);
		expect(r.stderr).toMatch(
			/interrupted after \d+ complete epochs?; nothing saved \(give --out model\.json to keep the model\)\n$/,
		);
		expect(await listFolder(folder)).toEqual(["data.csv", "model.json"]);
	});
});
