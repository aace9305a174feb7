/** The tutorial's gender data in @backprop/data. */
import { GENDER_EXAMPLES, genderDataset, genderFeatures, genderLabel } from "@backprop/data";
import { describe, expect, it } from "vitest";

describe("the tutorial's gender data", () => {
	it("is the tutorial's table, shifted by 135 lb and 66 in", () => {
		expect(genderDataset()).toEqual({
			x: [
				[-2, -1],
				[25, 6],
				[17, 4],
				[-15, -6],
			],
			y: [[1], [0], [0], [1]],
			names: ["Alice", "Bob", "Charlie", "Diana"],
		});
		expect(GENDER_EXAMPLES.map(genderFeatures)).toEqual([
			[-7, -3],
			[20, 2],
		]);
	});

	it("reads an output of 0.5 and above as F", () => {
		expect(genderLabel(0.951)).toBe("F");
		expect(genderLabel(0.5)).toBe("F");
		expect(genderLabel(0.4999)).toBe("M");
		expect(genderLabel(0.039)).toBe("M");
		expect(() => genderLabel(Number.NaN)).toThrow(RangeError);
	});
});
