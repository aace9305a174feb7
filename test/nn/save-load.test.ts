/**
 * Saving and loading model files: bit-identical round trips in both dtypes,
 * atomic writes (a missing folder creates nothing, an existing file is only
 * ever replaced by a complete one, no temporary files are left), and errors
 * for files that are missing or not models.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
// `fit` is imported as `train`: Biome takes a call named fit for a focused (Jasmine) test.
import {
	Dense,
	loadModel,
	MODEL_FORMAT,
	MODEL_VERSION,
	ModelFormatError,
	modelFromJSON,
	modelToJSON,
	predict,
	Sequential,
	saveModel,
	sequential,
	fit as train,
} from "@backprop/nn";
import { Rng } from "@backprop/tensor";
import { describe, expect, it, vi } from "vitest";
import { bits, expectSameBits, rejected, snapshot, withTempDir, XOR_X, XOR_Y } from "./helpers";

// Fault injection: when switched on, a file opened for writing takes only half of
// the text and then fails (a full disk), or the final rename fails (a crash before it).
const faults = vi.hoisted(() => ({ halfWrite: false, failRename: false }));
vi.mock("node:fs/promises", async (importOriginal) => {
	const actual = await importOriginal<typeof import("node:fs/promises")>();
	return {
		...actual,
		open: async (...args: Parameters<typeof actual.open>) => {
			const handle = await actual.open(...args);
			if (faults.halfWrite) {
				const write = handle.writeFile.bind(handle);
				handle.writeFile = async (data: Parameters<typeof write>[0]) => {
					const text = String(data);
					await write(text.slice(0, Math.floor(text.length / 2)));
					throw new Error("ENOSPC: no space left on device");
				};
			}
			return handle;
		},
		rename: async (...args: Parameters<typeof actual.rename>) => {
			if (faults.failRename) throw new Error("EIO: i/o error");
			return actual.rename(...args);
		},
	};
});

/** 20 random rows of `features` values in [-3, 3). */
function randomInputs(features: number, seed = 0): number[][] {
	const rng = new Rng(seed);
	return Array.from({ length: 20 }, () => Array.from({ length: features }, () => rng.uniform(-3, 3)));
}

/** A trained model, so the weights are not just their initial draws. */
async function trainedModel(dtype: "float32" | "float64"): Promise<Sequential> {
	const model = sequential([2, 5, 3, 1], { activation: "tanh", outputActivation: "sigmoid", seed: 11, dtype });
	await train(model, XOR_X, XOR_Y, { optimizer: "adam", lr: 0.03, epochs: 20, loss: "binaryCrossEntropy" });
	return model;
}

describe("round trip", () => {
	it.each(["float64", "float32"] as const)("a saved and loaded %s model predicts bit-identically", async (dtype) => {
		await withTempDir(async (dir) => {
			const model = await trainedModel(dtype);
			model.metadata = { labels: ["no", "yes"], mean: [0.5, 0.25], note: "trained on XOR" };
			const path = join(dir, "model.json");
			await saveModel(model, path);
			const loaded = await loadModel(path);
			expect(loaded.parameters().map((p) => p.dtype)).toEqual(model.parameters().map((p) => p.dtype));
			expect(loaded.parameters()[0]?.dtype).toBe(dtype);
			expectSameBits(snapshot(loaded), snapshot(model));
			const x = randomInputs(2, 1);
			const before = predict(model, x);
			const after = predict(loaded, x);
			expect(after.dtype).toBe(dtype);
			expect(bits(after.dataSync())).toEqual(bits(before.dataSync()));
			expect(loaded.metadata).toEqual(model.metadata);
			expect((loaded.layers as Dense[]).map((l) => l.activation.name)).toEqual(["tanh", "tanh", "sigmoid"]);
			// the loaded model trains on like the original (the loss named: the original keeps the one it was trained with)
			const more = { optimizer: "sgd", lr: 0.1, epochs: 2, seed: 1, loss: "binaryCrossEntropy" } as const;
			const a = await train(model, XOR_X, XOR_Y, more);
			const b = await train(loaded, XOR_X, XOR_Y, more);
			expect(bits(b.loss)).toEqual(bits(a.loss));
		});
	});

	it("keeps layers without a bias, and metadata given to saveModel overrides the model's", async () => {
		await withTempDir(async (dir) => {
			const model = new Sequential([new Dense(3, 2, { useBias: false, activation: "relu" }), new Dense(2, 1)]);
			model.metadata = { old: true };
			const path = join(dir, "m.json");
			await saveModel(model, path, { fresh: 1 });
			const loaded = await loadModel(path);
			expect((loaded.layers[0] as Dense).bias).toBeNull();
			expect(loaded.parameters()).toHaveLength(3);
			expect(loaded.metadata).toEqual({ fresh: 1 });
			const x = randomInputs(3, 2);
			expect(bits(predict(loaded, x).dataSync())).toEqual(bits(predict(model, x).dataSync()));
		});
	});

	it("writes a versioned JSON document naming activations and initializers, weights as numbers", async () => {
		await withTempDir(async (dir) => {
			const model = sequential([2, 3, 1], { activation: "sigmoid", init: "heNormal", seed: 1 });
			const path = join(dir, "m.json");
			await saveModel(model, path);
			const text = await readFile(path, "utf8");
			expect(text.endsWith("\n")).toBe(true);
			const doc = JSON.parse(text);
			expect(doc.format).toBe(MODEL_FORMAT);
			expect(doc.version).toBe(MODEL_VERSION);
			expect(doc.dtype).toBe("float64");
			expect(doc.layers).toHaveLength(2);
			expect(doc.layers[0]).toMatchObject({
				type: "dense",
				inputs: 2,
				units: 3,
				activation: "sigmoid",
				init: "heNormal",
			});
			expect(doc.layers[0].weight.shape).toEqual([2, 3]);
			expect(doc.layers[0].weight.values).toEqual(Array.from(model.parameters()[0]?.value.dataSync() ?? []));
			expect(doc).toEqual(modelToJSON(model));
			// loading and saving again gives the same document
			expect(modelToJSON(modelFromJSON(doc))).toEqual(doc);
		});
	});

	it("modelToJSON / modelFromJSON work without a file system, from an object or from text", () => {
		const model = sequential([4, 3, 2], { activation: "elu", outputActivation: "softmax", seed: 8 });
		const x = randomInputs(4, 3);
		const want = bits(predict(model, x).dataSync());
		expect(bits(predict(modelFromJSON(modelToJSON(model)), x).dataSync())).toEqual(want);
		expect(bits(predict(modelFromJSON(JSON.stringify(modelToJSON(model))), x).dataSync())).toEqual(want);
	});

	it("modelToJSON refuses what it cannot describe", () => {
		const custom = { forward: (v: never) => v, parameters: () => [] };
		expect(() => modelToJSON(new Sequential([custom]))).toThrow(/layer 0 is not a Dense/);
		expect(() => modelToJSON({} as Sequential)).toThrow(TypeError);
	});
});

describe("atomic saving", () => {
	it("saving into a folder that does not exist fails clearly and creates nothing", async () => {
		await withTempDir(async (dir) => {
			const path = join(dir, "missing", "deeper", "model.json");
			const e = await rejected(saveModel(sequential([2, 1]), path));
			expect(e.message).toContain(join(dir, "missing", "deeper"));
			expect(e.message).toMatch(/does not exist/);
			expect(await readdir(dir)).toEqual([]);
		});
	});

	it("replacing an existing file: the new complete model, no temporary files", async () => {
		await withTempDir(async (dir) => {
			const path = join(dir, "model.json");
			const a = sequential([2, 3, 1], { seed: 1 });
			const b = sequential([2, 4, 1], { seed: 2 });
			await saveModel(a, path);
			await saveModel(b, path);
			expect(await readdir(dir)).toEqual(["model.json"]);
			expect(JSON.parse(await readFile(path, "utf8"))).toEqual(modelToJSON(b));
		});
	});

	it("a save that fails leaves the existing file untouched and no temporary files", async () => {
		await withTempDir(async (dir) => {
			const path = join(dir, "model.json");
			await saveModel(sequential([2, 3, 1], { seed: 1 }), path);
			const original = await readFile(path);
			const unsaveable = new Sequential([
				new Dense(2, 1, { activation: { name: "unregisteredAct", apply: (x) => x } }),
			]);
			await expect(saveModel(unsaveable, path)).rejects.toThrow(/unregisteredAct/);
			// metadata JSON cannot hold
			const cyclic: Record<string, unknown> = {};
			cyclic.self = cyclic;
			await expect(saveModel(sequential([2, 1]), path, cyclic as never)).rejects.toThrow();
			expect(await readdir(dir)).toEqual(["model.json"]);
			expect((await readFile(path)).equals(original)).toBe(true);
		});
	});

	it("a write that fails half way (a full disk) leaves the old file complete and no temporary file", async () => {
		await withTempDir(async (dir) => {
			const path = join(dir, "model.json");
			await saveModel(sequential([2, 3, 1], { seed: 1 }), path);
			const original = await readFile(path);
			faults.halfWrite = true;
			try {
				const e = await rejected(saveModel(sequential([2, 8, 1], { seed: 2 }), path));
				expect(e.message).toMatch(/ENOSPC/);
				expect(e.message).toContain(path);
			} finally {
				faults.halfWrite = false;
			}
			expect(await readdir(dir)).toEqual(["model.json"]);
			expect((await readFile(path)).equals(original)).toBe(true);
			await expect(loadModel(path)).resolves.toBeInstanceOf(Sequential);
		});
	});

	it("a failure before the rename leaves the old file and no temporary file; a new path is not created", async () => {
		await withTempDir(async (dir) => {
			const path = join(dir, "model.json");
			await saveModel(sequential([2, 3, 1], { seed: 1 }), path);
			const original = await readFile(path);
			faults.failRename = true;
			try {
				await expect(saveModel(sequential([2, 8, 1], { seed: 2 }), path)).rejects.toThrow(/EIO/);
				await expect(saveModel(sequential([2, 8, 1], { seed: 2 }), join(dir, "new.json"))).rejects.toThrow(/EIO/);
			} finally {
				faults.failRename = false;
			}
			expect(await readdir(dir)).toEqual(["model.json"]);
			expect((await readFile(path)).equals(original)).toBe(true);
		});
	});

	it("a failed rename (the target is a folder) removes the temporary file", async () => {
		await withTempDir(async (dir) => {
			const path = join(dir, "taken");
			await mkdir(path);
			await writeFile(join(path, "keep.txt"), "x");
			const e = await rejected(saveModel(sequential([2, 1]), path));
			expect(e.message).toContain(path);
			expect((await readdir(dir)).sort()).toEqual(["taken"]);
			expect(await readdir(path)).toEqual(["keep.txt"]);
		});
	});

	it("many concurrent saves to one path leave exactly one complete model and no temporary files", async () => {
		await withTempDir(async (dir) => {
			const path = join(dir, "model.json");
			const models = Array.from({ length: 12 }, (_, i) => sequential([3, 6 + i, 2], { seed: i }));
			await Promise.all(models.map((m) => saveModel(m, path)));
			expect(await readdir(dir)).toEqual(["model.json"]);
			const doc = JSON.parse(await readFile(path, "utf8"));
			const match = models.findIndex((m) => JSON.stringify(modelToJSON(m)) === JSON.stringify(doc));
			expect(match).toBeGreaterThanOrEqual(0);
			await expect(loadModel(path)).resolves.toBeInstanceOf(Sequential);
		});
	});
});

describe("loading files that are not models", () => {
	it("a missing file, a folder: clear errors naming the path", async () => {
		await withTempDir(async (dir) => {
			const missing = join(dir, "nope.json");
			const e = await rejected(loadModel(missing));
			expect(e.message).toContain(missing);
			expect(e.message).toMatch(/no such file/);
			const e2 = await rejected(loadModel(dir));
			expect(e2.message).toContain(dir);
			expect(e2.message).toMatch(/not a file/);
		});
	});

	it("a truncated file (the JSON cut in half) is a ModelFormatError naming the file", async () => {
		await withTempDir(async (dir) => {
			const path = join(dir, "model.json");
			await saveModel(sequential([2, 3, 1], { seed: 1 }), path);
			const text = await readFile(path, "utf8");
			await writeFile(path, text.slice(0, Math.floor(text.length / 2)));
			const e = await rejected(loadModel(path));
			expect(e).toBeInstanceOf(ModelFormatError);
			expect(e.message).toContain(path);
			expect(e.message).toMatch(/model: not valid JSON/);
		});
	});

	it("an empty file, a file of another format, a bad weight: ModelFormatErrors naming the file and field", async () => {
		await withTempDir(async (dir) => {
			const path = join(dir, "model.json");
			await writeFile(path, "");
			expect((await rejected(loadModel(path))).message).toMatch(/model: not valid JSON/);
			await writeFile(path, JSON.stringify({ format: "keras", version: 1 }));
			const e = await rejected(loadModel(path));
			expect(e).toBeInstanceOf(ModelFormatError);
			expect(e.message).toBe(`${path}: model.format: expected "${MODEL_FORMAT}", got "keras"`);
			const doc = modelToJSON(sequential([2, 1]));
			const text = JSON.stringify(doc).replace(/"values":\[([^,\]]+)/, '"values":[null');
			await writeFile(path, text);
			const e2 = await rejected(loadModel(path));
			expect(e2).toBeInstanceOf(ModelFormatError);
			expect(e2.message).toContain(`${path}: model.layers[0].weight.values[0]`);
		});
	});
});
