/**
 * Interruptions are clean: SIGTERM saves like Ctrl-C (exit 143), a second signal
 * while the model is being written waits for the save, and the temporary file a
 * SIGKILL leaves behind is removed by the next save.
 */
import { watch } from "node:fs";
import { join } from "node:path";
import { loadModel } from "@backprop/nn";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backprop, listFolder, regressionCsv, removeFolder, start, tempFolder, writeFiles } from "./helpers";

// A network whose model file is about 30 MB: writing it takes long enough to be
// caught in the act. 2·1200 + 1200 + 1200² + 1200 + 1200 + 1 = 1 446 001 parameters.
const BIG = ["--layers", "2,1200,1200,1", "--batch-size", "30"];

/**
 * Resolves with the name of the next temporary file (`.model.json.<pid>.<hex>.tmp`)
 * to appear in `folder`. Watch only once training is under way: the check of
 * --out before training creates and removes a probe file of the same naming.
 */
function tempFileAppears(folder: string): { appeared: Promise<string>; stop: () => void } {
	const pattern = /^\.model\.json\.\d+\.[0-9a-f]{8}\.tmp$/;
	let stop = () => {};
	const appeared = new Promise<string>((resolve) => {
		const watcher = watch(folder, (_event, name) => {
			if (name !== null && pattern.test(name)) {
				watcher.close();
				resolve(name);
			}
		});
		stop = () => watcher.close();
	});
	return { appeared, stop };
}

describe("SIGTERM and a second signal", () => {
	let folder: string;
	beforeEach(async () => {
		folder = await tempFolder();
		await writeFiles(folder, { "data.csv": regressionCsv(60) });
	});
	afterEach(() => removeFolder(folder));

	it("SIGTERM stops after the current batch, saves the model trained so far, says where, and exits 143", async () => {
		const running = start(
			["train", "data.csv", "--epochs", "1000000", "--batch-size", "4", "--out", "model.json"],
			folder,
		);
		await running.stderrIncludes("epoch       1/1000000");
		running.child.kill("SIGTERM");
		const r = await running.result;
		expect(r.signal).toBe(null);
		expect(r.code).toBe(143);
		expect(r.stderr).toMatch(
			/\nbackprop: interrupted after \d+ complete epochs?; saved the model trained so far to model\.json\n$/,
		);
		expect(await listFolder(folder)).toEqual(["data.csv", "model.json"]);
		const model = await loadModel(join(folder, "model.json"));
		expect((model.metadata.training as { stopReason: string }).stopReason).toBe("aborted");
	});

	it("a second signal while the model is being written finishes the save first, then exits 143", async () => {
		const running = start(["train", "data.csv", "--epochs", "1000000", ...BIG, "--out", "model.json"], folder);
		await running.stderrIncludes("epoch       1/1000000");
		const temp = tempFileAppears(folder);
		try {
			running.child.kill("SIGTERM");
			await Promise.race([temp.appeared, running.result.then(() => Promise.reject(new Error("ended before saving")))]);
			running.child.kill("SIGINT");
		} finally {
			temp.stop();
		}
		const r = await running.result;
		expect(r.code).toBe(143);
		expect(r.stderr).toContain("\nbackprop: interrupted again; finishing the save first\n");
		expect(r.stderr).toMatch(/saved the model trained so far to model\.json\n$/);
		expect(await listFolder(folder)).toEqual(["data.csv", "model.json"]);
		const model = await loadModel(join(folder, "model.json"));
		expect(model.layers.map((l) => l.parameters().reduce((n, p) => n + p.value.size, 0))).toEqual([
			3600, 1441200, 1201,
		]);
	});

	it("a save killed with SIGKILL leaves its temporary file; the next save removes it", async () => {
		const running = start(["train", "data.csv", "--epochs", "1", ...BIG, "--out", "model.json"], folder);
		await running.stderrIncludes("epoch 1/1");
		const temp = tempFileAppears(folder);
		let name: string;
		try {
			name = await Promise.race([
				temp.appeared,
				running.result.then(() => Promise.reject(new Error("ended before saving"))),
			]);
			running.child.kill("SIGKILL");
		} finally {
			temp.stop();
		}
		const killed = await running.result;
		expect(killed.signal).toBe("SIGKILL");
		// What the killed save left: its temporary file, and no model.
		expect(await listFolder(folder)).toEqual([name, "data.csv"].sort());

		const next = await backprop(["train", "data.csv", "--epochs", "2", "--out", "model.json", "--quiet"], folder);
		expect(next.code).toBe(0);
		expect(await listFolder(folder)).toEqual(["data.csv", "model.json"]);
		await loadModel(join(folder, "model.json"));
	});
});
