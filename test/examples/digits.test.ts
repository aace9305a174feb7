/** The digits example on small settings: it trains, reports and draws; its data and report helpers are exact. */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDigits, splitDigits } from "../../examples/digits/data";
import { confusionMatrix, formatConfusion, mistakesSvg } from "../../examples/digits/report";
import { runDigits } from "../../examples/digits/run";

describe("digits example", () => {
	it("reads the shipped 1 797 digits and splits them 80/20 with a seed", () => {
		const all = readDigits();
		expect(all.images.shape).toEqual([1797, 8, 8, 1]);
		expect(all.digits.slice(0, 3)).toEqual([0, 1, 2]);
		const a = splitDigits(all, 1);
		const b = splitDigits(all, 1);
		expect(a.train.digits.length).toBe(1438);
		expect(a.test.digits.length).toBe(359);
		expect(a.test.digits).toEqual(b.test.digits);
		expect(splitDigits(all, 2).test.digits).not.toEqual(a.test.digits);
	});

	it("confusion matrix and its text: rows are true digits, columns predictions", () => {
		const m = confusionMatrix([0, 0, 1, 2], [0, 1, 1, 2], 3);
		expect(m).toEqual([
			[1, 1, 0],
			[0, 1, 0],
			[0, 0, 1],
		]);
		expect(formatConfusion(m).split("\n")).toEqual([
			"true\\pred   0  1  2",
			"0           1 1!  .",
			"1           .  1  .",
			"2           .  .  1",
		]);
	});

	it("the SVG shows each mistake's 64 pixels and caption", () => {
		const svg = mistakesSvg([{ pixels: new Array(64).fill(16), label: 3, prediction: 8 }]);
		expect(svg.match(/<rect /g)).toHaveLength(64);
		expect(svg).toContain("3 → 8");
		expect(svg).toContain('fill="rgb(0,0,0)"');
	});

	it("trains on a few rows for one epoch, prints the matrix and writes the SVG", async () => {
		const dir = await mkdtemp(join(tmpdir(), "digits-"));
		try {
			const lines: string[] = [];
			const r = await runDigits({ epochs: 1, seed: 1, out: dir, trainRows: 128 }, (l) => lines.push(l));
			expect(r.trainRows).toBe(128);
			expect(r.testRows).toBe(359);
			expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(359);
			const correct = r.confusion.reduce((s, row, i) => s + row[i], 0);
			expect(r.accuracy).toBeCloseTo(correct / 359, 12);
			const text = lines.join("\n");
			expect(text).toContain("conv2d_1 (Conv2D)");
			expect(text).toContain("true\\pred");
			const svg = await readFile(r.svgPath, "utf8");
			expect(svg).toContain(`${359 - correct} misclassified test digits`);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});
});
