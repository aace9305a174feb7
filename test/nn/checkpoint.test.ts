/**
 * Checkpoints: 10 epochs in a row and 5 epochs, a checkpoint, a fresh process
 * and 5 more epochs give bit-identical weights (Adam's moments and step counts,
 * the shuffle, Dropout's generator and BatchNorm's statistics all carried over).
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
	Adam,
	checkpointFromJSON,
	checkpointToJSON,
	Dense,
	Dropout,
	ModelFormatError,
	Sequential,
	SGD,
} from "@backprop/nn";
import { Rng } from "@backprop/tensor";
import { describe, expect, it } from "vitest";
import { thrown, withTempDir } from "./helpers";

const here = dirname(fileURLToPath(import.meta.url));
const TSX = join(here, "../../node_modules/tsx/dist/cli.mjs");

function run(mode: string, path: string): Promise<string> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(process.execPath, [TSX, join(here, "fixtures/resume-run.ts"), mode, path], {
			stdio: ["ignore", "pipe", "pipe"],
		});
		let out = "";
		let err = "";
		child.stdout.on("data", (d) => {
			out += d;
		});
		child.stderr.on("data", (d) => {
			err += d;
		});
		child.on("error", reject);
		child.on("close", (code) =>
			code === 0 ? resolvePromise(out) : reject(new Error(`${mode} exited ${code}: ${err}`)),
		);
	});
}

describe("checkpoints", () => {
	it("10 epochs straight equal 5, a checkpoint, a fresh process and 5 more, bit for bit", async () => {
		await withTempDir(async (dir) => {
			const path = join(dir, "ckpt.json");
			const [straight, first] = await Promise.all([run("straight", path), run("first", path)]);
			const second = await run("second", path);
			const a = JSON.parse(straight);
			expect(Object.keys(a)).toContain("batch_norm_1.runningVar");
			expect(JSON.parse(second)).toEqual(a);
			// the checkpoint really was mid-way: 5 epochs differ from 10
			expect(JSON.parse(first)).not.toEqual(a);
			const doc = JSON.parse(await readFile(path, "utf8"));
			expect(doc.format).toBe("backprop.checkpoint");
			expect(doc.epoch).toBe(5);
			expect(doc.optimizer.type).toBe("Adam");
			// 37 rows in batches of 8: 5 steps an epoch, 25 steps in 5 epochs
			expect(doc.optimizer.counters.steps).toEqual([25, 25, 25, 25, 25, 25]);
			expect(Object.keys(doc.generators)).toEqual(["dropout_1.rng"]);
			expect(doc.shuffle.order).toHaveLength(37);
		});
	});

	it("round trips in memory, SGD momentum buffers included", () => {
		const model = new Sequential([new Dense(2, 2, { rng: new Rng(1) }), new Dropout(0.5)]);
		const sgd = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true });
		const doc = JSON.parse(JSON.stringify(checkpointToJSON({ model, optimizer: sgd, epoch: 0 })));
		const back = checkpointFromJSON(doc);
		expect(back.optimizer).toBeInstanceOf(SGD);
		expect((back.optimizer as SGD).nesterov).toBe(true);
		expect(checkpointToJSON({ model: back.model, optimizer: back.optimizer, epoch: 0 })).toEqual(doc);
	});

	it("refuses an optimizer of another model, and hostile documents by field", () => {
		const model = new Sequential([new Dense(2, 1)]);
		const other = new Adam(new Dense(2, 1).parameters());
		expect(() => checkpointToJSON({ model, epoch: 1 })).toThrow(
			"saveCheckpoint: the model has not been trained with fit; pass its optimizer",
		);
		expect(() => checkpointToJSON({ model, optimizer: other, epoch: 1 })).toThrow(
			"saveCheckpoint: the optimizer is not bound to this model's parameters, in their order",
		);
		const good = () =>
			JSON.parse(JSON.stringify(checkpointToJSON({ model, optimizer: new Adam(model.parameters()), epoch: 2 })));
		const withShuffle = () => {
			const d = good();
			d.shuffle = { rng: new Rng(1).getState(), order: [1, 0], seed: 1, optimizerKey: null, loss: "mse" };
			return d;
		};
		const bad = good();
		bad.optimizer.type = "constructor";
		const e = thrown(() => checkpointFromJSON(bad));
		expect(e).toBeInstanceOf(ModelFormatError);
		expect(e.message).toBe('checkpoint.optimizer.type: unknown optimizer "constructor" (known: SGD, Adam, RMSProp)');
		const order = withShuffle();
		order.shuffle.order = [0, 0];
		expect(thrown(() => checkpointFromJSON(order)).message).toBe(
			"checkpoint.shuffle.order: expected a permutation of the row numbers",
		);
		const words = withShuffle();
		words.shuffle.rng.words = [0, 0, 0, 0];
		expect(thrown(() => checkpointFromJSON(words)).message).toMatch(/^checkpoint\.shuffle\.rng: Rng\.setState: words/);
		const steps = good();
		steps.optimizer.counters.steps = [1];
		expect(thrown(() => checkpointFromJSON(steps)).message).toBe(
			"checkpoint.optimizer: Adam.setState: steps needs 2 whole numbers",
		);
	});
});
