/** @backprop/data's helpers: trainTestSplit (seeded, stratified), oneHot, batches; typed-array rows accepted. */
import { batches, oneHot, trainTestSplit } from "@backprop/data";
import { Rng, ShapeError, tensor } from "@backprop/tensor";
import { describe, expect, it } from "vitest";

// 20 rows: x = [i, 10·i], y = class i % 4 == 0 ? 1 : 0 (5 of class 1, 15 of class 0).
const X = Array.from({ length: 20 }, (_, i) => [i, 10 * i]);
const Y = X.map(([i]) => (i % 4 === 0 ? 1 : 0));

describe("trainTestSplit", () => {
	it("holds out ⌈n·testSize⌉ rows, disjoint from the training rows, x and y kept together", () => {
		const s = trainTestSplit(X, Y, { testSize: 0.25, seed: 1 });
		expect(s.testRows).toHaveLength(5);
		expect(s.trainRows).toHaveLength(15);
		expect([...s.trainRows, ...s.testRows].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
		expect(s.xTest.toArray()).toEqual(s.testRows.map((i) => [i, 10 * i]));
		expect(s.yTest.toArray()).toEqual(s.testRows.map((i) => (i % 4 === 0 ? 1 : 0)));
		expect(s.xTrain.shape).toEqual([15, 2]);
	});

	it("is a seeded shuffle: the rows are Rng(seed)'s shuffle of 0..n-1, the last ⌈n·testSize⌉ held out", () => {
		const order = new Rng(7).shuffle(Array.from({ length: 20 }, (_, i) => i));
		const s = trainTestSplit(X, Y, { testSize: 0.3, seed: 7 });
		expect(s.trainRows).toEqual(order.slice(0, 14));
		expect(s.testRows).toEqual(order.slice(14));
		expect(trainTestSplit(X, Y, { testSize: 0.3, seed: 7 }).testRows).toEqual(s.testRows);
		expect(trainTestSplit(X, Y, { testSize: 0.3, seed: 8 }).testRows).not.toEqual(s.testRows);
		expect(trainTestSplit(X, Y, { testSize: 0.3, shuffle: false }).testRows).toEqual([14, 15, 16, 17, 18, 19]);
	});

	it("stratify keeps each class's share: 5 of class 1 and 15 of class 0 at 0.2 give 1 and 3 test rows", () => {
		for (const seed of [0, 1, 2, 3]) {
			const s = trainTestSplit(X, Y, { testSize: 0.2, seed, stratify: true });
			const testClasses = s.yTest.toArray() as number[];
			expect(testClasses.filter((c) => c === 1)).toHaveLength(1);
			expect(testClasses.filter((c) => c === 0)).toHaveLength(3);
		}
	});

	it("stratify: remainders go to the classes with the largest fractions, up to ⌈n·testSize⌉", () => {
		// 3 classes of 5 rows at 0.3: 1.5 each -> 1 each, ⌈4.5⌉ = 5 needs 2 more: classes 0 and 1 (ties by class)
		const y = Array.from({ length: 15 }, (_, i) => i % 3);
		const x = y.map((c, i) => [c, i]);
		const s = trainTestSplit(x, y, { testSize: 0.3, stratify: true, seed: 4 });
		const counts = [0, 1, 2].map((c) => (s.yTest.toArray() as number[]).filter((v) => v === c).length);
		expect(counts).toEqual([2, 2, 1]);
		// one-hot targets stratify the same way
		const t = trainTestSplit(x, oneHot(y), { testSize: 0.3, stratify: true, seed: 4 });
		expect(t.testRows).toEqual(s.testRows);
	});

	it("takes rows of typed arrays", () => {
		const rows = X.map((r) => Float32Array.from(r));
		const s = trainTestSplit(rows, Float64Array.from(Y), { seed: 1 });
		expect(s.xTest.toArray()).toEqual(trainTestSplit(X, Y, { seed: 1 }).xTest.toArray());
	});

	it("refuses bad input before splitting", () => {
		expect(() => trainTestSplit(X, Y.slice(1))).toThrow(ShapeError);
		expect(() => trainTestSplit(X, Y, { testSize: 1 })).toThrow("trainTestSplit: testSize must be in (0, 1), got 1");
		expect(() => trainTestSplit([[1], [2]], [0, 1], { testSize: 0.9 })).toThrow(/leaves no training rows/);
		expect(() =>
			trainTestSplit(
				X,
				X.map(() => 0.5),
				{ stratify: true },
			),
		).toThrow("trainTestSplit: y row 0 holds 0.5, which is not a class label (0, 1, 2, ...)");
	});
});

describe("oneHot", () => {
	it("row i has a 1 in column labels[i]", () => {
		expect(oneHot([2, 0, 1]).toArray()).toEqual([
			[0, 0, 1],
			[1, 0, 0],
			[0, 1, 0],
		]);
		expect(oneHot(tensor([[1], [0]]), 4).toArray()).toEqual([
			[0, 1, 0, 0],
			[1, 0, 0, 0],
		]);
	});

	it("names the row of a bad label", () => {
		expect(() => oneHot([0, 3, 1], 3)).toThrow("oneHot: labels row 1 holds label 3, but there are 3 classes (0 to 2)");
		expect(() => oneHot([0, -1])).toThrow("oneHot: labels row 1 holds -1, which is not a class label (0, 1, 2, ...)");
		expect(() => oneHot([[0, 1]])).toThrow(/one per row/);
	});
});

describe("batches", () => {
	it("cuts rows in order, the last batch smaller unless dropLast", () => {
		const sizes = [...batches(X, Y, { batchSize: 8 })].map(([xb, yb]) => [xb.shape[0], yb.shape[0]]);
		expect(sizes).toEqual([
			[8, 8],
			[8, 8],
			[4, 4],
		]);
		const first = batches(X, Y, { batchSize: 8 }).next().value as [unknown, unknown];
		expect((first[0] as { toArray(): unknown }).toArray()).toEqual(X.slice(0, 8));
		expect([...batches(X, Y, { batchSize: 8, dropLast: true })]).toHaveLength(2);
	});

	it("shuffled: Rng(seed)'s order, x and y rows together", () => {
		const order = new Rng(3).shuffle(Array.from({ length: 20 }, (_, i) => i));
		const got = [...batches(X, Y, { batchSize: 6, shuffle: true, seed: 3 })];
		expect(got.flatMap(([xb]) => (xb.toArray() as number[][]).map((r) => r[0]))).toEqual(order);
		for (const [xb, yb] of got) {
			expect(yb.toArray() as number[]).toEqual((xb.toArray() as number[][]).map(([i]) => (i % 4 === 0 ? 1 : 0)));
		}
	});

	it("checks its input before the first batch", () => {
		expect(() => batches(X, Y.slice(2))).toThrow(ShapeError);
		expect(() => batches(X, Y, { batchSize: 0 })).toThrow("batches: batchSize must be a positive integer, got 0");
	});
});
