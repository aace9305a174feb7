/** One threshold rule for binary labels: 0.5 and above is class 1. */
import { BINARY_THRESHOLD, binaryAccuracy, binaryClass } from "@backprop/nn";
import { tensor } from "@backprop/tensor";
import { describe, expect, it } from "vitest";

describe("binaryClass", () => {
	it("reads 0.5 and above as 1, below as 0", () => {
		expect(BINARY_THRESHOLD).toBe(0.5);
		expect([0, 0.4999, 0.5, 0.5001, 1].map(binaryClass)).toEqual([0, 0, 1, 1, 1]);
		expect(binaryClass(Number.NaN)).toBe(0);
	});

	it("is the rule binaryAccuracy uses", () => {
		// Outputs 0.5, 0.49, 0.9 read as 1, 0, 1; targets 1, 1, 0: one of three matches.
		expect(binaryAccuracy(tensor([0.5, 0.49, 0.9]), tensor([1, 1, 0]))).toBe(1 / 3);
	});
});
