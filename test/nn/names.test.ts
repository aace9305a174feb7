/**
 * One rule for names everywhere: activations, losses, initializers, metrics,
 * optimizers and layer types match exactly or ignoring case, and an unknown name
 * lists the known ones and suggests the nearest.
 */
import {
	closestName,
	createOptimizer,
	Dense,
	evaluate,
	getActivation,
	getInitializer,
	getLoss,
	getMetric,
	modelFromJSON,
	modelToJSON,
	mse,
	registerActivation,
	registeredNames,
	registerLoss,
	resolveName,
	Sequential,
	SGD,
	sequential,
	fit as train,
	UnknownNameError,
} from "@backprop/nn";
import { describe, expect, it } from "vitest";

function thrown(fn: () => unknown): UnknownNameError {
	try {
		fn();
	} catch (e) {
		if (e instanceof UnknownNameError) return e;
		throw e;
	}
	throw new Error("expected an UnknownNameError");
}

describe("the case rule", () => {
	it("matches every kind of name ignoring case, to the registered name", () => {
		expect(resolveName("loss", "MSE")).toBe("mse");
		expect(resolveName("loss", "crossentropy")).toBe("crossEntropy");
		expect(resolveName("optimizer", "Adam")).toBe("adam");
		expect(resolveName("activation", "ReLU")).toBe("relu");
		expect(resolveName("initializer", "GLOROTUNIFORM")).toBe("glorotUniform");
		expect(resolveName("metric", "Accuracy")).toBe("accuracy");
		expect(resolveName("layer", "Dense")).toBe("dense");
	});

	it("gives the registered thing itself for a name in another case", () => {
		expect(getLoss("MSE")).toBe(getLoss("mse"));
		expect(getActivation("Sigmoid")).toBe(getActivation("sigmoid"));
		expect(getActivation("TANH").name).toBe("tanh");
		expect(getInitializer("Zeros")).toBe(getInitializer("zeros"));
		expect(getMetric("BinaryAccuracy").name).toBe("binaryAccuracy");
		expect(createOptimizer("SGD", [], 0.5)).toBeInstanceOf(SGD);
	});

	it("lets fit, evaluate and model files use any case", () => {
		// A 1-1 linear layer with weight 2 and bias 0 on x = [1, 2] against y = [2, 5]:
		// outputs 2 and 4, squared errors 0 and 1, mse 0.5.
		const model = new Sequential([new Dense(1, 1, { activation: "Linear", weights: [[2]], bias: [0] })]);
		expect(evaluate(model, [[1], [2]], [2, 5], { loss: "MSE" })).toEqual({ loss: 0.5 });
		const doc = modelToJSON(model);
		expect(doc.layers[0]?.activation).toBe("linear");
		const edited = JSON.parse(JSON.stringify(doc).replace('"type":"dense"', '"type":"Dense"'));
		expect(modelFromJSON(edited).layers).toHaveLength(1);
	});

	it("refuses to register a name that differs only in case from a registered one", () => {
		expect(() => registerLoss("MSE", mse)).toThrow(/"MSE" is built in and cannot be replaced/);
		expect(() => registerActivation({ name: "Sigmoid", apply: (x) => x })).toThrow(/built in/);
		registerLoss("scaledSquares", (p, t) => mse(p, t).mul(2));
		expect(() => registerLoss("ScaledSquares", (p, t) => mse(p, t))).toThrow(
			/"ScaledSquares" differs only in case from the registered "scaledSquares"/,
		);
		expect(resolveName("loss", "SCALEDSQUARES")).toBe("scaledSquares");
	});
});

describe("unknown names", () => {
	it("list the known names and suggest a near miss, in every kind", () => {
		const e = thrown(() => getActivation("sigmoidd"));
		expect(e.message).toBe(
			`unknown activation "sigmoidd" (known: ${registeredNames("activation").join(", ")}); did you mean "sigmoid"?`,
		);
		expect(e.kind).toBe("activation");
		expect(e.suggestion).toBe("sigmoid");
		expect(thrown(() => getLoss("mea")).suggestion).toBe("mae");
		expect(thrown(() => getLoss("binaryCrossEntropyLogits")).suggestion).toBe("binaryCrossEntropyFromLogits");
		expect(thrown(() => createOptimizer("adma", [])).suggestion).toBe("adam");
		expect(thrown(() => createOptimizer("rms", [])).suggestion).toBe("rmsprop");
		expect(thrown(() => getInitializer("heNormla")).suggestion).toBe("heNormal");
		expect(thrown(() => getMetric("acuracy")).suggestion).toBe("accuracy");
		expect(thrown(() => resolveName("layer", "dens")).suggestion).toBe("dense");
	});

	it("suggest nothing when nothing is near", () => {
		const e = thrown(() => getLoss("hinge"));
		expect(e.suggestion).toBeNull();
		expect(e.message).not.toContain("did you mean");
		expect(thrown(() => createOptimizer("lbfgs", [])).message).toBe(
			'unknown optimizer "lbfgs" (known: sgd, adam, rmsprop)',
		);
	});

	it("say the same when fit and model files meet them", async () => {
		const model = sequential([1, 1], { seed: 1 });
		await expect(train(model, [[1]], [1], { loss: "msee" })).rejects.toThrow(
			/unknown loss "msee" .*; did you mean "mse"\?/,
		);
		const doc = JSON.parse(
			JSON.stringify(modelToJSON(model)).replace('"activation":"linear"', '"activation":"lineer"'),
		);
		expect(() => modelFromJSON(doc)).toThrow(
			/model\.layers\[0\]\.activation: unknown activation "lineer" .*; did you mean "linear"\?/,
		);
	});
});

describe("closestName", () => {
	it("allows one edit for short names and a third of the length for longer ones", () => {
		// "mse" (3 letters) allows 1 edit; "relu" → "rleu" is one swap.
		expect(closestName("mde", ["mse", "mae"])).toBe("mse");
		expect(closestName("rleu", ["relu", "elu"])).toBe("relu");
		expect(closestName("xyz", ["mse", "mae"])).toBeNull();
		// 12 letters allow 4 edits.
		expect(closestName("glorotUnifrm", ["glorotUniform", "glorotNormal"])).toBe("glorotUniform");
		// A prefix of 3 letters or more suggests the name it begins.
		expect(closestName("soft", ["softmax", "softplus"])).toBe("softmax");
		expect(closestName("", ["mse"])).toBeNull();
	});
});
