/** Choosing columns, reading numbers and turning text labels into classes. */
import {
	ColumnError,
	DataError,
	findColumn,
	labelIndices,
	labelsToClasses,
	numericColumns,
	parseCsv,
	selectColumns,
	targetColumn,
} from "@backprop/data";
import { describe, expect, it } from "vitest";

const table = parseCsv("w,h,kind\n1,2,cat\n3,4.5,dog\n-1e1,.5,cat\n", "pets.csv");

describe("selectColumns", () => {
	it("takes the last column as the target and every other one as a feature by default", () => {
		expect(selectColumns(table)).toEqual({
			target: { name: "kind", index: 2 },
			features: [
				{ name: "w", index: 0 },
				{ name: "h", index: 1 },
			],
		});
	});

	it("takes named columns in the order given", () => {
		expect(selectColumns(table, { target: "w", features: ["kind", "h"] })).toEqual({
			target: { name: "w", index: 0 },
			features: [
				{ name: "kind", index: 2 },
				{ name: "h", index: 1 },
			],
		});
	});

	it("says which choice named a missing column, and lists the columns", () => {
		const attempt = (selection: Parameters<typeof selectColumns>[1]) => {
			try {
				selectColumns(table, selection);
			} catch (e) {
				return e instanceof ColumnError ? { option: e.option, message: e.message } : e;
			}
			return null;
		};
		expect(attempt({ target: "z" })).toEqual({
			option: "target",
			message: "no column 'z' in pets.csv (columns: w, h, kind)",
		});
		expect(attempt({ features: ["w", "q"] })).toMatchObject({ option: "features", message: /no column 'q'/ });
		expect(attempt({ features: ["w", "kind"] })).toEqual({
			option: "features",
			message: "'kind' is the target column and cannot also be a feature",
		});
		expect(attempt({ target: "w", features: [] })).toEqual({
			option: null,
			message: "pets.csv has no feature columns besides the target 'w'",
		});
	});

	it("findColumn finds one column or throws a ColumnError", () => {
		expect(findColumn(table, "h")).toEqual({ name: "h", index: 1 });
		expect(() => findColumn(table, "H")).toThrow(ColumnError);
	});
});

describe("numericColumns", () => {
	it("reads plain decimal numbers, row by row, in the columns' order", () => {
		expect(
			numericColumns(table, [
				{ name: "h", index: 1 },
				{ name: "w", index: 0 },
			]),
		).toEqual([
			[2, 1],
			[4.5, 3],
			[0.5, -10],
		]);
	});

	it("names the line, column and value it cannot read", () => {
		const bad = parseCsv("a,b\n1,2\n3,0x10\n4,\n", "n.csv");
		expect(() => numericColumns(bad, [{ name: "b", index: 1 }])).toThrow(
			"n.csv: line 3, column 2 ('b'): '0x10' is not a number",
		);
		const empty = parseCsv("a,b\n1,2\n4,\n", "n.csv");
		expect(() => numericColumns(empty, [{ name: "b", index: 1 }])).toThrow(
			"n.csv: line 3, column 2 ('b'): empty value",
		);
	});
});

describe("text labels to classes", () => {
	it("sorts the distinct labels and gives each value its label's index", () => {
		expect(labelsToClasses(["dog", "cat", "dog", "bird"])).toEqual({
			labels: ["bird", "cat", "dog"],
			classes: [2, 1, 2, 0],
		});
		expect(labelsToClasses([])).toEqual({ labels: [], classes: [] });
	});

	it("targetColumn reads numbers as numbers and text as classes", () => {
		expect(targetColumn(table, { name: "kind", index: 2 })).toEqual({
			kind: "labels",
			name: "kind",
			labels: ["cat", "dog"],
			classes: [0, 1, 0],
		});
		expect(targetColumn(table, { name: "w", index: 0 })).toEqual({ kind: "numeric", name: "w", values: [1, 3, -10] });
	});

	it("targetColumn refuses mixed columns, empty values and a single label", () => {
		const mixed = parseCsv("y\n1\n2\nthree\n4\n", "m.csv");
		expect(() => targetColumn(mixed, { name: "y", index: 0 })).toThrow(
			/^m\.csv: line 4, column 1 \('y'\): the target column mixes numbers and text \('three'\)/,
		);
		const one = parseCsv("y\na\na\n", "o.csv");
		expect(() => targetColumn(one, { name: "y", index: 0 })).toThrow(
			"o.csv: the target column 'y' has only one label ('a'); classification needs at least two",
		);
		const empty = parseCsv("x,y\n1,a\n2,\n", "e.csv");
		expect(() => targetColumn(empty, { name: "y", index: 1 })).toThrow(
			"e.csv: line 3, column 2 ('y'): empty target value",
		);
	});

	it("labelIndices maps labels to a model's classes and names an unknown one", () => {
		const column = { name: "kind", index: 2 };
		expect(labelIndices(table, column, ["dog", "cat"])).toEqual([1, 0, 1]);
		expect(() => labelIndices(table, column, ["cat"])).toThrow(DataError);
		expect(() => labelIndices(table, column, ["cat"])).toThrow(
			"pets.csv: line 3, column 3 ('kind'): label 'dog' is not one the model knows (cat)",
		);
	});
});
