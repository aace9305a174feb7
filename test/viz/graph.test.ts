/** drawGraph: Alice's loss drawn with every value and gradient, without touching the graph or any `.grad`. */
import { variable } from "@backprop/autograd";
import { drawGraph } from "@backprop/viz";
import { describe, expect, it } from "vitest";
import { checkSvg } from "./svg";

/** The tutorial's Alice: x = [-2, -1], every weight 1, every bias 0, y_true = 1, MSE. */
function alice() {
	const w1 = variable(
		[
			[1, 1],
			[1, 1],
		],
		{ requiresGrad: true },
	);
	const w2 = variable([[1], [1]], { requiresGrad: true });
	const x = variable([[-2, -1]]);
	const loss = x.matmul(w1).sigmoid().matmul(w2).sigmoid().sub(1).square().mean();
	return { w1, w2, x, loss };
}

/** The text of every `<text>` element, in order. */
function texts(svg: string): string[] {
	return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => (m[1] as string).replace(/&apos;|&#39;/g, "'"));
}

describe("drawGraph", () => {
	it("draws each op and each value's data and gradient (Alice's dL/dw1 = 0.0215)", () => {
		const { w1, w2, x, loss } = alice();
		const svg = drawGraph(loss, {
			labels: new Map([
				[w1, "W1 (w1..w4)"],
				[w2, "W2 (w5, w6)"],
				[x, "x"],
			]),
			title: "Alice",
		});
		const check = checkSvg(svg);
		// 9 values: x, W1, x·W1, h, W2, h·W2, o, the constant 1, o - 1, (o - 1)², the mean: 11 boxes, 7 ops
		expect(check.counts.rect).toBe(1 + 11);
		expect(check.counts.ellipse).toBe(7);
		const t = texts(svg);
		for (const op of ["matmul", "sigmoid", "sub", "square", "mean"]) expect(t).toContain(op);
		// h1 = h2 = sigmoid(-3) = 0.0474; o1 = sigmoid(0.0949) = 0.5237; loss (1 - o1)² = 0.2269
		expect(t).toContain("data [[0.0474, 0.0474]]");
		expect(t).toContain("data [[0.5237]]");
		expect(t).toContain("data 0.2269");
		// dL/dy_pred = -2(1 - 0.5237) = -0.9526; dL/dw1 = 0.0215 (the tutorial's figures)
		expect(t).toContain("grad [[-0.9526]]");
		const w1Box = t.indexOf("W1 (w1..w4)");
		expect(t.slice(w1Box, w1Box + 3)).toEqual([
			"W1 (w1..w4)",
			"data [[1., 1.], [1., 1.]]",
			"grad [[0.0215, 0.0215], [0.0107, 0.0107]]",
		]);
		// x does not require a gradient: none is shown
		const xBox = t.indexOf("x");
		expect(t[xBox + 2]).toBe("grad –");
	});

	it("leaves every .grad and the graph as they were: backward still runs afterwards", () => {
		const { w1, loss } = alice();
		drawGraph(loss);
		expect(w1.grad).toBeNull();
		loss.backward();
		expect(w1.grad?.get(0, 0)).toBeCloseTo(0.021469535265811107, 15);
	});

	it("a graph released by backward cannot be drawn: the error says when to draw", () => {
		const { loss } = alice();
		loss.backward();
		expect(() => drawGraph(loss)).toThrow(/released by backward\(\); draw it before backward\(\)/);
	});

	it("escapes names as XML text", () => {
		const a = variable([1], { requiresGrad: true });
		a.name = "<a & b>";
		const svg = drawGraph(a.mul(2).sum());
		expect(svg).toContain("&lt;a &amp; b&gt;");
		checkSvg(svg);
	});
});

describe("the gender example draws Alice's graph", () => {
	it("with the tutorial's names and its dL/dw1 = 0.0215", async () => {
		const { aliceGraphSvg } = await import("../../examples/gender/index");
		const t = texts(aliceGraphSvg());
		const w1 = t.indexOf("W1 (w1..w4)");
		expect(t[w1 + 2]).toBe("grad [[0.0215, 0.0215], [0.0107, 0.0107]]");
		expect(t).toContain("loss (1 - o1)²");
	});
});
