/**
 * The tutorial's figures, steps 1–4, computed by the same functions the gender
 * example prints (examples/gender/steps.ts), through the public API.
 */
import { describe, expect, it } from "vitest";
import { alicesBackprop, oneNeuron, TUTORIAL_FIGURES, tinyNetwork, tutorialLoss } from "../../examples/gender/index";

const EXACT = 1e-12;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** |a - b| ≤ tol, with both numbers in the failure message. */
function close(actual: number, expected: number, tol = EXACT): void {
	expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}

/** The tutorial rounds its figures; ours must round to within one unit of its last printed digit. */
function asPrinted(actual: number, printed: number): void {
	const decimals = (String(printed).split(".")[1] ?? "").length;
	close(actual, printed, 10 ** -decimals);
}

describe("step 1: one neuron", () => {
	it("Dense(2, 1, sigmoid, w = [0, 1], b = 4) on [2, 3] is 0.9990889488055994", () => {
		const s = oneNeuron();
		expect(s.sum).toBe(7);
		close(s.output, 0.9990889488055994);
		close(s.output, sigmoid(7));
		expect(TUTORIAL_FIGURES.neuron).toBe(0.9990889488055994);
	});
});

describe("step 2: the network", () => {
	it("sequential([2, 2, 1]) with every neuron w = [0, 1], b = 0 on [2, 3] is 0.7216325609518421", () => {
		const s = tinyNetwork();
		close(s.hidden[0], sigmoid(3));
		close(s.hidden[1], sigmoid(3));
		asPrinted(s.hidden[0], TUTORIAL_FIGURES.hidden);
		close(s.output, 0.7216325609518421);
		close(s.output, sigmoid(sigmoid(3)));
	});
});

describe("step 3: the loss", () => {
	it("MSE of [1, 0, 0, 1] against [0, 0, 0, 0] is 0.5", () => {
		const s = tutorialLoss();
		expect(s.squaredErrors).toEqual([1, 0, 0, 1]);
		close(s.mse, 0.5);
	});
});

describe("step 4: backpropagation for Alice", () => {
	const s = alicesBackprop();
	const t = TUTORIAL_FIGURES.alice;
	const h1 = sigmoid(-3);
	const o1 = sigmoid(2 * h1);

	it("runs the forward pass the tutorial shows: h1 = h2 = sigmoid(-3) ≈ 0.0474, o1 ≈ 0.524", () => {
		expect(s.sumH1).toBe(-3);
		close(s.h1, h1);
		close(s.h2, h1);
		close(s.sumO1, 2 * h1);
		close(s.o1, o1);
		close(s.loss, (1 - o1) ** 2);
		asPrinted(s.h1, t.h1);
		asPrinted(s.o1, t.o1);
	});

	it("computes each chain-rule factor exactly and as the tutorial prints it", () => {
		close(s.dL_dypred, -2 * (1 - o1));
		close(s.dypred_dh1, o1 * (1 - o1));
		close(s.dh1_dw1, -2 * h1 * (1 - h1));
		close(s.chainRule, -2 * (1 - o1) * o1 * (1 - o1) * -2 * h1 * (1 - h1));
		// The tutorial works with rounded intermediates (-2(1 - 0.524) = -0.952), hence the tolerance.
		asPrinted(s.dL_dypred, t.dL_dypred);
		asPrinted(s.dypred_dh1, t.dypred_dh1);
		asPrinted(s.dh1_dw1, t.dh1_dw1);
		asPrinted(s.chainRule, t.dL_dw1);
		expect(s.chainRule.toFixed(4)).toBe("0.0215");
	});

	it("agrees with the autodiff engine's gradient for w1 to 1e-12", () => {
		close(s.autodiff, s.chainRule);
		close(s.autodiff, 0.02146953526581111);
	});
});
