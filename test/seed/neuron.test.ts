import { tensor } from "@backprop/tensor";
import { describe, expect, it } from "vitest";

describe("the tutorial's neuron on tensors", () => {
	it("sigmoid(w·x + b) with w = [0, 1], b = 4, x = [2, 3] is 0.9990889488055994", () => {
		// w·x + b = 0·2 + 1·3 + 4 = 7; sigmoid(7) = 1 / (1 + e^-7)
		const out = tensor([[2, 3]])
			.matmul(tensor([[0], [1]]))
			.add(4)
			.sigmoid();
		expect(out.item()).toBe(0.9990889488055994);
	});
});
