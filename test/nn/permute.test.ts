/**
 * Permute (Keras's): the sample axes in another order, the gradient through the
 * op table's transpose, the summary row, save and load, and its errors.
 */
import { variable } from "@backprop/autograd";
import { Dense, modelFromJSON, modelToJSON, Permute, predict, Sequential } from "@backprop/nn";
import { Rng, ShapeError, tensor } from "@backprop/tensor";
import { describe, expect, it } from "vitest";
import { thrown } from "./helpers";

// x[b, c, h, w] = 1000b + 100c + 10h + w: each value says where it came from
const nchw = tensor(
	[0, 1].map((b) => [0, 1].map((c) => [0, 1, 2].map((h) => [0, 1].map((w) => 1000 * b + 100 * c + 10 * h + w)))),
);

describe("Permute", () => {
	it("[2, 3, 1] turns [batch, c, h, w] into [batch, h, w, c]: out[b, h, w, c] = x[b, c, h, w]", () => {
		const out = new Permute([2, 3, 1]).forward(variable(nchw));
		expect(out.shape).toEqual([2, 3, 2, 2]);
		expect(out.value.get(1, 2, 1, 0)).toBe(1000 + 0 + 20 + 1);
		expect(out.value.get(0, 1, 0, 1)).toBe(100 + 10);
		expect(out.value.toArray()).toEqual(nchw.transpose([0, 2, 3, 1]).toArray());
	});

	it("passes the gradient back through the transpose: d sum(out ⊙ g) / dx = transpose(g) back", () => {
		const x = variable(
			tensor([
				[
					[1, 2, 3],
					[4, 5, 6],
				],
			]),
			{ requiresGrad: true },
		);
		const out = new Permute([2, 1]).forward(x);
		// out is [1, 3, 2]; weighting it by g[b, i, j] = 10i + j gives dx[b, j, i] = 10i + j
		const g = tensor([
			[
				[0, 1],
				[10, 11],
				[20, 21],
			],
		]);
		out.mul(g).sum().backward();
		expect(x.grad?.toArray()).toEqual([
			[
				[0, 10, 20],
				[1, 11, 21],
			],
		]);
	});

	it("shows in the summary, saves and loads with identical predictions", () => {
		const model = new Sequential([new Permute([2, 1]), new Dense(3, 1, { rng: new Rng(3) })]);
		const summary = model.summary([3, 2]);
		expect(summary).toMatch(/permute_1 \(Permute\)\s+\(None, 2, 3\)\s+0\ndense_1 \(Dense\)\s+\(None, 2, 1\)\s+4/);
		const doc = JSON.parse(JSON.stringify(modelToJSON(model)));
		expect(doc.layers[0]).toMatchObject({ type: "permute", config: { dims: [2, 1] } });
		const back = modelFromJSON(doc);
		expect(back.layers[0]).toBeInstanceOf(Permute);
		const x = tensor([
			[
				[1, 2],
				[3, 4],
				[5, 6],
			],
		]);
		// predict = Dense over the rows of xᵀ: [1, 2, 1]
		expect(predict(back, x).shape).toEqual([1, 2, 1]);
		expect(predict(back, x).toArray()).toEqual(predict(model, x).toArray());
	});

	it("refuses dims that are not a permutation of 1..n, and inputs of another rank, naming the layer", () => {
		expect(() => new Permute([0, 1])).toThrow("Permute: dims must be a permutation of 1..2, got [0,1]");
		expect(() => new Permute([1, 1])).toThrow("Permute: dims must be a permutation of 1..2, got [1,1]");
		expect(() => new Permute([])).toThrow("Permute: dims must be a permutation of 1..n, got []");
		const e = thrown(() => new Permute([2, 3, 1]).forward(variable(tensor([[1, 2]]))));
		expect(e).toBeInstanceOf(ShapeError);
		expect(e.message).toBe("Permute 'permute': expected input [batch, d1, d2, d3], got [1, 2]");
	});

	it("a saved file with dims that are not a permutation is refused by field", () => {
		const doc = JSON.parse(JSON.stringify(modelToJSON(new Sequential([new Permute([2, 1])]))));
		doc.layers[0].config.dims = [2, 2];
		expect(thrown(() => modelFromJSON(doc)).message).toMatch(/dims.*expected a permutation of 1\.\.2, got \[2,2\]/);
	});
});
