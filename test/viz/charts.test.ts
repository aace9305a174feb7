/** The SVG charts of @backprop/viz: the loss curve, the decision boundary, and isolines. */
import { isoline, renderDecisionBoundarySvg, renderLossCurveSvg } from "@backprop/viz";
import { describe, expect, it } from "vitest";
import { checkSvg } from "./svg";

const decay = (n: number) => Array.from({ length: n }, (_, i) => 0.3 * Math.exp(-i / (n / 10)) + 0.001);

/** Text of the SVG group Vega made for a mark, e.g. the one named "boundary_bands". */
function markGroup(svg: string, name: string): string {
	const start = svg.indexOf(`role-mark ${name}"`);
	if (start < 0) return "";
	const end = svg.indexOf('<g class="mark-', start + 1);
	return svg.slice(start, end < 0 ? undefined : end);
}

describe("renderLossCurveSvg", () => {
	it("draws one line with axes and a title in a well-formed SVG document", async () => {
		const svg = await renderLossCurveSvg(decay(200), { title: "My loss" });
		const doc = checkSvg(svg);
		expect(doc.width).toBeGreaterThan(400);
		expect(svg).toContain(">My loss<");
		expect(svg).toContain(">epoch<");
		expect(markGroup(svg, "marks")).toMatch(/<path[^>]* d="M/);
		expect(svg).not.toContain(">validation<");
	});

	it("adds the validation loss as a second, labelled line", async () => {
		const svg = await renderLossCurveSvg(decay(100), { valLoss: decay(100).map((v) => v * 1.5) });
		checkSvg(svg);
		expect(svg).toContain(">training<");
		expect(svg).toContain(">validation<");
		expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(2);
	});

	it("keeps long runs small by sampling at most maxPoints epochs", async () => {
		const svg = await renderLossCurveSvg(decay(100_000), { maxPoints: 500, logScale: true });
		checkSvg(svg);
		const d = /<path[^>]* d="([^"]+)"/.exec(markGroup(svg, "marks"))?.[1] ?? "";
		expect(d.split("L").length).toBe(500);
		expect(svg).toContain(">100000<"); // the last epoch is on the axis
	});

	it("draws a one-epoch run as a point", async () => {
		checkSvg(await renderLossCurveSvg([0.25]));
	});

	it("rejects curves it cannot draw", async () => {
		await expect(renderLossCurveSvg([])).rejects.toThrow(RangeError);
		await expect(renderLossCurveSvg([0.1, Number.NaN])).rejects.toThrow(/epoch 2 is NaN/);
		await expect(renderLossCurveSvg([0.1, 0], { logScale: true })).rejects.toThrow(/log scale/);
		await expect(renderLossCurveSvg([0.1], { valLoss: [0.1, 0.2] })).rejects.toThrow(/valLoss has 2 epochs/);
	});
});

describe("renderDecisionBoundarySvg", () => {
	// P(class 1) rises across the line x + y = 1.
	const logistic = (rows: number[][]) => rows.map(([x = 0, y = 0]) => 1 / (1 + Math.exp(-4 * (x + y - 1))));
	const points = [
		{ x: 0, y: 0, label: "A", name: "origin", group: "training" },
		{ x: 1, y: 1, label: "B", name: "corner", group: "training" },
		{ x: 2, y: -0.5, label: "B", name: "asked", group: "new" },
	];

	it("draws filled bands, the boundary line, and the named points", async () => {
		const svg = await renderDecisionBoundarySvg(logistic, points, { classNames: ["A", "B"], title: "Test" });
		checkSvg(svg);
		expect(svg).toContain(">Test<");
		// 20 band edges; the lowest covers the whole plane.
		expect(markGroup(svg, "boundary_bands").match(/<path/g)?.length).toBeGreaterThanOrEqual(10);
		expect(markGroup(svg, "layer_0_marks").match(/<line/g)?.length).toBeGreaterThan(10);
		expect(markGroup(svg, "layer_1_marks").match(/<path/g)).toHaveLength(3);
		for (const name of ["origin", "corner", "asked", "training", "new", "P(B)"]) expect(svg).toContain(`>${name}<`);
	});

	it("puts the boundary where the output crosses the threshold", async () => {
		// With x fixed at domain [0, 2] and y at [0, 2], the line x + y = 1 runs corner to corner of the lower-left half.
		let calls = 0;
		const svg = await renderDecisionBoundarySvg(
			(rows) => {
				calls++;
				expect(rows).toHaveLength(11 * 11);
				return logistic(rows);
			},
			[],
			{ xDomain: [0, 2], yDomain: [0, 2], resolution: 10, width: 200, height: 200 },
		);
		expect(calls).toBe(1);
		const lines = [...markGroup(svg, "layer_0_marks").matchAll(/translate\(([\d.e-]+),([\d.e-]+)\)/g)];
		expect(lines.length).toBeGreaterThan(0);
		for (const [, px, py] of lines) {
			// Pixel (px, py) back to data: x = px / 100, y = 2 - py / 100; on the line x + y = 1.
			expect(Number(px) / 100 + (2 - Number(py) / 100)).toBeCloseTo(1, 6);
		}
	});

	it("accepts an async scorer and draws nothing for a classifier that never crosses", async () => {
		const svg = await renderDecisionBoundarySvg(async (rows) => rows.map(() => 0.2), points);
		checkSvg(svg);
		expect(markGroup(svg, "layer_0_marks")).not.toContain("<line");
	});

	it("rejects bad input with a clear error", async () => {
		await expect(renderDecisionBoundarySvg(logistic, [])).rejects.toThrow(/no points to take the x range/);
		await expect(renderDecisionBoundarySvg(() => [0.5], points)).rejects.toThrow(/returned 1 values for 6561 rows/);
		await expect(renderDecisionBoundarySvg((r) => r.map(() => Number.NaN), points)).rejects.toThrow(/not a finite/);
		await expect(renderDecisionBoundarySvg(logistic, [{ x: Number.NaN, y: 0, label: "A" }])).rejects.toThrow(
			/points\[0\]\.x/,
		);
		await expect(renderDecisionBoundarySvg(logistic, points, { threshold: 1 })).rejects.toThrow(/threshold/);
		await expect(renderDecisionBoundarySvg(logistic, points, { resolution: 1 })).rejects.toThrow(/resolution/);
		await expect(renderDecisionBoundarySvg(logistic, points, { xDomain: [1, 1] })).rejects.toThrow(/empty/);
	});
});

describe("isoline", () => {
	it("finds a straight crossing by linear interpolation", () => {
		// f(i, j) = i on a 4 × 3 grid crosses 1.5 between columns 1 and 2, in every row of cells.
		const values = [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3];
		const segments = isoline(values, 4, 3, 1.5);
		expect(segments).toHaveLength(2);
		for (const s of segments) {
			expect(s.x1).toBe(1.5);
			expect(s.x2).toBe(1.5);
		}
	});

	it("splits a saddle by the cell's mean", () => {
		// Corners 1, 0 / 0, 1: the mean 0.5 is on the high side at level 0.4, so the high corners join.
		expect(isoline([1, 0, 0, 1], 2, 2, 0.4)).toHaveLength(2);
		expect(isoline([1, 0, 0, 1], 2, 2, 0.6)).toHaveLength(2);
	});

	it("rejects a grid that does not match its values", () => {
		expect(() => isoline([1, 2, 3], 2, 2, 0)).toThrow(RangeError);
		expect(() => isoline([1], 1, 1, 0)).toThrow(RangeError);
	});
});
