/**
 * Whatever saveModel writes, loadModel reads back: a save checks the document
 * with the validator loading uses, before touching the file. And the reader's
 * smaller cases: metadata nested too deep, a byte-order mark, 1e999.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
	activationNames,
	Dense,
	type JsonObject,
	loadModel,
	ModelFormatError,
	modelFromJSON,
	modelToJSON,
	Sequential,
	saveModel,
	sequential,
} from "@backprop/nn";
import { type DType, tensor } from "@backprop/tensor";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rejected, withTempDir } from "./helpers";

/** A random stack of Dense layers: 1 to 3 layers of 1 to 4 units, any activation, either dtype, weights `values`. */
const modelArbitrary = (values: fc.Arbitrary<number>) =>
	fc
		.record({
			sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 4 }),
			activations: fc.array(fc.constantFrom(...activationNames()), { minLength: 3, maxLength: 3 }),
			dtype: fc.constantFrom<DType>("float32", "float64"),
			useBias: fc.boolean(),
		})
		.chain(({ sizes, activations, dtype, useBias }) => {
			const shapes = sizes.slice(1).map((units, i) => [sizes[i], units] as const);
			const count = shapes.reduce((n, [a, b]) => n + a * b + (useBias ? b : 0), 0);
			return fc.array(values, { minLength: count, maxLength: count }).map((all) => {
				let at = 0;
				const take = (n: number) => {
					at += n;
					return all.slice(at - n, at);
				};
				const layers = shapes.map(
					([inputs, units], i) =>
						new Dense(inputs, units, {
							activation: activations[i] as string,
							useBias,
							dtype,
							weights: tensor(take(inputs * units), { dtype, shape: [inputs, units] }),
							...(useBias ? { bias: tensor(take(units), { dtype }) } : {}),
						}),
				);
				return new Sequential(layers);
			});
		});

/** JSON has one zero: -0 is written as 0, the only change a save makes to a value. */
function asJsonHoldsIt<T>(value: T): T {
	if (Object.is(value, -0)) return 0 as T;
	if (Array.isArray(value)) return value.map(asJsonHoldsIt) as T;
	if (value !== null && typeof value === "object") {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value))
			Object.defineProperty(out, k, { value: asJsonHoldsIt(v), enumerable: true });
		return out as T;
	}
	return value;
}

const PREVIOUS = "the previous file\n";

describe("a save checks the document as a load would, before touching the file", () => {
	it("property: for random models and metadata, what saveModel writes loadModel reads back equal; what it refuses leaves the file as it was", async () => {
		await withTempDir(async (dir) => {
			const path = join(dir, "m.json");
			await fc.assert(
				fc.asyncProperty(
					// Any double (NaN, ±Infinity, -0, subnormals) as a weight; anything as metadata
					// (undefined, NaN, nested objects, keys such as "__proto__").
					modelArbitrary(fc.double()),
					fc.dictionary(fc.string(), fc.anything({ maxDepth: 3 }), { maxKeys: 4 }),
					async (model, metadata) => {
						await writeFile(path, PREVIOUS);
						const saved = await saveModel(model, path, metadata as JsonObject).then(
							() => null,
							(e: Error) => e,
						);
						if (saved !== null) {
							expect(saved).toBeInstanceOf(ModelFormatError);
							expect(await readFile(path, "utf8")).toBe(PREVIOUS);
							return;
						}
						const loaded = await loadModel(path);
						expect(modelToJSON(loaded)).toEqual(asJsonHoldsIt(modelToJSON(model, metadata as JsonObject)));
						expect(await readdir(dir)).toEqual(["m.json"]);
					},
				),
				{ numRuns: 150, seed: 17 },
			);
		});
	});

	it("property: a model of finite weights with JSON metadata always saves, and loads back equal", async () => {
		await withTempDir(async (dir) => {
			const path = join(dir, "m.json");
			// float32-representable finite values, so neither dtype rounds them to Infinity.
			const finite = fc.float({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v));
			// The loader's only refusal of JSON metadata is a key that could reach a prototype.
			const jsonMetadata = fc
				.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }).map(asJsonHoldsIt), { maxKeys: 4 })
				.filter((m) => !/"(__proto__|constructor|prototype)":/.test(JSON.stringify(m)));
			await fc.assert(
				fc.asyncProperty(modelArbitrary(finite), jsonMetadata, async (model, metadata) => {
					await saveModel(model, path, metadata as JsonObject);
					const loaded = await loadModel(path);
					expect(modelToJSON(loaded)).toEqual(modelToJSON(model, metadata as JsonObject));
				}),
				{ numRuns: 150, seed: 17 },
			);
		});
	});

	it("refuses NaN and Infinity weights, naming the value, and writes nothing", async () => {
		await withTempDir(async (dir) => {
			const path = join(dir, "m.json");
			await writeFile(path, PREVIOUS);
			// A trained model whose second layer's weights went bad: [[1], [NaN]], then [[1], [Infinity]].
			const withWeight = (bad: number) =>
				new Sequential([new Dense(2, 2), new Dense(2, 1, { weights: tensor([[1], [bad]]) })]);
			const e = await rejected(saveModel(withWeight(Number.NaN), path));
			expect(e).toBeInstanceOf(ModelFormatError);
			expect(e.message).toBe("model.layers[1].parameters.weight.values[1]: not a finite number: NaN");
			expect((await rejected(saveModel(withWeight(Number.POSITIVE_INFINITY), path))).message).toBe(
				"model.layers[1].parameters.weight.values[1]: not a finite number: Infinity (too large for a 64-bit float, such as 1e999)",
			);
			expect(await readFile(path, "utf8")).toBe(PREVIOUS);
			expect(await readdir(dir)).toEqual(["m.json"]);
		});
	});

	it("refuses metadata with a __proto__ own key, a NaN, an Infinity or undefined, naming the field", async () => {
		await withTempDir(async (dir) => {
			const path = join(dir, "m.json");
			const model = sequential([2, 1], { seed: 1 });
			const proto = JSON.parse('{"a": {"__proto__": {"polluted": true}}}') as JsonObject;
			const cases: [JsonObject, string][] = [
				[proto, "model.metadata.a.__proto__: forbidden key"],
				[{ normalization: { std: [1, Number.NaN] } }, "model.metadata.normalization.std[1]: not a finite number: NaN"],
				[
					{ lr: Number.NEGATIVE_INFINITY },
					"model.metadata.lr: not a finite number: -Infinity (too large for a 64-bit float, such as 1e999)",
				],
				[{ note: undefined } as unknown as JsonObject, "model.metadata.note: not a JSON value (undefined)"],
			];
			for (const [metadata, message] of cases) {
				const e = await rejected(saveModel(model, path, metadata));
				expect(e).toBeInstanceOf(ModelFormatError);
				expect(e.message).toBe(message);
			}
			expect(await readdir(dir)).toEqual([]);
		});
	});
});

describe("reading: deep nesting, a byte-order mark, numbers too large", () => {
	const good = () => modelToJSON(sequential([2, 1], { seed: 1 }), {});

	it("metadata nested 5 000 levels deep is a ModelFormatError, not a stack overflow, when loading and when saving", async () => {
		let deep = "1";
		for (let i = 0; i < 5000; i++) deep = `[${deep}]`;
		const text = JSON.stringify(good()).replace('"metadata":{}', `"metadata":{"x":${deep}}`);
		let e: unknown;
		try {
			modelFromJSON(text);
		} catch (caught) {
			e = caught;
		}
		expect(e).toBeInstanceOf(ModelFormatError);
		expect((e as Error).message).toMatch(/^model\.metadata\.x\[0\]\[0\].*: nested more than 100 levels deep$/);

		let nested: unknown = 1;
		for (let i = 0; i < 5000; i++) nested = [nested];
		await withTempDir(async (dir) => {
			const saved = await rejected(
				saveModel(sequential([2, 1], { seed: 1 }), join(dir, "m.json"), { x: nested } as JsonObject),
			);
			expect(saved).toBeInstanceOf(ModelFormatError);
			expect(saved.message).toMatch(/nested more than 100 levels deep$/);
			expect(await readdir(dir)).toEqual([]);
		});
	});

	it("accepts a model file that starts with a UTF-8 byte-order mark", async () => {
		await withTempDir(async (dir) => {
			const path = join(dir, "bom.json");
			await writeFile(path, `\uFEFF${JSON.stringify(good())}`);
			const model = await loadModel(path);
			expect(modelToJSON(model)).toEqual(good());
		});
	});

	it("a weight written 1e999 is reported as too large, not as null", () => {
		const text = JSON.stringify(good()).replace(/"values":\[[^\]]*\]/, '"values":[1e999,0]');
		expect(() => modelFromJSON(text)).toThrow(
			"model.layers[0].parameters.weight.values[0]: not a finite number: Infinity (too large for a 64-bit float, such as 1e999)",
		);
	});
});
