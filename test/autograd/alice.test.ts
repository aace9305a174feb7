/**
 * The tutorial's worked backward pass (seed/000_84f4a3b6261712b3.txt), written with
 * raw scalar variables: a 2-2-1 sigmoid network with w1..w6 = 1, b1..b3 = 0, Alice's
 * input x = [-2, -1], y_true = 1 and L = (y_true - y_pred)². The engine's gradients
 * are compared with the tutorial's chain-rule formulas evaluated right here.
 */
import { sub, type Variable, variable } from "@backprop/autograd";
import { beforeAll, describe, expect, it } from "vitest";

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
// The tutorial's sigmoid_derivative: σ'(t) = σ(t)(1 - σ(t))
const sigmoidDerivative = (t: number) => sigmoid(t) * (1 - sigmoid(t));

const x1 = -2;
const x2 = -1;
const yTrue = 1;

const names = ["w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3"] as const;
type Name = (typeof names)[number];

describe("Alice's backward pass with raw variables", () => {
	const p = {} as Record<Name, Variable>;
	let o1: Variable;
	let loss: Variable;

	beforeAll(() => {
		for (const n of names) p[n] = variable(n.startsWith("w") ? 1 : 0, { requiresGrad: true });
		// h1 = σ(w1·x1 + w2·x2 + b1), h2 = σ(w3·x1 + w4·x2 + b2), o1 = σ(w5·h1 + w6·h2 + b3)
		const h1 = p.w1.mul(x1).add(p.w2.mul(x2)).add(p.b1).sigmoid();
		const h2 = p.w3.mul(x1).add(p.w4.mul(x2)).add(p.b2).sigmoid();
		o1 = p.w5.mul(h1).add(p.w6.mul(h2)).add(p.b3).sigmoid();
		// MSE of one sample: (y_true - y_pred)²
		loss = sub(yTrue, o1).pow(2);
		loss.backward();
	});

	// The tutorial's forward values and chain-rule factors, in plain numbers.
	const sumH1 = 1 * x1 + 1 * x2 + 0; // -3
	const sumH2 = 1 * x1 + 1 * x2 + 0; // -3
	const h1 = sigmoid(sumH1);
	const h2 = sigmoid(sumH2);
	const sumO1 = 1 * h1 + 1 * h2 + 0;
	const yPred = sigmoid(sumO1);

	const dLdYpred = -2 * (1 - yPred);
	const dYpredDw5 = h1 * sigmoidDerivative(sumO1);
	const dYpredDw6 = h2 * sigmoidDerivative(sumO1);
	const dYpredDb3 = sigmoidDerivative(sumO1);
	const dYpredDh1 = 1 * sigmoidDerivative(sumO1); // w5 = 1
	const dYpredDh2 = 1 * sigmoidDerivative(sumO1); // w6 = 1
	const dH1Dw1 = x1 * sigmoidDerivative(sumH1);
	const dH1Dw2 = x2 * sigmoidDerivative(sumH1);
	const dH1Db1 = sigmoidDerivative(sumH1);
	const dH2Dw3 = x1 * sigmoidDerivative(sumH2);
	const dH2Dw4 = x2 * sigmoidDerivative(sumH2);
	const dH2Db2 = sigmoidDerivative(sumH2);

	const expected: Record<Name, number> = {
		w1: dLdYpred * dYpredDh1 * dH1Dw1,
		w2: dLdYpred * dYpredDh1 * dH1Dw2,
		b1: dLdYpred * dYpredDh1 * dH1Db1,
		w3: dLdYpred * dYpredDh2 * dH2Dw3,
		w4: dLdYpred * dYpredDh2 * dH2Dw4,
		b2: dLdYpred * dYpredDh2 * dH2Db2,
		w5: dLdYpred * dYpredDw5,
		w6: dLdYpred * dYpredDw6,
		b3: dLdYpred * dYpredDb3,
	};

	const grad = (n: Name): number => {
		const g = p[n].grad;
		if (g === null) throw new Error(`${n} has no gradient`);
		return g.item();
	};

	it("o1 = 0.5236951740839997 (the tutorial's ≈ 0.524), h1 = h2 = σ(-3)", () => {
		expect(Math.abs(o1.item() - 0.5236951740839997)).toBeLessThanOrEqual(1e-12);
		expect(Math.abs(yPred - 0.5236951740839997)).toBeLessThanOrEqual(1e-12);
		expect(h1).toBe(sigmoid(-3));
		expect(loss.item()).toBeCloseTo((1 - 0.5236951740839997) ** 2, 12);
	});

	it("dL/dw1 = 0.02146953526581111 (the tutorial's -0.952 · 0.25 · -0.0904 ≈ 0.0215)", () => {
		expect(Math.abs(grad("w1") - 0.02146953526581111)).toBeLessThanOrEqual(1e-12);
		expect(Math.abs(expected.w1 - 0.02146953526581111)).toBeLessThanOrEqual(1e-12);
		// the tutorial's factors, which it rounds (from y_pred ≈ 0.524)
		expect(dLdYpred).toBeCloseTo(-0.952, 2);
		expect(dYpredDh1).toBeCloseTo(0.25, 2);
		expect(dH1Dw1).toBeCloseTo(-0.0904, 3);
	});

	for (const n of ["w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3"] as const) {
		it(`dL/d${n} matches the tutorial's chain-rule formula`, () => {
			expect(Math.abs(grad(n) - expected[n])).toBeLessThanOrEqual(1e-12);
		});
	}

	it("the gradients are not all alike: the symmetric pairs agree, the layers differ", () => {
		// h1 and h2 are identical here, so w1 ≡ w3, w2 ≡ w4, b1 ≡ b2, w5 ≡ w6
		expect(grad("w1")).toBe(grad("w3"));
		expect(grad("w5")).toBe(grad("w6"));
		expect(grad("w2")).toBeCloseTo(grad("w1") / 2, 15);
		expect(grad("w5")).toBeLessThan(0);
		expect(grad("b3")).not.toBeCloseTo(grad("b1"), 3);
	});
});
