/**
 * The layers beyond Dense, each on a small case whose math is stated in a
 * comment: Dropout's scaling, BatchNorm in training and evaluation mode,
 * LayerNorm, Embedding's lookup and scatter-add gradient, LSTM against
 * PyTorch's gate equations by hand, convolution and pooling; and their errors.
 */
import { type Variable, variable } from "@backprop/autograd";
import {
	Activation,
	AvgPool2D,
	BatchNorm,
	Conv2D,
	Dense,
	Dropout,
	Embedding,
	Flatten,
	GlobalAvgPool2D,
	LayerNorm,
	LSTM,
	MaxPool2D,
	predict,
	Reshape,
	Sequential,
	fit as train,
} from "@backprop/nn";
import { Rng, rand, ShapeError, tensor, zeros } from "@backprop/tensor";
import { describe, expect, it } from "vitest";
import { expectClose, gradOf, rejected, snapshot, thrown } from "./helpers";

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe("Dropout", () => {
	it("keeps a value where the layer's uniform draw is below 1 - rate and scales it by 1 / (1 - rate)", () => {
		// rate 0.25: kept values become x / 0.75; the draws come from Rng(5), one per element in order
		const x = tensor([
			[1, 2, 3, 4],
			[5, 6, 7, 8],
		]);
		const out = new Dropout(0.25, { seed: 5 }).forward(variable(x));
		const draws = Array.from(rand([2, 4], { rng: new Rng(5) }).dataSync());
		const want = Array.from(x.dataSync(), (v, i) => (draws[i] < 0.75 ? v * (1 / 0.75) : 0));
		expect(Array.from(out.value.dataSync())).toEqual(want);
		// some kept, some dropped with this seed
		expect(want.some((v) => v === 0)).toBe(true);
		expect(want.some((v) => v !== 0)).toBe(true);
	});

	it("the gradient is the same mask and scale", () => {
		const x = variable(tensor([1, 1, 1, 1, 1, 1]), { requiresGrad: true });
		const out = new Dropout(0.5, { seed: 2 }).forward(x);
		out.sum().backward();
		// d(x·m/0.5)/dx = m/0.5: 2 where kept, 0 where dropped, as the output for x = 1
		expect(Array.from(gradOf(x).dataSync())).toEqual(Array.from(out.value.dataSync()));
		expect(new Set(gradOf(x).dataSync())).toEqual(new Set([0, 2]));
	});

	it("is the identity in evaluation mode, and a rate of 0 always", () => {
		const x = variable(tensor([1, 2, 3]));
		expect(new Dropout(0.9).eval().forward(x)).toBe(x);
		expect(new Dropout(0).forward(x)).toBe(x);
	});

	it("refuses rates outside [0, 1)", () => {
		for (const rate of [1, -0.1, 1.5, Number.NaN]) {
			expect(thrown(() => new Dropout(rate)).message).toBe(`Dropout: rate must be in [0, 1), got ${rate}`);
		}
	});

	it("predict runs in evaluation mode (no dropping) and leaves the mode as found", () => {
		const model = new Sequential([
			new Dense(2, 2, {
				weights: [
					[1, 0],
					[0, 1],
				],
			}),
			new Dropout(0.5),
		]);
		expect(model.training).toBe(true);
		const x = [[3, 4]];
		expect(predict(model, x).toArray()).toEqual([[3, 4]]);
		expect(model.training).toBe(true);
		expect((model.layers[1] as Dropout).training).toBe(true);
		model.eval();
		predict(model, x);
		expect((model.layers[1] as Dropout).training).toBe(false);
	});
});

describe("BatchNorm over the last axis", () => {
	// x = [[1, 2], [3, 6]]: batch mean [2, 4], biased variance [1, 4], unbiased [2, 8]
	const x = () =>
		tensor([
			[1, 2],
			[3, 6],
		]);

	it("training mode normalizes with the batch statistics and moves the running ones by momentum", () => {
		const bn = new BatchNorm(2);
		const y = bn.forward(variable(x()));
		// (x - mean) / √(var + 1e-5): column 0 ∓1/√(1 + 1e-5), column 1 ∓2/√(4 + 1e-5)
		const a = 1 / Math.sqrt(1 + 1e-5);
		const b = 2 / Math.sqrt(4 + 1e-5);
		expectClose(y.value, [
			[-a, -b],
			[a, b],
		]);
		// running = 0.9 · running + 0.1 · batch: mean 0.1·[2, 4]; variance 0.9·1 + 0.1·[2, 8] (unbiased)
		expectClose(bn.runningMean.value, [0.2, 0.4]);
		expectClose(bn.runningVar.value, [1.1, 1.7]);
	});

	it("evaluation mode uses the running statistics and leaves them alone", () => {
		const bn = new BatchNorm(2, { momentum: 0.5, eps: 1e-3 });
		bn.forward(variable(x()));
		// momentum 0.5: running mean [1, 2], running variance 0.5 + 0.5·[2, 8] = [1.5, 4.5]
		expectClose(bn.runningMean.value, [1, 2]);
		expectClose(bn.runningVar.value, [1.5, 4.5]);
		bn.eval();
		const y = bn.forward(variable(tensor([[2, 2]])));
		// (2 - 1)/√(1.5 + 1e-3), (2 - 2)/√(4.5 + 1e-3)
		expectClose(y.value, [[1 / Math.sqrt(1.501), 0]]);
		expectClose(bn.runningMean.value, [1, 2]);
	});

	it("its weight and bias scale and shift, and the running statistics are buffers, not parameters", () => {
		const bn = new BatchNorm(2);
		bn.weight.value = tensor([2, 3]);
		bn.bias.value = tensor([10, 20]);
		const y = bn.forward(variable(x()));
		const a = 1 / Math.sqrt(1 + 1e-5);
		const b = 2 / Math.sqrt(4 + 1e-5);
		expectClose(y.value, [
			[10 - 2 * a, 20 - 3 * b],
			[10 + 2 * a, 20 + 3 * b],
		]);
		expect(bn.namedParameters().map(([n]) => n)).toEqual(["weight", "bias"]);
		expect(bn.namedBuffers().map(([n]) => n)).toEqual(["runningMean", "runningVar"]);
	});

	it("normalizes NHWC images per channel (every axis but the last)", () => {
		// one channel holding 1, 2, 3, 4 over a 2x2 image: mean 2.5, variance 1.25
		const y = new BatchNorm(1).forward(variable(tensor([1, 2, 3, 4], { shape: [1, 2, 2, 1] })));
		const s = Math.sqrt(1.25 + 1e-5);
		expectClose(y.value.reshape([4]), [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s]);
	});

	it("errors name the layer", () => {
		expect(thrown(() => new BatchNorm(3).forward(variable(x()))).message).toBe(
			"BatchNorm 'batch_norm': expected input [batch, ..., 3], got [2, 2]",
		);
		expect(thrown(() => new BatchNorm(2).forward(variable(tensor([[1, 2]])))).message).toMatch(
			/^BatchNorm 'batch_norm': training needs more than one value per feature/,
		);
		expect(() => new BatchNorm(2, { momentum: 2 })).toThrow("BatchNorm: momentum must be in [0, 1], got 2");
	});
});

describe("LayerNorm", () => {
	it("normalizes each sample over its last axis", () => {
		// [1, 2, 3]: mean 2, biased variance 2/3; [10, 10, 10]: variance 0, so 0 everywhere
		const y = new LayerNorm(3).forward(
			variable(
				tensor([
					[1, 2, 3],
					[10, 10, 10],
				]),
			),
		);
		const s = Math.sqrt(2 / 3 + 1e-5);
		expectClose(y.value, [
			[-1 / s, 0, 1 / s],
			[0, 0, 0],
		]);
	});

	it("is the same in evaluation mode, and names itself in errors", () => {
		const ln = new LayerNorm(2, { eps: 0.5 });
		const x = variable(tensor([[0, 2]]));
		// mean 1, variance 1: (x - 1)/√1.5
		const want = [[-1 / Math.sqrt(1.5), 1 / Math.sqrt(1.5)]];
		expectClose(ln.forward(x).value, want);
		expectClose(ln.eval().forward(x).value, want);
		expect(thrown(() => ln.forward(variable(tensor([[1, 2, 3]])))).message).toBe(
			"LayerNorm 'layer_norm': expected input [batch, ..., 2], got [1, 3]",
		);
	});
});

describe("Embedding", () => {
	it("looks rows up and adds the gradient of every use of a row (scatter-add)", () => {
		const emb = new Embedding(3, 2);
		emb.weight.value = tensor([
			[0, 1],
			[10, 11],
			[20, 21],
		]);
		const out = emb.forward(
			variable(
				tensor([
					[0, 2],
					[2, 2],
				]),
			),
		);
		expect(out.shape).toEqual([2, 2, 2]);
		expect(out.toArray()).toEqual([
			[
				[0, 1],
				[20, 21],
			],
			[
				[20, 21],
				[20, 21],
			],
		]);
		out.sum().backward();
		// row 0 used once, row 1 never, row 2 three times
		expect(gradOf(emb.weight).toArray()).toEqual([
			[1, 1],
			[0, 0],
			[3, 3],
		]);
	});

	it("refuses an index that is not an integer or is out of range, naming the batch row and position", () => {
		const emb = new Embedding(4, 2);
		expect(
			thrown(() =>
				emb.forward(
					variable(
						tensor([
							[0, 1],
							[2, 4],
						]),
					),
				),
			).message,
		).toBe("Embedding 'embedding': index 4 at batch row 1, position 1 is outside [0, 4)");
		expect(thrown(() => emb.forward(variable(tensor([[0, 1.5]])))).message).toBe(
			"Embedding 'embedding': index 1.5 at batch row 0, position 1 is not an integer",
		);
		expect(thrown(() => emb.forward(variable(tensor([-1])))).message).toBe(
			"Embedding 'embedding': index -1 at batch row 0 is outside [0, 4)",
		);
	});

	it("fit names the dataset row of a bad index before any weight changes", async () => {
		const model = new Sequential([new Embedding(5, 2), new Flatten(), new Dense(4, 1)]);
		const x = Array.from({ length: 40 }, (_, i) => [i % 5, (i * 3) % 5]);
		(x[33] as number[])[1] = 7;
		const y = x.map(() => [1]);
		const before = snapshot(model);
		const e = await rejected(train(model, x, y, { epochs: 2, batchSize: 4 }));
		expect(e.message).toBe("fit: Embedding 'embedding_1': index 7 at dataset row 33, position 1 is outside [0, 5)");
		expect(snapshot(model)).toEqual(before);
	});
});

describe("LSTM", () => {
	// One input, one unit; weights per gate in PyTorch's order i, f, g, o.
	const wi = [0.5, -0.3, 0.8, 0.1];
	const wh = [0.2, 0.4, -0.6, 0.7];
	const b = [0.1, 0.2, -0.1, 0.3];

	function lstm(returnSequences: boolean): LSTM {
		const layer = new LSTM(1, 1, { returnSequences });
		layer.weightIh.value = tensor([wi]);
		layer.weightHh.value = tensor([wh]);
		layer.bias.value = tensor(b);
		return layer;
	}

	// By hand: z = wi·x + wh·h + b per gate; i, f, o = σ(z), g = tanh(z); c = f·c + i·g; h = o·tanh(c).
	function byHand(xs: number[]): number[] {
		let h = 0;
		let c = 0;
		const hs: number[] = [];
		for (const x of xs) {
			const z = [0, 1, 2, 3].map((k) => wi[k] * x + wh[k] * h + b[k]);
			const [i, f, g, o] = [sigmoid(z[0]), sigmoid(z[1]), Math.tanh(z[2]), sigmoid(z[3])];
			c = f * c + i * g;
			h = o * Math.tanh(c);
			hs.push(h);
		}
		return hs;
	}

	it("one step follows PyTorch's gate equations", () => {
		// h0 = c0 = 0: c1 = σ(0.5·2 + 0.1)·tanh(0.8·2 - 0.1), h1 = σ(0.1·2 + 0.3)·tanh(c1)
		const c1 = sigmoid(1.1) * Math.tanh(1.5);
		const h1 = sigmoid(0.5) * Math.tanh(c1);
		expect(byHand([2])[0]).toBe(h1);
		expectClose(lstm(false).forward(variable(tensor([[[2]]]))).value, [[h1]]);
	});

	it("three steps, last state or every state", () => {
		const xs = [1, -0.5, 2];
		const hs = byHand(xs);
		const x = variable(tensor([xs.map((v) => [v])]));
		expectClose(lstm(false).forward(x).value, [[hs[2]]]);
		expectClose(lstm(true).forward(x).value, [hs.map((h) => [h])]);
	});

	it("refuses an input that is not [batch, time, inputs]", () => {
		expect(thrown(() => new LSTM(3, 2).forward(variable(tensor([[1, 2, 3]])))).message).toBe(
			"LSTM 'lstm': expected input [batch, time, 3], got [1, 3]",
		);
		expect(thrown(() => new LSTM(3, 2).forward(variable(zeros([2, 4, 2])))).message).toBe(
			"LSTM 'lstm': expected input [batch, time, 3], got [2, 4, 2]",
		);
	});
});

describe("convolution and pooling layers", () => {
	// x: one 3x3 image holding 1..9, one channel
	const image = () => tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], { shape: [1, 3, 3, 1] });

	it("Conv2D: a 2x2 filter of ones sums each window, plus the bias, then the activation", () => {
		const conv = new Conv2D(1, 1, 2, { activation: "relu" });
		conv.weight.value = tensor([1, 1, 1, 1], { shape: [2, 2, 1, 1] });
		(conv.bias as Variable).value = tensor([-13]);
		// windows: 1+2+4+5 = 12, 2+3+5+6 = 16, 4+5+7+8 = 24, 5+6+8+9 = 28; minus 13, relu: 0, 3, 11, 15
		expect(conv.forward(variable(image())).value.reshape([4]).toArray()).toEqual([0, 3, 11, 15]);
		expect(conv.weight.shape).toEqual([2, 2, 1, 1]);
	});

	it("Conv2D with 'same' padding keeps the size; strides halve it", () => {
		const same = new Conv2D(1, 4, 3, { padding: "same" }).forward(variable(image()));
		expect(same.shape).toEqual([1, 3, 3, 4]);
		const strided = new Conv2D(1, 2, [1, 2], { strides: 2 }).forward(variable(image()));
		// valid, kernel 1x2, stride 2: rows 0 and 2, one column window
		expect(strided.shape).toEqual([1, 2, 1, 2]);
	});

	it("MaxPool2D, AvgPool2D and GlobalAvgPool2D", () => {
		const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], { shape: [1, 4, 4, 1] });
		// 2x2 windows: max 6, 8, 14, 16; mean (1+2+5+6)/4 = 3.5, 5.5, 11.5, 13.5; global mean 8.5
		expect(new MaxPool2D().forward(variable(x)).value.reshape([4]).toArray()).toEqual([6, 8, 14, 16]);
		expect(new AvgPool2D({ poolSize: 2 }).forward(variable(x)).value.reshape([4]).toArray()).toEqual([
			3.5, 5.5, 11.5, 13.5,
		]);
		expect(new GlobalAvgPool2D().forward(variable(x)).toArray()).toEqual([[8.5]]);
		expect(new MaxPool2D({ poolSize: 3, strides: 1 }).forward(variable(x)).shape).toEqual([1, 2, 2, 1]);
	});

	it("a shape mistake names the layer at the first forward", () => {
		const model = new Sequential([new Conv2D(3, 8, 3), new Flatten(), new Dense(8, 1)]);
		const e = thrown(() => model.forward(variable(zeros([32, 28, 28]))));
		expect(e).toBeInstanceOf(ShapeError);
		expect(e.message).toBe("Conv2D 'conv2d_1': expected input [batch, h, w, 3], got [32, 28, 28]");
		expect(thrown(() => model.forward(variable(zeros([2, 8, 8, 1])))).message).toBe(
			"Conv2D 'conv2d_1': expected input [batch, h, w, 3], got [2, 8, 8, 1]",
		);
		expect(thrown(() => new Conv2D(1, 1, 5).forward(variable(image()))).message).toBe(
			"Conv2D 'conv2d': the kernel 5x5 is larger than the input [1, 3, 3, 1] (3x3) with 'valid' padding",
		);
		expect(thrown(() => new MaxPool2D({ poolSize: 4 }).forward(variable(image()))).message).toBe(
			"MaxPool2D 'max_pool2d': the pool window 4x4 is larger than the input [1, 3, 3, 1] (3x3) with 'valid' padding",
		);
		expect(thrown(() => new GlobalAvgPool2D().forward(variable(zeros([2, 3])))).message).toBe(
			"GlobalAvgPool2D 'global_avg_pool2d': expected input [batch, h, w, channels], got [2, 3]",
		);
	});

	it("bad options are RangeErrors naming the layer", () => {
		expect(() => new Conv2D(1, 1, 0)).toThrow(
			"Conv2D: kernelSize must be a positive integer or a pair [h, w] of them, got 0",
		);
		expect(() => new Conv2D(1, 1, 3, { padding: "full" as "same" })).toThrow(
			"Conv2D: padding must be 'valid' or 'same', got \"full\"",
		);
		expect(() => new MaxPool2D({ strides: [1, 0] })).toThrow(/^MaxPool2D: strides must be/);
	});
});

describe("Flatten, Reshape, Activation", () => {
	it("reshape per sample, keeping the batch dimension", () => {
		const x = variable(zeros([2, 3, 4]));
		expect(new Flatten().forward(x).shape).toEqual([2, 12]);
		expect(new Reshape([4, 3]).forward(x).shape).toEqual([2, 4, 3]);
		expect(thrown(() => new Reshape([5]).forward(x)).message).toBe(
			"Reshape 'reshape': expected input [batch, ...] with 5 values per sample (to make [batch, 5]), got [2, 3, 4]",
		);
		expect(thrown(() => new Flatten().forward(variable(tensor([1, 2])))).message).toBe(
			"Flatten 'flatten': expected input [batch, ...], got [2]",
		);
	});

	it("Activation applies a registered activation", () => {
		expect(new Activation("relu").forward(variable(tensor([-1, 2]))).toArray()).toEqual([0, 2]);
		expect(() => new Activation("nope")).toThrow(/unknown activation "nope"/);
	});
});
