/**
 * Activations: every built-in on exact small cases (math in the comments), at
 * saturation, and with gradCheck; custom activations in both forms; the registry.
 */
import { type Variable, variable } from "@backprop/autograd";
import {
	type ActivationFunction,
	activationNames,
	Dense,
	type ElementwiseActivation,
	getActivation,
	modelFromJSON,
	modelToJSON,
	predict,
	registerActivation,
	Sequential,
	sequential,
} from "@backprop/nn";
import { type NestedArray, type Tensor, tensor } from "@backprop/tensor";
import { describe, expect, it } from "vitest";
import { expectClose, expectGradCheck, gradOf, thrown } from "./helpers";

/** The built-in names the issue lists. */
const BUILT_INS = ["elu", "leakyRelu", "linear", "relu", "sigmoid", "softmax", "softplus", "tanh"];

/** Applies a named activation to data and returns the values. */
function run(name: string, data: NestedArray): Tensor {
	return getActivation(name).apply(variable(data)).value;
}

/** d(sum(activation(x) · seed))/dx by backward: for elementwise ones with seed 1, the derivative at each x. */
function derivative(name: string, data: NestedArray, seed?: NestedArray): Tensor {
	const x = variable(data, { requiresGrad: true });
	const y = getActivation(name).apply(x);
	(seed === undefined ? y.sum() : y.mul(tensor(seed)).sum()).backward();
	return gradOf(x);
}

// Values away from 0, where relu, leakyRelu and elu have their kink.
const SMOOTH_POINTS = tensor([
	[-1.7, -0.4, 0.3],
	[0.9, -2.2, 1.4],
]);

describe("the registry of activations", () => {
	it("holds exactly the documented built-ins", () => {
		expect(activationNames()).toEqual(BUILT_INS);
	});

	it("an unknown name throws, listing every known one", () => {
		const e = thrown(() => getActivation("swishy"));
		expect(e.message).toContain('"swishy"');
		for (const name of BUILT_INS) expect(e.message).toContain(name);
		// a layer reports the same
		expect(() => new Dense(2, 2, { activation: "swishy" })).toThrow(/known: .*sigmoid/);
	});

	it("names that could reach a prototype are unknown, not inherited", () => {
		for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
			expect(() => getActivation(name)).toThrow(/unknown activation/);
		}
	});

	it("refuses things that are not activations with a TypeError", () => {
		for (const bad of [
			42,
			null,
			{},
			{ name: "x" },
			{ name: 3, apply: (v: Variable) => v },
			{ name: "y", f: Math.exp },
		]) {
			expect(() => getActivation(bad as unknown as string)).toThrow(TypeError);
		}
	});
});

describe("built-in activations on exact small cases", () => {
	it("sigmoid: σ(0) = 1/2, σ(ln 3) = 1/(1 + 1/3) = 3/4, σ'(x) = σ(1 - σ)", () => {
		expectClose(run("sigmoid", [0, Math.log(3)]), [0.5, 0.75], 1e-15);
		// σ'(0) = 1/4, σ'(ln 3) = 3/4 · 1/4 = 3/16
		expectClose(derivative("sigmoid", [0, Math.log(3)]), [0.25, 3 / 16], 1e-15);
	});

	it("tanh: tanh(ln 2) = (2 - 1/2) / (2 + 1/2) = 0.6, tanh' = 1 - tanh² = 0.64", () => {
		expectClose(run("tanh", [0, Math.log(2), -Math.log(2)]), [0, 0.6, -0.6], 1e-15);
		expectClose(derivative("tanh", [Math.log(2)]), [0.64], 1e-15);
	});

	it("relu: max(x, 0), derivative 0 or 1", () => {
		expect(run("relu", [-2, -0.5, 0, 3]).toArray()).toEqual([0, 0, 0, 3]);
		expect(derivative("relu", [-2, 3]).toArray()).toEqual([0, 1]);
	});

	it("linear: the identity, derivative 1", () => {
		expect(run("linear", [[-2, 0.5]]).toArray()).toEqual([[-2, 0.5]]);
		expect(derivative("linear", [[-2, 0.5]]).toArray()).toEqual([[1, 1]]);
	});

	it("leakyRelu: x for x > 0, 0.01x otherwise (PyTorch's slope)", () => {
		// 0.01 · -2 = -0.02
		expectClose(run("leakyRelu", [-2, 3]), [-0.02, 3], 1e-15);
		expectClose(derivative("leakyRelu", [-2, 3]), [0.01, 1], 1e-15);
	});

	it("elu: x for x > 0, e^x - 1 otherwise; elu(-ln 2) = 1/2 - 1 = -1/2, elu'(-ln 2) = y + 1 = 1/2", () => {
		expectClose(run("elu", [-Math.log(2), 2]), [-0.5, 2], 1e-15);
		expectClose(derivative("elu", [-Math.log(2), 2]), [0.5, 1], 1e-15);
	});

	it("softplus: ln(1 + e^x); softplus(0) = ln 2, softplus(ln 3) = ln 4, derivative σ(x)", () => {
		expectClose(run("softplus", [0, Math.log(3)]), [Math.LN2, Math.log(4)], 1e-15);
		// softplus'(ln 3) = σ(ln 3) = 3/4
		expectClose(derivative("softplus", [0, Math.log(3)]), [0.5, 0.75], 1e-15);
	});

	it("softmax over the last axis: [0, ln 3] -> [1/4, 3/4], each row on its own", () => {
		expectClose(
			run("softmax", [
				[0, Math.log(3)],
				[Math.LN2, Math.LN2],
			]),
			[
				[0.25, 0.75],
				[0.5, 0.5],
			],
			1e-15,
		);
		// with seed [1, 0]: d s0 / d x = s0 · ([1, 0] - s) = [1/4 · 3/4, -1/4 · 3/4] = [3/16, -3/16]
		expectClose(derivative("softmax", [[0, Math.log(3)]], [[1, 0]]), [[3 / 16, -3 / 16]], 1e-15);
	});
});

describe("built-in activations at saturation: finite values and gradients", () => {
	const extremes = [-1000, -50, 50, 1000];
	it.each([
		["sigmoid", [0, 1.928749847963918e-22, 1, 1]],
		["tanh", [-1, -1, 1, 1]],
		["softplus", [0, 1.928749847963918e-22, 50, 1000]],
		["elu", [-1, -1, 50, 1000]],
		["relu", [0, 0, 50, 1000]],
		["leakyRelu", [-10, -0.5, 50, 1000]],
		["linear", extremes],
	])("%s(±1000) is finite with a finite gradient", (name, expected) => {
		const y = run(name as string, extremes);
		expectClose(y, expected as number[], 1e-12);
		for (const g of derivative(name as string, extremes).dataSync()) expect(Number.isFinite(g)).toBe(true);
	});

	it("softmax of [1000, 0, -1000] is [1, 0, 0] with a finite gradient", () => {
		expect(run("softmax", [[1000, 0, -1000]]).toArray()).toEqual([[1, 0, 0]]);
		for (const g of derivative("softmax", [[1000, 0, -1000]], [[1, 2, 3]]).dataSync()) {
			expect(Number.isFinite(g)).toBe(true);
		}
	});
});

describe("built-in activations pass gradCheck", () => {
	it.each(BUILT_INS)("%s", (name) => {
		const act = getActivation(name);
		expectGradCheck((x) => act.apply(x), [SMOOTH_POINTS]);
	});

	it("softmax on a wider batch, through a random projection of all outputs", () => {
		const x = tensor([
			[0.3, -1.2, 2.1, 0.05],
			[1.5, 1.4, -0.3, -2],
			[0, 0.1, 0.2, 0.3],
		]);
		expectGradCheck((v) => getActivation("softmax").apply(v), [x]);
	});
});

describe("custom activations", () => {
	// The tutorial's pair: sigmoid(x) = 1 / (1 + e^-x), and its derivative from the output: y(1 - y).
	const tutorialSigmoid: ElementwiseActivation = {
		name: "tutorialSigmoid",
		f: (x) => 1 / (1 + Math.exp(-x)),
		df: (_x, y) => y * (1 - y),
	};
	// x³ with derivative 3x² from the input.
	const cube: ElementwiseActivation = { name: "cube", f: (x) => x ** 3, df: (x) => 3 * x * x };
	// swish(x) = x σ(x), differentiated by autodiff.
	const swish: ActivationFunction = { name: "swish", apply: (x) => x.mul(x.sigmoid()) };

	it("an elementwise pair { name, f, df } runs f forward and multiplies by df backward", () => {
		// cube([-2, 0.5]) = [-8, 0.125]; d/dx = 3x² = [12, 0.75]; with seed [1, 2]: [12, 1.5]
		const act = getActivation(cube);
		expect(act.name).toBe("cube");
		const x = variable([-2, 0.5], { requiresGrad: true });
		const y = act.apply(x);
		expect(y.toArray()).toEqual([-8, 0.125]);
		y.mul(tensor([1, 2]))
			.sum()
			.backward();
		expect(gradOf(x).toArray()).toEqual([12, 1.5]);
	});

	it("the tutorial's sigmoid pair gives the built-in sigmoid's values and gradients", () => {
		const x = tensor([
			[-3, -0.5],
			[0.25, 4],
		]);
		const a = variable(x, { requiresGrad: true });
		const b = variable(x, { requiresGrad: true });
		const ya = getActivation(tutorialSigmoid).apply(a);
		const yb = getActivation("sigmoid").apply(b);
		expectClose(ya.value, yb.value, 1e-15);
		ya.sum().backward();
		yb.sum().backward();
		expectClose(gradOf(a), gradOf(b), 1e-15);
	});

	it("both forms pass gradCheck", () => {
		for (const act of [tutorialSigmoid, cube, swish]) {
			const resolved = getActivation(act);
			expectGradCheck((x) => resolved.apply(x), [SMOOTH_POINTS]);
		}
	});

	it("an { name, apply } object is used as is", () => {
		expect(getActivation(swish)).toBe(swish);
		// swish(ln 3) = ln 3 · 3/4
		const layer = new Dense(1, 1, { weights: [[1]], bias: [0], activation: swish });
		expect(layer.forward(variable([[Math.log(3)]])).item()).toBeCloseTo(Math.log(3) * 0.75, 15);
	});

	it("a pair keeps a float32 layer in float32", () => {
		const layer = new Dense(2, 2, { activation: cube, dtype: "float32" });
		const out = layer.forward(variable([[0.1, 0.2]]));
		expect(out.dtype).toBe("float32");
	});

	it("a pair works on a non-contiguous (transposed) input, element by element", () => {
		// x^T of [[1, 2], [3, 4]] is [[1, 3], [2, 4]]; cube: [[1, 27], [8, 64]]; derivative 3x²
		const x = variable(
			[
				[1, 2],
				[3, 4],
			],
			{ requiresGrad: true },
		);
		const y = getActivation(cube).apply(x.transpose());
		expect(y.toArray()).toEqual([
			[1, 27],
			[8, 64],
		]);
		y.mul(
			tensor([
				[1, 0],
				[0, 0],
			]),
		)
			.sum()
			.backward();
		// only y[0][0] = x[0][0]³ is seeded: gradient 3 at x[0][0]
		expect(gradOf(x).toArray()).toEqual([
			[3, 0],
			[0, 0],
		]);
	});

	it("an unregistered custom activation cannot be saved, a registered one can, and loads by name", () => {
		const unregistered = new Sequential([new Dense(2, 1, { activation: { name: "notRegistered", apply: (x) => x } })]);
		const e = thrown(() => modelToJSON(unregistered));
		expect(e).toBeInstanceOf(TypeError);
		expect(e.message).toContain("notRegistered");
		expect(e.message).toContain("registerActivation");

		registerActivation(cube);
		registerActivation(swish);
		expect(activationNames()).toEqual(expect.arrayContaining(["cube", "swish"]));
		const model = sequential([2, 3, 1], { activation: "cube", outputActivation: "swish", seed: 4 });
		const doc = modelToJSON(model);
		expect(doc.layers.map((l) => l.config.activation)).toEqual(["cube", "swish"]);
		const loaded = modelFromJSON(JSON.parse(JSON.stringify(doc)));
		const x = [
			[0.5, -1],
			[2, 0.25],
		];
		expect(Array.from(predict(loaded, x).dataSync())).toEqual(Array.from(predict(model, x).dataSync()));
		// and the loaded layers really use the registered functions: cube([1, 0] · W + b) by hand
		const [h] = loaded.layers as Dense[];
		const w = h?.weight.value.dataSync() as Float64Array;
		const b = h?.bias?.value.dataSync() as Float64Array;
		const hidden = predict(new Sequential([h as Dense]), [[1, 0]]);
		expectClose(hidden, [[0, 1, 2].map((j) => (w[j] + b[j]) ** 3)], 1e-14);
	});

	it("registerActivation refuses invalid names and objects", () => {
		for (const name of ["", "__proto__", "constructor", "prototype", "has space", "1abc"]) {
			expect(() => registerActivation({ name, apply: (x) => x })).toThrow(TypeError);
		}
		expect(() => registerActivation({ name: "half" } as unknown as ActivationFunction)).toThrow(TypeError);
		expect(activationNames()).not.toContain("half");
	});
});
