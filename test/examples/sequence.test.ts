/** The sequence example on small settings: windows are exact, both models train, the report is complete. */
import { describe, expect, it } from "vitest";
import { noisySine, windows } from "../../examples/sequence/data";
import { runSequence } from "../../examples/sequence/run";

describe("sequence example", () => {
	it("cuts a series into windows and next values", () => {
		const w = windows([1, 2, 3, 4, 5], 3);
		// windows [1,2,3] → 4 and [2,3,4] → 5
		expect(w.flat.toArray()).toEqual([
			[1, 2, 3],
			[2, 3, 4],
		]);
		expect(w.sequences.shape).toEqual([2, 3, 1]);
		expect(w.next.toArray()).toEqual([[4], [5]]);
		expect(w.last).toEqual([3, 4]);
		// noise 0: the clean wave
		expect(noisySine(3, 0, 1)).toEqual([0, Math.sin(0.25), Math.sin(0.5)]);
	});

	it("trains the LSTM and the Dense baseline and reports three RMSEs", async () => {
		const lines: string[] = [];
		const r = await runSequence({ epochs: 2, seed: 1, length: 80, window: 8, noise: 0.1 }, (l) => lines.push(l));
		for (const v of [r.naive, r.dense, r.lstm]) expect(Number.isFinite(v) && v > 0).toBe(true);
		const text = lines.join("\n");
		expect(text).toContain("lstm_1 (LSTM)");
		expect(text).toMatch(/repeat the last value\s+\d\.\d{4}/);
		expect(text).toMatch(/LSTM\(16\) \+ Dense\s+\d\.\d{4}/);
	});
});
