/**
 * @backprop/testing: its arbitraries draw what they promise, and the gradient
 * property passes a correct op and fails a wrong one with the shrunk
 * counterexample in its message.
 */
import { defineOp } from "@backprop/autograd";
import { Dense, Sequential } from "@backprop/nn";
import { tensor } from "@backprop/tensor";
import {
	anyTensorArb,
	assertOpGradient,
	broadcastOf,
	broadcastTensorsArb,
	dtypeArb,
	GradientCheckError,
	modelGradCheck,
	shapeArb,
	tensorArb,
	valueAwayFrom,
	withParameters,
} from "@backprop/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

// cube(x) = x³, d/dx = 3x²
const cube = defineOp({
	name: "cube",
	forward: ([x]) => x.mul(x).mul(x),
	backward: (g, { inputs: [x] }) => [g.mul(x.square().mul(3))],
});

// The same forward with a backward off by a factor: 2x² instead of 3x².
const wrongCube = defineOp({
	name: "wrongCube",
	forward: ([x]) => x.mul(x).mul(x),
	backward: (g, { inputs: [x] }) => [g.mul(x.square().mul(2))],
});

describe("arbitraries", () => {
	it("shapes stay within their ranks and dimensions; broadcast pairs broadcast", () => {
		fc.assert(
			fc.property(shapeArb({ minRank: 1, maxRank: 2, maxDim: 4 }), (s) => {
				expect(s.length >= 1 && s.length <= 2).toBe(true);
				expect(s.every((d) => d >= 1 && d <= 4)).toBe(true);
			}),
		);
		fc.assert(
			fc.property(broadcastTensorsArb({ values: "nonzero" }), ([a, b]) => {
				expect(broadcastOf(a.shape, b.shape)).not.toBeNull();
				expect(a.add(b).shape).toEqual(broadcastOf(a.shape, b.shape));
				expect(Array.from(a.dataSync()).every((v) => Math.abs(v) >= 0.25)).toBe(true);
			}),
		);
	});

	it("tensors of both dtypes, and values kept away from kinks", () => {
		const dtypes = new Set<string>();
		fc.assert(
			fc.property(anyTensorArb({ dtype: dtypeArb, values: valueAwayFrom([0, 1], { margin: 0.1 }) }), (t) => {
				dtypes.add(t.dtype);
				for (const v of t.dataSync()) expect(Math.abs(v) >= 0.1 - 1e-7 && Math.abs(v - 1) >= 0.1 - 1e-7).toBe(true);
			}),
			{ numRuns: 200 },
		);
		expect([...dtypes].sort()).toEqual(["float32", "float64"]);
		expect(() => valueAwayFrom([0], { min: -0.1, max: 0.1, margin: 0.5 })).toThrow(RangeError);
	});
});

describe("assertOpGradient", () => {
	it("passes an op whose backward is right", () => {
		expect(() =>
			assertOpGradient(
				cube,
				anyTensorArb().map((t) => [t]),
				{ numRuns: 30 },
			),
		).not.toThrow();
	});

	it("fails a wrong backward with the shrunk counterexample, the worst element and the replay seed", () => {
		let error: unknown = null;
		try {
			assertOpGradient(
				wrongCube,
				tensorArb([2]).map((t) => [t]),
				{ numRuns: 50, propertySeed: 42 },
			);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(GradientCheckError);
		const e = error as GradientCheckError;
		expect(e.message).toMatch(/^gradient check of op 'wrongCube' failed after \d+ run\(s\), shrunk \d+ time\(s\):\n/);
		expect(e.message).toMatch(/ {2}input 0: tensor\(\[.*\], dtype=float64, shape=\[2\]\)\n/);
		expect(e.message).toMatch(/worst element: input 0 at \[\d\]: analytic .*, numeric /);
		expect(e.message).toContain("replay with { propertySeed: 42, path: ");
		// The report is on the counterexample: the analytic gradient is 2/3 of the numeric one (2x² vs 3x²,
		// both times gradCheck's random projection of the output).
		const worst = e.report?.worst;
		expect(e.counterexample?.[0]?.shape).toEqual([2]);
		expect((worst?.analytic as number) / (worst?.numeric as number)).toBeCloseTo(2 / 3, 4);
	});
});

describe("modelGradCheck and withParameters", () => {
	it("checks a model's own backward, and puts its parameters back", () => {
		const model = new Sequential([
			new Dense(2, 2, {
				activation: "tanh",
				weights: [
					[0.5, -1],
					[0.25, 0.75],
				],
				bias: [0.1, -0.2],
			}),
			new Dense(2, 1, { activation: "sigmoid", weights: [[1], [-1]], bias: [0] }),
		]);
		const before = model.parameters();
		const report = modelGradCheck(
			model,
			tensor([
				[1, 2],
				[-1, 0.5],
			]),
			tensor([[1], [0]]),
			"binaryCrossEntropy",
		);
		expect(report.ok).toBe(true);
		expect(model.parameters()).toEqual(before);
		expect(() => withParameters(model, [], () => 0)).not.toThrow();
	});
});
