/** `backprop inspect` on a model of the new layers: nn's summary rows, output shapes from the saved input shape. */
import { Writable } from "node:stream";
import { run } from "@backprop/cli";
import { BatchNorm, Conv2D, Dense, Flatten, MaxPool2D, predict, Sequential, saveModel } from "@backprop/nn";
import { zeros } from "@backprop/tensor";
import { afterAll, describe, expect, it } from "vitest";
import { removeFolder, tempFolder } from "./helpers";

class Memory extends Writable {
	text = "";
	override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
		this.text += chunk.toString();
		done();
	}
}

describe("inspect a convolutional model", () => {
	let folder = "";
	afterAll(() => removeFolder(folder));

	it("shows each layer with its output shape and parameter count", async () => {
		folder = await tempFolder();
		const model = new Sequential([
			new Conv2D(1, 4, 3, { padding: "same", activation: "relu" }),
			new BatchNorm(4),
			new MaxPool2D(),
			new Flatten(),
			new Dense(64, 10),
		]);
		predict(model, zeros([1, 8, 8, 1])); // the saved input shape comes from the last input
		await saveModel(model, `${folder}/cnn.json`);
		const stdout = new Memory();
		const stderr = new Memory();
		const code = await run(["inspect", "cnn.json"], { stdout, stderr, env: {}, cwd: folder });
		expect(stderr.text).toBe("");
		expect(code).toBe(0);
		const lines = stdout.text.split("\n");
		// conv 3·3·1·4 + 4 = 40; BatchNorm 4 + 4 and 8 running values = 16; dense 64·10 + 10 = 650
		expect(lines).toContain("conv2d_1 (Conv2D)          relu         (None, 8, 8, 4)       40");
		expect(lines).toContain("batch_norm_1 (BatchNorm)   -            (None, 8, 8, 4)       16");
		expect(lines).toContain("max_pool2d_1 (MaxPool2D)   -            (None, 4, 4, 4)        0");
		expect(lines).toContain("dense_1 (Dense)            linear       (None, 10)           650");
		expect(lines).toContain("Total params: 706");
	});
});
