/** The terminal output of @backprop/viz: the loss curve in text, the progress bar, and colours. */
import { Writable } from "node:stream";
import { colorEnabled, createColors, downsample, renderAsciiLossCurve, stripAnsi } from "@backprop/viz";
import { createProgressBar } from "@backprop/viz/node";
import { describe, expect, it } from "vitest";

const decay = (n: number) => Array.from({ length: n }, (_, i) => 0.3 * Math.exp(-i / (n / 10)) + 0.001);

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
