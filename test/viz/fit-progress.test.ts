/** fitProgressBar: a progress bar over fit's epochs on a terminal, nothing elsewhere. */
import { Writable } from "node:stream";
import { sequential, fit as train } from "@backprop/nn";
import { fitProgressBar } from "@backprop/viz/node";
import { describe, expect, it } from "vitest";

class Terminal extends Writable {
	text = "";
	constructor(readonly isTTY: boolean) {
		super();
	}
	override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
		this.text += chunk.toString();
		done();
	}
}

const X = [
	[0, 0],
	[0, 1],
	[1, 0],
	[1, 1],
];
const Y = [0, 1, 1, 0];

describe("fitProgressBar", () => {
	it("on a terminal: counts the epochs and shows the last epoch's loss", async () => {
		const stream = new Terminal(true);
		const history = await train(sequential([2, 1], { seed: 1 }), X, Y, {
			epochs: 3,
			callbacks: fitProgressBar({ stream }),
		});
		expect(stream.text).toContain("3/3 epochs");
		expect(stream.text).toContain(`loss ${(history.loss[2]).toFixed(4)}`);
		expect(stream.text).toContain("Training");
	});

	it("off a terminal (a pipe, CI): prints nothing", async () => {
		const stream = new Terminal(false);
		await train(sequential([2, 1], { seed: 1 }), X, Y, { epochs: 2, callbacks: fitProgressBar({ stream }) });
		expect(stream.text).toBe("");
	});
});
