/** Standardization with statistics that are saved and applied again. */
import { Standardizer } from "@backprop/data";
import { modelFromJSON, modelToJSON, sequential } from "@backprop/nn";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

describe("Standardizer", () => {
	it("fits the mean and population std of each column", () => {
		// Column 0: 1, 3 → mean 2, variance ((1-2)² + (3-2)²) / 2 = 1, std 1.
		// Column 1: 10, 30 → mean 20, std 10. Column 2 is constant → std 1.
		const s = Standardizer.fit([
			[1, 10, 5],
			[3, 30, 5],
		]);
		expect(s.mean).toEqual([2, 20, 5]);
		expect(s.std).toEqual([1, 10, 1]);
		expect(s.features).toBe(3);
		expect(
			s.transform([
				[1, 10, 5],
				[4, 0, 7],
			]),
		).toEqual([
			[-1, -1, 0],
			[2, -2, 2],
		]);
	});

	it("saves its statistics as JSON and reads them back to the same transform", () => {
		const s = Standardizer.fit([
			[0, 2],
			[4, 6],
			[8, 10],
		]);
		const saved = JSON.parse(JSON.stringify(s));
		expect(saved).toEqual({ mean: [4, 6], std: [Math.sqrt(32 / 3), Math.sqrt(32 / 3)] });
		const again = Standardizer.fromJSON(saved);
		expect(again.transform([[1, 1]])).toEqual(s.transform([[1, 1]]));
	});

	it("travels in a model's metadata and is applied again after loading", () => {
		const rows = [
			[133, 65],
			[160, 72],
			[152, 70],
			[120, 60],
		];
		const scaler = Standardizer.fit(rows);
		const model = sequential([2, 1], { seed: 1 });
		model.metadata = { standardizer: scaler.toJSON() };
		const loaded = modelFromJSON(JSON.parse(JSON.stringify(modelToJSON(model))));
		const again = Standardizer.fromJSON(loaded.metadata.standardizer);
		// Mean weight 141.25, std sqrt(((-8.25)² + 18.75² + 10.75² + (-21.25)²) / 4) = sqrt(246.6875).
		expect(again.mean).toEqual([141.25, 66.75]);
		expect(again.std[0]).toBe(Math.sqrt(246.6875));
		expect(again.transform([[128, 63]])).toEqual(scaler.transform([[128, 63]]));
	});

	it("inverseTransform undoes transform", () => {
		const rows = fc.array(
			fc.tuple(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.integer({ min: -50, max: 50 })),
			{
				minLength: 1,
				maxLength: 20,
			},
		);
		fc.assert(
			fc.property(rows, (data) => {
				const s = Standardizer.fit(data);
				const back = s.inverseTransform(s.transform(data));
				for (const [i, row] of back.entries()) {
					for (const [j, v] of row.entries()) {
						const original = data[i]?.[j];
						expect(Math.abs(v - original)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(original)));
					}
				}
			}),
		);
	});

	it("refuses statistics and rows it cannot use, saying what is wrong", () => {
		expect(() => Standardizer.fit([])).toThrow("Standardizer.fit: no rows");
		expect(() => Standardizer.fit([[1, 2], [3]])).toThrow("Standardizer.fit: row 1 has 1 values, expected 2");
		expect(() => Standardizer.fit([[1, Number.NaN]])).toThrow("Standardizer.fit: row 0, column 1 is NaN");
		expect(() => new Standardizer({ mean: [0], std: [0] })).toThrow("std[0] is 0, not a finite number above 0");
		expect(() => new Standardizer({ mean: [0, 1], std: [1] })).toThrow(/same non-zero length, got 2 and 1/);
		expect(() => Standardizer.fromJSON([1, 2])).toThrow("Standardizer.fromJSON: expected { mean, std }");
		expect(() => Standardizer.fromJSON({ mean: [0], std: ["1"] })).toThrow("std[0] is 1, not a finite number");
		const s = new Standardizer({ mean: [0, 0], std: [1, 1] });
		expect(() => s.transform([[1]])).toThrow("Standardizer.transform: row 0 has 1 values, expected 2");
	});

	it("keeps its statistics from changing", () => {
		const mean = [1];
		const s = new Standardizer({ mean, std: [2] });
		mean[0] = 100;
		expect(s.mean).toEqual([1]);
		expect(Object.isFrozen(s.mean)).toBe(true);
	});
});
