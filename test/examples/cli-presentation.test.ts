/**
 * The presentation pieces @backprop/cli shares with the examples: SVG charts,
 * the terminal loss curve, the progress bar, colours, and the tutorial's data.
 */
import { Writable } from "node:stream";
import {
	colorEnabled,
	createColors,
	createProgressBar,
	downsample,
	GENDER_EXAMPLES,
	genderDataset,
	genderFeatures,
	genderLabel,
	renderAsciiLossCurve,
	renderDecisionBoundarySvg,
	renderLossCurveSvg,
	stripAnsi,
} from "@backprop/cli";
import { describe, expect, it } from "vitest";
import { isoline } from "../../packages/cli/src/plots/isoline";
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

describe("renderAsciiLossCurve", () => {
	it("draws `height` lines of chart and an epoch axis, within `width` columns of curve", () => {
		const chart = renderAsciiLossCurve(decay(1000), { height: 8, width: 40 });
		const lines = chart.split("\n");
		expect(lines).toHaveLength(9);
		expect(lines[0]).toMatch(/^0\.3010 ┼/);
		expect(lines[7]).toMatch(/^0\.0010 ┤/);
		expect(lines[8]).toMatch(/^ +epoch 1 +1000$/);
		for (const line of lines) expect(line.length).toBeLessThanOrEqual("0.3010 ┤".length + 40);
		expect(chart).not.toContain("\x1b[");
	});

	it("shows the whole descent on a log scale, with labels in loss units", () => {
		const lines = renderAsciiLossCurve(decay(1000), { height: 5, logScale: true }).split("\n");
		expect(lines[0]).toMatch(/^\s*0\.3 ┼/);
		expect(lines[4]).toMatch(/^\s*0\.001 ┤/);
	});

	it("draws flat and one-epoch curves on one line, and colours only when asked", () => {
		expect(renderAsciiLossCurve([0.5, 0.5, 0.5]).split("\n")[0]).toBe("0.5000 ┼──");
		expect(renderAsciiLossCurve([0.25]).split("\n")).toEqual(["0.2500 ┼─", "        epoch 1"]);
		const coloured = renderAsciiLossCurve([0.5, 0.2], { color: true });
		expect(coloured).toContain("\x1b[36m");
		expect(stripAnsi(coloured)).toBe(renderAsciiLossCurve([0.5, 0.2]));
	});

	it("rejects curves and sizes it cannot draw", () => {
		expect(() => renderAsciiLossCurve([])).toThrow(/empty/);
		expect(() => renderAsciiLossCurve([1, Number.POSITIVE_INFINITY])).toThrow(/epoch 2/);
		expect(() => renderAsciiLossCurve([1, 0], { logScale: true })).toThrow(/log scale/);
		expect(() => renderAsciiLossCurve([1], { height: 0 })).toThrow(/height/);
		expect(() => renderAsciiLossCurve([1], { width: 1 })).toThrow(/width/);
	});

	it("samples evenly, keeping the first and the last value", () => {
		const { values, indices } = downsample([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3);
		expect(indices).toEqual([0, 5, 10]);
		expect(values).toEqual([0, 5, 10]);
		expect(downsample([1, 2], 5).values).toEqual([1, 2]);
	});
});

/** A writable that keeps what it is given and can pretend to be a terminal. */
class Capture extends Writable {
	text = "";
	constructor(readonly isTTY: boolean) {
		super();
	}
	columns = 120;
	override _write(chunk: Buffer, _enc: string, done: () => void): void {
		this.text += chunk.toString();
		done();
	}
}

describe("createProgressBar", () => {
	it("is silent off a terminal, and log() just writes the line", () => {
		const stream = new Capture(false);
		const out = new Capture(false);
		const bar = createProgressBar({ total: 10, stream });
		expect(bar.active).toBe(false);
		bar.update(5, { loss: 0.1 });
		bar.log("Epoch 5", out);
		bar.stop();
		expect(stream.text).toBe("");
		expect(out.text).toBe("Epoch 5\n");
	});

	it("is off when disabled, even on a terminal", () => {
		const stream = new Capture(true);
		const bar = createProgressBar({ total: 10, stream, enabled: false });
		expect(bar.active).toBe(false);
		bar.stop();
		expect(stream.text).toBe("");
	});

	it("draws on a terminal, clears its line for log(), and ends at 100%", () => {
		const stream = new Capture(true);
		const out = new Capture(true);
		const bar = createProgressBar({ total: 4, stream, label: "Fitting", unit: "steps" });
		expect(bar.active).toBe(true);
		bar.update(2, { loss: 0.125 });
		bar.log("halfway", out);
		expect(out.text).toBe("halfway\n");
		expect(stream.text).toContain("\r\x1b[2K");
		bar.update(4, { loss: 0.0625 });
		bar.stop();
		bar.stop(); // a second stop does nothing
		// cli-progress restores the cursor it saved at start when it stops; the bar saves
		// it again on its own line first, so the lines log() wrote are not overwritten.
		expect(stream.text.lastIndexOf("\x1b7")).toBeGreaterThan(stream.text.lastIndexOf("\r\x1b[2K"));
		expect(stream.text.lastIndexOf("\x1b7")).toBeLessThan(stream.text.lastIndexOf("\x1b8"));
		const shown = stripAnsi(stream.text);
		expect(shown).toContain("Fitting");
		expect(shown).toContain("50% | 2/4 steps | loss 0.1250");
		expect(shown).toContain("100% | 4/4 steps | loss 0.0625");
	});

	it("rejects a total it cannot count to", () => {
		expect(() => createProgressBar({ total: -1 })).toThrow(RangeError);
		expect(() => createProgressBar({ total: Number.NaN })).toThrow(RangeError);
	});
});

describe("colours", () => {
	it("follow the terminal, NO_COLOR and FORCE_COLOR", () => {
		expect(colorEnabled({ isTTY: true }, {})).toBe(true);
		expect(colorEnabled({ isTTY: false }, {})).toBe(false);
		expect(colorEnabled({}, {})).toBe(false);
		expect(colorEnabled({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
		expect(colorEnabled({ isTTY: true }, { NO_COLOR: "" })).toBe(true);
		expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
		expect(colorEnabled({ isTTY: true }, { FORCE_COLOR: "0" })).toBe(false);
		expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(false);
	});

	it("are plain text when off and nest when on", () => {
		const off = createColors({ isTTY: false }, false);
		expect(off.bold(off.red("x"))).toBe("x");
		const on = createColors({ isTTY: true }, true);
		expect(on.bold(on.red("x"))).toBe("\x1b[1m\x1b[31mx\x1b[39m\x1b[22m");
		expect(stripAnsi(on.bold(on.red("x")))).toBe("x");
	});
});

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

	it("reads an output above 0.5 as F", () => {
		expect(genderLabel(0.951)).toBe("F");
		expect(genderLabel(0.5)).toBe("M");
		expect(genderLabel(0.039)).toBe("M");
		expect(() => genderLabel(Number.NaN)).toThrow(RangeError);
	});
});
