/** Parsing CSV text and reading CSV files into tables, with errors that name the line. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataError, parseCsv } from "@backprop/data";
import { readCsvFile } from "@backprop/data/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

describe("parseCsv", () => {
	it("reads the header and the rows with the line each ends on, trimming values and skipping blank lines", () => {
		const table = parseCsv('\uFEFFa, b ,c\n1,2,3\n\n 4 ,"five, 5",6\n', "t.csv");
		expect(table).toEqual({
			source: "t.csv",
			header: ["a", "b", "c"],
			rows: [
				{ line: 2, cells: ["1", "2", "3"] },
				{ line: 4, cells: ["4", "five, 5", "6"] },
			],
		});
	});

	it("names the data 'CSV' when no source is given", () => {
		expect(parseCsv("x\n1\n").source).toBe("CSV");
		expect(() => parseCsv("")).toThrow(/^CSV is empty/);
	});

	it.each([
		["", /^t\.csv is empty: expected a header row and data rows$/],
		["\n\n", /^t\.csv is empty/],
		["x,y\n", /^t\.csv has a header row but no data rows$/],
		["x,,y\n1,2,3\n", /^t\.csv: line 1: column 2 of the header has no name$/],
		["x,y,x\n1,2,3\n", /^t\.csv: line 1: columns 1 and 3 are both named 'x'$/],
		["x,y\n1,2\n3\n4,5\n", /^t\.csv: line 3 has 1 value, but the header has 2 columns$/],
		['x,y\n1,2\n"3,4\n', /^t\.csv: invalid CSV: Quote Not Closed/],
	])("refuses %j with a DataError naming the problem", (text, message) => {
		expect(() => parseCsv(text, "t.csv")).toThrow(DataError);
		expect(() => parseCsv(text, "t.csv")).toThrow(message);
	});
});

describe("readCsvFile", () => {
	let folder = "";
	beforeAll(async () => {
		folder = await mkdtemp(join(tmpdir(), "backprop-data-"));
		await writeFile(join(folder, "ok.csv"), "x,y\n1,2\n");
	});
	afterAll(async () => {
		await rm(folder, { recursive: true, force: true });
	});

	it("reads a file relative to cwd, with the path as given as its source", async () => {
		const table = await readCsvFile("ok.csv", { cwd: folder });
		expect(table).toEqual({ source: "ok.csv", header: ["x", "y"], rows: [{ line: 2, cells: ["1", "2"] }] });
	});

	it("names a missing file and a folder, as what the caller calls it", async () => {
		await expect(readCsvFile("missing.csv", { cwd: folder })).rejects.toThrow(
			"cannot read data file missing.csv: no such file",
		);
		await expect(readCsvFile(".", { cwd: folder, what: "table" })).rejects.toThrow(
			"cannot read table .: it is a folder",
		);
		await expect(readCsvFile("missing.csv", { cwd: folder })).rejects.toBeInstanceOf(DataError);
	});
});
