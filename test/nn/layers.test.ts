/**
 * Dense and Sequential: shapes, given weights, errors naming shapes, dtypes,
 * initializers and the `sequential(sizes)` builder.
 */
import { type Variable, variable } from "@backprop/autograd";
// `fit` is imported as `train`: Biome takes a call named fit for a focused (Jasmine) test.
import {
	Dense,
	getInitializer,
	initializerNames,
	type ModuleLike,
	predict,
	registerInitializer,
	Sequential,
	sequential,
	fit as train,
} from "@backprop/nn";
import { full, Rng, ShapeError, tensor } from "@backprop/tensor";
import { describe, expect, it } from "vitest";
import { differ, expectClose, snapshot, thrown, XOR_X, XOR_Y } from "./helpers";

describe("Dense: sizes and parameters", () => {
	it("has a weight [inputs, units], a zero bias [units] and both as trainable parameters", () => {
		const layer = new Dense(3, 2);
		expect(layer.inputs).toBe(3);
		expect(layer.units).toBe(2);
		expect(layer.weight.shape).toEqual([3, 2]);
		expect(layer.bias?.shape).toEqual([2]);
		expect(Array.from(layer.bias?.value.dataSync() ?? [])).toEqual([0, 0]);
		expect(layer.parameters()).toEqual([layer.weight, layer.bias]);
		for (const p of layer.parameters()) expect(p.requiresGrad).toBe(true);
		expect(layer.dtype).toBe("float64");
		expect(layer.activation.name).toBe("linear");
		expect(layer.init).toBe("glorotUniform");
	});

	it("draws glorotUniform weights inside ±sqrt(6 / (fanIn + fanOut)), not all equal", () => {
		// Dense(30, 20): limit sqrt(6 / 50) ≈ 0.3464
		const w = Array.from(new Dense(30, 20, { rng: new Rng(1) }).weight.value.dataSync());
		const limit = Math.sqrt(6 / 50);
		expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(limit);
		// 600 uniform draws spread over most of the range
		expect(Math.max(...w)).toBeGreaterThan(0.9 * limit);
		expect(Math.min(...w)).toBeLessThan(-0.9 * limit);
	});

	it("without a bias has only the weight", () => {
		const layer = new Dense(2, 3, { useBias: false });
		expect(layer.bias).toBeNull();
		expect(layer.parameters()).toEqual([layer.weight]);
		const out = layer.forward(variable([[0, 0]]));
		// no bias: 0·W = 0
		expect(out.toArray()).toEqual([[0, 0, 0]]);
	});

	it("refuses a bias when useBias is false", () => {
		expect(() => new Dense(2, 1, { useBias: false, bias: [1] })).toThrow(TypeError);
	});

	it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("refuses %s inputs or units with a RangeError", (bad) => {
		const e1 = thrown(() => new Dense(bad, 2));
		expect(e1).toBeInstanceOf(RangeError);
		expect(e1.message).toContain("inputs");
		expect(e1.message).toContain(String(bad));
		const e2 = thrown(() => new Dense(2, bad));
		expect(e2).toBeInstanceOf(RangeError);
		expect(e2.message).toContain("units");
	});
});

describe("Dense: given weights and bias", () => {
	const weights = [
		[1, 2, 3],
		[4, 5, 6],
	];
	const bias = [0.5, 0, -1];

	it("computes x · W + b exactly", () => {
		const layer = new Dense(2, 3, { weights, bias });
		// [1, 2] · [[1,2,3],[4,5,6]] = [1+8, 2+10, 3+12] = [9, 12, 15]; + [0.5, 0, -1] = [9.5, 12, 14]
		// [0, -1] · W = [-4, -5, -6]; + b = [-3.5, -5, -7]
		const out = layer.forward(
			variable([
				[1, 2],
				[0, -1],
			]),
		);
		expect(out.shape).toEqual([2, 3]);
		expect(out.toArray()).toEqual([
			[9.5, 12, 14],
			[-3.5, -5, -7],
		]);
	});

	it("accepts tensors as weights and bias", () => {
		const layer = new Dense(2, 3, { weights: tensor(weights), bias: tensor(bias) });
		expect(layer.weight.toArray()).toEqual(weights);
		expect(layer.bias?.toArray()).toEqual(bias);
	});

	it("applies the activation after the affine map: the tutorial's neuron", () => {
		// w = [0, 1], b = 4, x = [2, 3]: w·x + b = 7, sigmoid(7) = 1 / (1 + e^-7)
		const neuron = new Dense(2, 1, { weights: [[0], [1]], bias: [4], activation: "sigmoid" });
		expect(neuron.forward(variable([[2, 3]])).item()).toBe(1 / (1 + Math.exp(-7)));
	});

	it("takes a single sample [inputs] too", () => {
		const layer = new Dense(2, 3, { weights, bias });
		const out = layer.forward(variable([1, 2]));
		expect(out.toArray()).toEqual([9.5, 12, 14]);
	});

	it("refuses weights of the wrong shape with a ShapeError naming both shapes", () => {
		const e = thrown(() => new Dense(3, 2, { weights }));
		expect(e).toBeInstanceOf(ShapeError);
		expect(e.message).toContain("weights");
		expect(e.message).toContain("[2,3]");
		expect(e.message).toContain("[3,2]");
	});

	it("refuses a bias of the wrong shape with a ShapeError naming both shapes", () => {
		const e = thrown(() => new Dense(2, 3, { weights, bias: [1, 2] }));
		expect(e).toBeInstanceOf(ShapeError);
		expect(e.message).toContain("bias");
		expect(e.message).toContain("[2]");
		expect(e.message).toContain("[3]");
		expect(thrown(() => new Dense(2, 3, { bias: [[1, 2, 3]] }))).toBeInstanceOf(ShapeError);
	});
});

describe("Dense: wrong input feature count", () => {
	it("throws a ShapeError naming the input shape and the expected one", () => {
		const layer = new Dense(2, 4);
		const e = thrown(() => layer.forward(variable([[1, 2, 3]])));
		expect(e).toBeInstanceOf(ShapeError);
		expect(e.message).toBe("Dense 'dense': expected input [batch, 2], got [1, 3]");
	});

	it("throws for a scalar input", () => {
		expect(() => new Dense(1, 1).forward(variable(3))).toThrow(ShapeError);
	});

	it("in a stack whose layers do not chain, the error names the inner shape", () => {
		const model = new Sequential([new Dense(2, 3), new Dense(4, 1)]);
		const e = thrown(() => model.forward(variable([[1, 2]])));
		expect(e).toBeInstanceOf(ShapeError);
		expect(e.message).toBe("Dense 'dense_2': expected input [batch, 4], got [1, 3]");
	});

	it("predict reports the wrong feature count too", () => {
		const model = sequential([3, 2, 1]);
		const e = thrown(() => predict(model, [[1, 2]]));
		expect(e).toBeInstanceOf(ShapeError);
		expect(e.message).toBe("Dense 'dense_1': expected input [batch, 3], got [1, 2]");
	});
});

describe("float32 models", () => {
	it("a float32 Dense keeps float32 parameters and casts float64 inputs", () => {
		const layer = new Dense(2, 2, {
			dtype: "float32",
			weights: [
				[0.1, 0.2],
				[0.3, 0.4],
			],
			bias: [0.5, 0.6],
		});
		expect(layer.weight.dtype).toBe("float32");
		expect(layer.bias?.dtype).toBe("float32");
		expect(layer.dtype).toBe("float32");
		const out = layer.forward(variable([[1, 1]], { dtype: "float64" }));
		expect(out.dtype).toBe("float32");
		// weights are rounded to float32: 0.1 is stored as Math.fround(0.1)
		expect(layer.weight.value.dataSync()[0]).toBe(Math.fround(0.1));
		// [1, 1] · W + b = [0.1 + 0.3 + 0.5, 0.2 + 0.4 + 0.6] in float32 arithmetic
		expectClose(out.value, [[0.9, 1.2]], 1e-6);
	});

	it("sequential(..., { dtype: 'float32' }) predicts float32 and stays float32 through training", async () => {
		const model = sequential([2, 4, 1], { activation: "tanh", outputActivation: "sigmoid", dtype: "float32" });
		for (const p of model.parameters()) expect(p.dtype).toBe("float32");
		expect(predict(model, XOR_X).dtype).toBe("float32");
		expect(predict(model, tensor(XOR_X, { dtype: "float64" })).dtype).toBe("float32");
		const before = snapshot(model);
		await train(model, XOR_X, XOR_Y, { optimizer: "adam", lr: 0.05, epochs: 3, loss: "binaryCrossEntropy" });
		expect(differ(before, snapshot(model))).toBe(true);
		for (const p of model.parameters()) {
			expect(p.dtype).toBe("float32");
			expect(p.grad?.dtype ?? "float32").toBe("float32");
		}
		expect(predict(model, XOR_X).dtype).toBe("float32");
	});

	it("a float32 model predicts what a float64 copy of its weights predicts, to float32 precision", () => {
		const m32 = sequential([3, 5, 2], { activation: "tanh", dtype: "float32", seed: 3 });
		const m64 = new Sequential(
			m32.layers.map((l) => {
				const d = l as Dense;
				return new Dense(d.inputs, d.units, {
					activation: d.activation,
					weights: d.weight.value.astype("float64"),
					bias: d.bias?.value.astype("float64") ?? [],
				});
			}),
		);
		const x = [
			[0.1, -0.5, 2],
			[1, 1, -1],
		];
		expectClose(predict(m32, x), predict(m64, x), 1e-5);
	});
});

describe("Sequential", () => {
	it("applies its layers in order and lists their parameters in order", () => {
		// double then add one: [x1, x2] -> 2(x1 + x2) -> 2(x1 + x2) + 1
		const a = new Dense(2, 1, { weights: [[2], [2]], bias: [0] });
		const b = new Dense(1, 1, { weights: [[1]], bias: [1] });
		const model = new Sequential([a, b]);
		expect(model.layers).toEqual([a, b]);
		expect(model.parameters()).toEqual([a.weight, a.bias, b.weight, b.bias]);
		expect(model.forward(variable([[1, 2]])).toArray()).toEqual([[7]]);
	});

	it("accepts any module and refuses what is not one, naming its index", () => {
		const doubler: ModuleLike = { forward: (x: Variable) => x.mul(2), parameters: () => [] };
		const model = new Sequential([new Dense(1, 1, { weights: [[3]], bias: [0] }), doubler]);
		expect(model.forward(variable([[1]])).item()).toBe(6);
		const e = thrown(() => new Sequential([new Dense(1, 1), {} as ModuleLike]));
		expect(e).toBeInstanceOf(TypeError);
		expect(e.message).toContain("layer 1");
	});

	it("refuses a hole in a sparse list of layers", () => {
		const layers: ModuleLike[] = [new Dense(2, 2)];
		layers[2] = new Dense(2, 1);
		const e = thrown(() => new Sequential(layers));
		expect(e).toBeInstanceOf(TypeError);
		expect(e.message).toContain("layer 1");
	});

	it("refuses a forward of something that is not a Variable", () => {
		const model = sequential([1, 1]);
		expect(() => model.forward([[1]] as unknown as Variable)).toThrow(TypeError);
	});
});

describe("sequential(sizes)", () => {
	it("[2, 2, 1] with sigmoid hidden and output layers is the tutorial's network", () => {
		const model = sequential([2, 2, 1], { activation: "sigmoid", outputActivation: "sigmoid" });
		expect(model.layers).toHaveLength(2);
		const [h, o] = model.layers as Dense[];
		expect([h?.inputs, h?.units, o?.inputs, o?.units]).toEqual([2, 2, 2, 1]);
		expect(h?.activation.name).toBe("sigmoid");
		expect(o?.activation.name).toBe("sigmoid");
		expect(model.parameters().map((p) => p.shape)).toEqual([[2, 2], [2], [2, 1], [1]]);
	});

	it("activation is for hidden layers only: the output stays linear (trap 1)", () => {
		const relu = sequential([2, 64, 64, 3], { activation: "relu", seed: 1 });
		expect((relu.layers as Dense[]).map((l) => l.activation.name)).toEqual(["relu", "relu", "linear"]);
		const tanh = sequential([1, 4, 1], { activation: "tanh" }).layers as Dense[];
		expect(tanh.map((l) => l.activation.name)).toEqual(["tanh", "linear"]);
		// A linear output layer with weights w and bias b gives h·w + b, which can be negative
		// and leave [-1, 1]: with h = tanh(·) in [-1, 1]^4, w = 3 everywhere, b = -20 gives < -1.
		const out = tanh[1] as Dense;
		out.weight.value = tensor([[3], [3], [3], [3]]);
		(out.bias as Variable).value = tensor([-20]);
		const y = predict(new Sequential(tanh), [[0.5]]).item();
		expect(y).toBeLessThan(-1);
	});

	it("defaults to relu hidden layers and a linear output", () => {
		const layers = sequential([3, 4, 5, 2]).layers as Dense[];
		expect(layers.map((l) => l.activation.name)).toEqual(["relu", "relu", "linear"]);
	});

	it("outputActivation sets the last layer only", () => {
		const layers = sequential([3, 4, 2], { activation: "tanh", outputActivation: "softmax" }).layers as Dense[];
		expect(layers.map((l) => l.activation.name)).toEqual(["tanh", "softmax"]);
		const out = predict(sequential([3, 4, 2], { outputActivation: "softmax" }), [[1, 2, 3]]);
		// softmax rows sum to one
		expect(out.dataSync()[0] + out.dataSync()[1]).toBeCloseTo(1, 12);
	});

	it("the same seed gives the same weights, another seed others", () => {
		const a = snapshot(sequential([3, 4, 2], { seed: 5 }));
		const b = snapshot(sequential([3, 4, 2], { seed: 5 }));
		const c = snapshot(sequential([3, 4, 2], { seed: 6 }));
		expect(differ(a, b)).toBe(false);
		expect(differ(a, c)).toBe(true);
		// layers draw from one generator: the two layers' weights are not copies
		const [w1] = sequential([2, 2, 2], { seed: 5 }).parameters();
		const [, , w2] = sequential([2, 2, 2], { seed: 5 }).parameters();
		expect(Array.from(w1?.value.dataSync() ?? [])).not.toEqual(Array.from(w2?.value.dataSync() ?? []));
	});

	it("passes useBias and init to every layer", () => {
		const model = sequential([2, 3, 1], { useBias: false, init: "ones" });
		expect(model.parameters()).toHaveLength(2);
		// ones everywhere, relu hidden: [1, 2] -> relu([3, 3, 3]) -> 9
		expect(predict(model, [[1, 2]]).toArray()).toEqual([[9]]);
	});

	it.each([[[]], [[2]], [[2, 0]], [[2, -1, 1]], [[2, 1.5]]])("refuses sizes %j with a RangeError", (sizes) => {
		expect(() => sequential(sizes)).toThrow(RangeError);
	});
});

describe("initializers", () => {
	it("knows the documented names", () => {
		expect(initializerNames()).toEqual(
			expect.arrayContaining([
				"glorotUniform",
				"glorotNormal",
				"heNormal",
				"heUniform",
				"normal",
				"uniform",
				"zeros",
				"ones",
			]),
		);
	});

	it("zeros and ones are exact", () => {
		expect(new Dense(2, 2, { init: "zeros" }).weight.toArray()).toEqual([
			[0, 0],
			[0, 0],
		]);
		expect(new Dense(2, 1, { init: "ones" }).weight.toArray()).toEqual([[1], [1]]);
	});

	it("heUniform stays inside ±sqrt(6 / fanIn), uniform inside ±1", () => {
		const he = Array.from(new Dense(24, 10, { init: "heUniform", rng: new Rng(2) }).weight.value.dataSync());
		expect(Math.max(...he.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 24)); // 0.5
		expect(Math.max(...he.map(Math.abs))).toBeGreaterThan(0.45);
		const u = Array.from(new Dense(24, 10, { init: "uniform", rng: new Rng(2) }).weight.value.dataSync());
		expect(Math.max(...u.map(Math.abs))).toBeLessThanOrEqual(1);
		expect(Math.max(...u.map(Math.abs))).toBeGreaterThan(0.9);
	});

	it("the normal initializers have roughly their standard deviation", () => {
		const std = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);
		// heNormal on fanIn 50: std sqrt(2/50) = 0.2; normal: 1; glorotNormal on 50+50: sqrt(2/100) ≈ 0.1414
		const he = Array.from(new Dense(50, 40, { init: "heNormal", rng: new Rng(3) }).weight.value.dataSync());
		expect(std(he)).toBeGreaterThan(0.18);
		expect(std(he)).toBeLessThan(0.22);
		const n = Array.from(new Dense(50, 40, { init: "normal", rng: new Rng(3) }).weight.value.dataSync());
		expect(std(n)).toBeGreaterThan(0.9);
		expect(std(n)).toBeLessThan(1.1);
		const g = Array.from(new Dense(50, 50, { init: "glorotNormal", rng: new Rng(3) }).weight.value.dataSync());
		expect(std(g)).toBeGreaterThan(0.13);
		expect(std(g)).toBeLessThan(0.155);
	});

	it("a function initializer is called with the shape and fans, and a registered one by name", () => {
		const calls: Array<[number[], number, number]> = [];
		const init = (shape: readonly number[], ctx: { fanIn: number; fanOut: number }) => {
			calls.push([[...shape], ctx.fanIn, ctx.fanOut]);
			return full(shape, 0.25);
		};
		const layer = new Dense(3, 2, { init });
		expect(calls).toEqual([[[3, 2], 3, 2]]);
		expect(layer.init).toBe("custom");
		expect(Array.from(layer.weight.value.dataSync())).toEqual([0.25, 0.25, 0.25, 0.25, 0.25, 0.25]);
		registerInitializer("quarterTestInit", (shape) => full(shape, 0.25));
		const named = new Dense(3, 2, { init: "quarterTestInit" });
		expect(named.init).toBe("quarterTestInit");
		expect(getInitializer("quarterTestInit")).toBeTypeOf("function");
		expect(Array.from(named.weight.value.dataSync())).toEqual(Array(6).fill(0.25));
	});

	it("an unknown initializer name throws, listing the known ones", () => {
		const e = thrown(() => new Dense(2, 2, { init: "nope" }));
		expect(e.message).toContain('"nope"');
		for (const name of ["glorotUniform", "heNormal", "zeros"]) expect(e.message).toContain(name);
	});
});
