/**
 * Reading model documents trusts nothing: every malformed document is a
 * ModelFormatError naming the field, never a crash, never code run from the
 * document, never a polluted prototype.
 */
import {
	activationNames,
	type Dense,
	ModelFormatError,
	type ModelJSON,
	modelFromJSON,
	modelToJSON,
	predict,
	Sequential,
	sequential,
} from "@backprop/nn";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { thrown } from "./helpers";

type Doc = Record<string, unknown>;

/** The version 1 document of a Sequential of Dense layers, as the version 1 writer made it. */
function v1Document(model: Sequential): Doc {
	const stored = (v: { shape: readonly number[]; value: { dataSync(): ArrayLike<number> } }) => ({
		shape: [...v.shape],
		values: Array.from(v.value.dataSync()),
	});
	const layers = (model.layers as Dense[]).map((l) => ({
		type: "dense",
		inputs: l.inputs,
		units: l.units,
		activation: l.activation.name,
		init: l.init,
		useBias: l.bias !== null,
		weight: stored(l.weight),
		bias: l.bias ? stored(l.bias) : null,
	}));
	return JSON.parse(
		JSON.stringify({ format: "backprop.model", version: 1, dtype: "float64", layers, metadata: model.metadata }),
	) as Doc;
}

/**
 * A valid version 1 document of a [2, 3, 1] model, as a fresh plain object: the
 * hostile-document cases below edit it (version 2's own are in model-json-v2.test.ts).
 */
function validDoc(): Doc {
	const model = sequential([2, 3, 1], { activation: "tanh", outputActivation: "sigmoid", seed: 3 });
	model.metadata = { labels: ["a", "b"], nested: { deep: [1, { x: 2 }] } };
	return v1Document(model);
}

function layer(doc: Doc, i: number): Doc {
	return (doc.layers as Doc[])[i] as Doc;
}

/** Asserts that reading `input` is a ModelFormatError whose message starts with `field` followed by ':'. */
function expectFormatError(input: unknown, field: string, detail?: RegExp): ModelFormatError {
	const e = thrown(() => modelFromJSON(input));
	if (!(e instanceof ModelFormatError)) throw new Error(`expected a ModelFormatError, got ${e.name}: ${e.message}`);
	expect(e.name).toBe("ModelFormatError");
	expect(e.message.startsWith(`${field}: `), `"${e.message}" should name ${field}`).toBe(true);
	if (detail) expect(e.message).toMatch(detail);
	return e;
}

afterEach(() => {
	// no test may leave a polluted prototype behind
	expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	expect(Object.prototype).not.toHaveProperty("polluted");
});

describe("a valid document", () => {
	it("loads, from an object or from text", () => {
		const doc = validDoc();
		expect(modelFromJSON(doc)).toBeInstanceOf(Sequential);
		expect(modelFromJSON(JSON.stringify(doc))).toBeInstanceOf(Sequential);
	});

	it("may leave out metadata and init", () => {
		const doc = validDoc();
		delete doc.metadata;
		delete layer(doc, 0).init;
		const model = modelFromJSON(doc);
		expect(model.metadata).toEqual({});
	});

	it("is not aliased by the model: changing the document afterwards changes nothing", () => {
		const doc = validDoc();
		const model = modelFromJSON(doc);
		const before = Array.from(predict(model, [[1, 2]]).dataSync());
		(layer(doc, 0).weight as { values: number[] }).values.fill(100);
		((doc.metadata as Doc).labels as string[])[0] = "changed";
		expect(Array.from(predict(model, [[1, 2]]).dataSync())).toEqual(before);
		expect((model.metadata.labels as string[])[0]).toBe("a");
	});
});

describe("malformed documents, each a ModelFormatError naming the field", () => {
	it("not JSON, or not an object", () => {
		expectFormatError("{ not json", "model", /not valid JSON/);
		expectFormatError("", "model", /not valid JSON/);
		for (const v of [null, 42, "42", [], "[]", true, undefined])
			expectFormatError(v, "model", /expected a JSON object/);
	});

	it("a truncated document: the JSON text cut in half, and cut at every other length", () => {
		const text = JSON.stringify(validDoc());
		expectFormatError(text.slice(0, Math.floor(text.length / 2)), "model", /not valid JSON/);
		for (let cut = 0; cut < text.length; cut += 3) expectFormatError(text.slice(0, cut), "model", /not valid JSON/);
	});

	it("a wrong or missing format", () => {
		for (const format of ["keras", "", 1, null]) {
			expectFormatError({ ...validDoc(), format }, "model.format", /expected "backprop\.model"/);
		}
		const doc = validDoc();
		delete doc.format;
		expectFormatError(doc, "model.format", /missing/);
	});

	it("a wrong or missing version", () => {
		for (const version of [0, 3, "1", 1.5, null]) {
			expectFormatError({ ...validDoc(), version }, "model.version", /unsupported version/);
		}
		const doc = validDoc();
		delete doc.version;
		expectFormatError(doc, "model.version", /missing/);
	});

	it("a wrong or missing dtype", () => {
		for (const dtype of ["int32", "float16", 64, null]) expectFormatError({ ...validDoc(), dtype }, "model.dtype");
		const doc = validDoc();
		delete doc.dtype;
		expectFormatError(doc, "model.dtype", /missing/);
	});

	it("layers missing, empty, not a list, or too many", () => {
		const doc = validDoc();
		delete doc.layers;
		expectFormatError(doc, "model.layers", /missing/);
		for (const layers of [[], {}, "dense", null]) expectFormatError({ ...validDoc(), layers }, "model.layers");
		const many = Array.from({ length: 1001 }, () => layer(validDoc(), 0));
		expectFormatError({ ...validDoc(), layers: many }, "model.layers", /1 to 1000/);
	});

	it("a layer that is not an object, or of an unknown type", () => {
		for (const bad of [null, 3, "dense", [1]]) {
			const doc = validDoc();
			(doc.layers as unknown[])[1] = bad;
			expectFormatError(doc, "model.layers[1]", /expected an object/);
		}
		const doc = validDoc();
		layer(doc, 0).type = "conv2d";
		expectFormatError(doc, "model.layers[0].type", /unknown layer type "conv2d"/);
	});

	it.each(["type", "inputs", "units", "activation", "useBias", "weight", "bias"])("a layer without %s", (key) => {
		const doc = validDoc();
		delete layer(doc, 1)[key];
		expectFormatError(doc, `model.layers[1].${key}`, /missing/);
	});

	it("sizes that are not whole numbers from 1 to a million", () => {
		for (const key of ["inputs", "units"]) {
			for (const bad of [0, -2, 1.5, "2", null, Number.NaN, 1e9, Number.POSITIVE_INFINITY]) {
				const doc = validDoc();
				layer(doc, 0)[key] = bad;
				expectFormatError(doc, `model.layers[0].${key}`, /whole number from 1 to 1000000/);
			}
		}
	});

	it("absurd sizes: more weights in a layer than allowed, refused before anything is allocated", () => {
		const doc = validDoc();
		Object.assign(layer(doc, 0), { inputs: 1_000_000, units: 1_000_000 });
		expectFormatError(doc, "model.layers[0]", /1000000×1000000 weights is more than/);
		const doc2 = validDoc();
		Object.assign(layer(doc2, 0), { inputs: 2, units: 900_000 });
		// a plausible size whose weights are simply not there
		expectFormatError(doc2, "model.layers[0].weight.shape", /expected \[2,900000\]/);
	});

	it("shapes that do not chain", () => {
		const doc = validDoc();
		Object.assign(layer(doc, 1), {
			inputs: 4,
			weight: { shape: [4, 1], values: [1, 2, 3, 4] },
		});
		expectFormatError(doc, "model.layers[1].inputs", /4 does not match the 3 units of layer 0/);
	});

	it("weights whose shape does not match the sizes", () => {
		const doc = validDoc();
		(layer(doc, 0).weight as Doc).shape = [3, 2];
		expectFormatError(doc, "model.layers[0].weight.shape", /expected \[2,3\], got \[3,2\]/);
		const doc2 = validDoc();
		(layer(doc2, 0).bias as Doc).shape = [2];
		expectFormatError(doc2, "model.layers[0].bias.shape");
		const doc3 = validDoc();
		(layer(doc3, 0).weight as Doc).shape = "2x3";
		expectFormatError(doc3, "model.layers[0].weight.shape");
	});

	it("weights that are not an object of shape and values, or have the wrong count", () => {
		for (const weight of [null, [1, 2], "w", 3]) {
			const doc = validDoc();
			layer(doc, 0).weight = weight;
			expectFormatError(doc, "model.layers[0].weight", /expected \{ shape, values \}/);
		}
		const doc = validDoc();
		delete (layer(doc, 0).weight as Doc).values;
		expectFormatError(doc, "model.layers[0].weight.values", /missing/);
		const doc2 = validDoc();
		(layer(doc2, 0).weight as Doc).values = "1,2,3,4,5,6";
		expectFormatError(doc2, "model.layers[0].weight.values", /expected an array of 6 numbers/);
		const doc3 = validDoc();
		((layer(doc3, 0).weight as Doc).values as number[]).pop();
		expectFormatError(doc3, "model.layers[0].weight.values", /expected 6 numbers, got 5/);
	});

	it("non-finite weights: null, a string, NaN, Infinity, nested arrays, an object", () => {
		for (const bad of [
			null,
			"0.5",
			Number.NaN,
			Number.POSITIVE_INFINITY,
			Number.NEGATIVE_INFINITY,
			[1],
			{ v: 1 },
			true,
		]) {
			const doc = validDoc();
			((layer(doc, 1).weight as Doc).values as unknown[])[2] = bad;
			expectFormatError(doc, "model.layers[1].weight.values[2]", /not a finite number/);
		}
		const doc = validDoc();
		((layer(doc, 0).bias as Doc).values as unknown[])[1] = null;
		expectFormatError(doc, "model.layers[0].bias.values[1]", /not a finite number: null/);
	});

	it("a number too large for a double in the text (1e999 parses as Infinity)", () => {
		const text = JSON.stringify(validDoc()).replace(/"values":\[[^,\]]+/, '"values":[1e999');
		expectFormatError(text, "model.layers[0].weight.values[0]", /not a finite number/);
	});

	it("useBias that is not a boolean, and a bias that contradicts it", () => {
		for (const useBias of ["true", 1, null]) {
			const doc = validDoc();
			layer(doc, 0).useBias = useBias;
			expectFormatError(doc, "model.layers[0].useBias", /expected true or false/);
		}
		const doc = validDoc();
		layer(doc, 0).useBias = false;
		expectFormatError(doc, "model.layers[0].bias", /must be null when useBias is false/);
		const doc2 = validDoc();
		layer(doc2, 0).bias = null;
		expectFormatError(doc2, "model.layers[0].bias", /expected \{ shape, values \}/);
	});

	it("an init that is not a name", () => {
		const doc = validDoc();
		layer(doc, 0).init = 7;
		expectFormatError(doc, "model.layers[0].init", /expected a name/);
	});

	it("metadata that is not an object", () => {
		for (const metadata of [[1, 2], "meta", 3, null]) expectFormatError({ ...validDoc(), metadata }, "model.metadata");
	});
});

describe("activation names are only looked up, never evaluated", () => {
	it("an unknown activation name is an error listing the known ones", () => {
		const doc = validDoc();
		layer(doc, 1).activation = "swish";
		const e = expectFormatError(doc, "model.layers[1].activation", /unknown activation "swish"/);
		for (const name of activationNames()) expect(e.message).toContain(name);
	});

	it("names of prototype members and code are unknown names", () => {
		const g = globalThis as Record<string, unknown>;
		for (const name of [
			"constructor",
			"__proto__",
			"toString",
			"hasOwnProperty",
			"valueOf",
			"globalThis.hacked = 1",
			"(() => { globalThis.hacked = 1; return 'relu' })()",
			"x => x",
		]) {
			const doc = validDoc();
			layer(doc, 0).activation = name;
			expectFormatError(doc, "model.layers[0].activation", /unknown activation/);
		}
		expect(g.hacked).toBeUndefined();
	});

	it("an activation that is not a string", () => {
		for (const activation of [null, 3, { name: "relu" }, ["relu"]]) {
			const doc = validDoc();
			layer(doc, 0).activation = activation;
			expectFormatError(doc, "model.layers[0].activation", /unknown activation/);
		}
	});
});

describe("__proto__ and other prototype keys", () => {
	const inject = (text: string, where: string, key: string) =>
		text.replace(where, `${where}"${key}":{"polluted":"yes","activation":"relu"},`);

	it.each(["__proto__", "constructor", "prototype"])("a %s key anywhere is refused, naming its path", (key) => {
		const text = JSON.stringify(validDoc());
		// at the top level, in a layer, in a weight, deep in metadata
		expectFormatError(inject(text, "{", key), `model.${key}`, /forbidden key/);
		expectFormatError(inject(text, '"layers":[{', key), `model.layers[0].${key}`, /forbidden key/);
		expectFormatError(inject(text, '"weight":{', key), `model.layers[0].weight.${key}`, /forbidden key/);
		expectFormatError(inject(text, '"deep":[1,{', key), `model.metadata.nested.deep[1].${key}`, /forbidden key/);
		// also when the parsed object (with its own "__proto__" key) is passed instead of the text
		expectFormatError(JSON.parse(inject(text, "{", key)), `model.${key}`, /forbidden key/);
	});

	it("nothing is polluted, even for a document that is otherwise valid", () => {
		const text = JSON.stringify(validDoc()).replace('"metadata":{', '"metadata":{"__proto__":{"polluted":true},');
		expect(() => modelFromJSON(text)).toThrow(ModelFormatError);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});

describe("documents given as objects that JSON cannot express", () => {
	it("a circular reference is an error, not an endless walk", () => {
		const doc = validDoc();
		const cyclic: Doc = { a: 1 };
		cyclic.self = cyclic;
		doc.metadata = cyclic;
		expectFormatError(doc, "model.metadata.self", /circular/);
		const doc2 = validDoc();
		(doc2.layers as unknown[]).push(doc2.layers);
		expectFormatError(doc2, "model.layers[2]");
	});

	it("a hole in a sparse list of layers is a missing layer, not skipped", () => {
		const doc = validDoc();
		delete (doc.layers as unknown[])[1];
		expectFormatError(doc, "model.layers[1]", /expected an object, got nothing/);
		const doc2 = validDoc();
		delete ((layer(doc2, 0).weight as Doc).values as unknown[])[4];
		expectFormatError(doc2, "model.layers[0].weight.values[4]", /not a finite number/);
	});

	it("functions, BigInts and symbols are errors naming the field", () => {
		expectFormatError({ ...validDoc(), version: 1n }, "model.version", /not a JSON value \(bigint\)/);
		expectFormatError(
			{ ...validDoc(), metadata: { hook: () => "boom" } },
			"model.metadata.hook",
			/not a JSON value \(function\)/,
		);
		expectFormatError({ ...validDoc(), metadata: { s: Symbol("x") } }, "model.metadata.s", /symbol/);
		const doc = validDoc();
		((layer(doc, 0).weight as Doc).values as unknown[])[0] = 2n;
		expectFormatError(doc, "model.layers[0].weight.values[0]", /not a JSON value/);
		expectFormatError(10n, "model");
	});
});

describe("random corruptions of a valid document", () => {
	/** Every path to a value in the document. */
	function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
		const out: Array<Array<string | number>> = [prefix];
		if (Array.isArray(value)) {
			value.forEach((v, i) => {
				out.push(...paths(v, [...prefix, i]));
			});
		} else if (value !== null && typeof value === "object") {
			for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
		}
		return out;
	}
	const allPaths = paths(validDoc()).filter((p) => p.length > 0);

	it("either load as a model or throw a ModelFormatError: never another error", () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...allPaths),
				fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)),
				(path, replacement) => {
					const doc = validDoc();
					let target: unknown = doc;
					for (const key of path.slice(0, -1)) target = (target as Record<string | number, unknown>)[key];
					const last = path[path.length - 1] as string | number;
					if (replacement === undefined) delete (target as Record<string | number, unknown>)[last];
					else (target as Record<string | number, unknown>)[last] = replacement;
					for (const input of [doc, JSON.stringify(doc)]) {
						try {
							const model = modelFromJSON(input);
							// whatever loaded is a working model
							predict(model, [[0.5, -0.5]]);
						} catch (e) {
							if (!(e instanceof ModelFormatError)) throw e;
						}
					}
				},
			),
			{ numRuns: 300 },
		);
	});
});

describe("a round trip of the document itself", () => {
	it("modelToJSON(modelFromJSON(doc)) is doc, init names included", () => {
		const doc = JSON.parse(JSON.stringify(modelToJSON(modelFromJSON(validDoc())))) as ModelJSON;
		doc.layers[0] = { ...(doc.layers[0] as ModelJSON["layers"][number]) };
		(doc.layers[0] as ModelJSON["layers"][number]).config.init = "heNormal";
		expect(modelToJSON(modelFromJSON(doc))).toEqual(doc);
	});

	it("a version 1 document reads as the same model its version 2 document describes", () => {
		const v1 = validDoc();
		const model = modelFromJSON(v1);
		const v2 = modelToJSON(model);
		expect(v2.version).toBe(2);
		expect(v1Document(modelFromJSON(v2))).toEqual(v1);
	});
});
