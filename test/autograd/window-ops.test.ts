/**
 * Gradients of conv2d, maxPool2d, avgPool2d, pad and of gather as an embedding
 * lookup: exact small cases with the math in a comment, then gradCheck (PyTorch's
 * tolerances) on random shapes and options drawn by fast-check.
 */
import { avgPool2d, conv2d, gather, maxPool2d, pad, type Variable } from "@backprop/autograd";
import { type Padding, sizeOf, type Tensor, tensor } from "@backprop/tensor";
import { tensorArb } from "@backprop/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectGradCheck, gradOf, param, RUNS_SCALE } from "./helpers";

const RUNS = { numRuns: 30 * RUNS_SCALE } as const;

// x = [[1,2,3],[4,5,6],[7,8,9]] as [1,3,3,1]; w = [[1,2],[3,4]] as [2,2,1,1].
const X33 = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const W22 = [1, 2, 3, 4];

function image(values: number[], shape: number[]): Variable {
	return param(tensor(values, { shape }));
}

function plane(t: Tensor): number[][] {
	const [, h, w] = t.shape as [number, number, number, number];
	const d = Array.from(t.dataSync());
	return Array.from({ length: h }, (_, i) => d.slice(i * w, (i + 1) * w));
}

describe("conv2d gradients, exact", () => {
	it("'valid', G = 1: dL/dw[ky,kx] = Σ x[i+ky, j+kx] (1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9), dL/dx = how many times each tap covers it, weighted", () => {
		const x = image(X33, [1, 3, 3, 1]);
		const w = image(W22, [2, 2, 1, 1]);
		conv2d(x, w).sum().backward();
		expect(Array.from(gradOf(w).dataSync())).toEqual([12, 16, 24, 28]);
		// x00 only under w00 = 1; x01 under w01 and w00 = 3; x11 under all four = 10; ...
		expect(plane(gradOf(x))).toEqual([
			[1, 3, 2],
			[4, 10, 6],
			[3, 7, 4],
		]);
	});

	it("'same', strides 2, G = [[1,10],[100,1000]]: each window's G times its taps; padding takes nothing", () => {
		const x = image(X33, [1, 3, 3, 1]);
		const w = image(W22, [2, 2, 1, 1]);
		const g = tensor([1, 10, 100, 1000], { shape: [1, 2, 2, 1] });
		conv2d(x, w, { strides: 2, padding: "same" }).backward(g);
		// windows at (0,0) [x00 x01 x10 x11], (0,2) [x02 . x12 .], (2,0) [x20 x21 . .], (2,2) [x22 . . .]
		// dw00 = 1·1 + 10·3 + 100·7 + 1000·9, dw01 = 1·2 + 100·8, dw10 = 1·4 + 10·6, dw11 = 1·5
		expect(Array.from(gradOf(w).dataSync())).toEqual([9731, 802, 64, 5]);
		expect(plane(gradOf(x))).toEqual([
			[1, 2, 10],
			[3, 4, 30],
			[100, 200, 1000],
		]);
	});
});

describe("pooling and pad gradients, exact", () => {
	const X44 = [1, 5, 2, 0, 3, 4, 8, 7, 0, 2, 6, 1, 9, 1, 3, 5];
	const G = tensor([1, 2, 3, 4], { shape: [1, 2, 2, 1] });

	it("max 2x2: each G goes to its window's maximum (5, 8, 9, 6); the rest get 0", () => {
		const x = image(X44, [1, 4, 4, 1]);
		maxPool2d(x, { poolSize: 2 }).backward(G);
		expect(plane(gradOf(x))).toEqual([
			[0, 1, 0, 0],
			[0, 0, 2, 0],
			[0, 0, 4, 0],
			[3, 0, 0, 0],
		]);
	});

	it("max on a tie: the first maximum in row-major window order takes the gradient", () => {
		const x = image([7, 7, 7, 7], [1, 2, 2, 1]);
		maxPool2d(x, { poolSize: 2 }).backward(tensor([5], { shape: [1, 1, 1, 1] }));
		expect(Array.from(gradOf(x).dataSync())).toEqual([5, 0, 0, 0]);
	});

	it("avg 2x2 'same' on 3x3: windows of 4, 2, 2 and 1 real pixels share G = 1, 2, 3, 4 as 1/4, 2/2, 3/2, 4/1", () => {
		const x = image(X33, [1, 3, 3, 1]);
		avgPool2d(x, { poolSize: 2, padding: "same" }).backward(G);
		expect(plane(gradOf(x))).toEqual([
			[0.25, 0.25, 1],
			[0.25, 0.25, 1],
			[1.5, 1.5, 4],
		]);
	});

	it("pad: the gradient is the interior of G, nothing for the padding", () => {
		const x = param([
			[1, 2],
			[3, 4],
		]);
		const g = tensor([
			[1, 2, 3, 4],
			[5, 6, 7, 8],
			[9, 10, 11, 12],
		]);
		x.pad(
			[
				[1, 0],
				[0, 2],
			],
			-1,
		).backward(g);
		expect(gradOf(x).toArray()).toEqual([
			[5, 6],
			[9, 10],
		]);
	});

	it("gather as an embedding lookup: rows [2, 0, 2] of a [3,2] table; row 2 collects both of its gradients (scatter-add)", () => {
		const table = param([
			[1, 2],
			[3, 4],
			[5, 6],
		]);
		const g = tensor([
			[1, 10],
			[100, 1000],
			[2, 20],
		]);
		gather(table, [2, 0, 2]).backward(g);
		expect(gradOf(table).toArray()).toEqual([
			[100, 1000],
			[0, 0],
			[3, 30],
		]);
	});
});

// ---------------------------------------------------------------------------
// Random configurations

/** A window op's configuration: input shape, window, strides, dilations, padding, channels out. */
interface Config {
	input: number[];
	window: [number, number];
	strides: [number, number];
	dilations: [number, number];
	padding: Padding;
	outChannels: number;
}

const pair = (max: number) => fc.tuple(fc.integer({ min: 1, max }), fc.integer({ min: 1, max }));

/** A configuration whose (dilated) window fits the input under 'valid'. */
function configArb(dilate: boolean, maxChannels = 3): fc.Arbitrary<Config> {
	return fc
		.record({
			batch: fc.integer({ min: 1, max: 2 }),
			channels: fc.integer({ min: 1, max: maxChannels }),
			outChannels: fc.integer({ min: 1, max: 3 }),
			window: pair(3),
			strides: pair(3),
			dilations: dilate ? pair(2) : fc.constant<[number, number]>([1, 1]),
			padding: fc.constantFrom<Padding>("valid", "same"),
			extra: pair(3),
		})
		.map(({ batch, channels, outChannels, window, strides, dilations, padding, extra }) => {
			const span = (i: 0 | 1) => (window[i] - 1) * dilations[i] + 1;
			return {
				input: [batch, span(0) + extra[0] - 1, span(1) + extra[1] - 1, channels],
				window,
				strides,
				dilations,
				padding,
				outChannels,
			};
		});
}

/** Values pairwise at least 0.1 apart (a shuffled grid, jittered): pooling maxima are never near a tie. */
function distinctArb(shape: readonly number[]): fc.Arbitrary<Tensor> {
	const n = sizeOf(shape);
	return fc
		.tuple(
			fc.shuffledSubarray(
				Array.from({ length: n }, (_, i) => i),
				{ minLength: n, maxLength: n },
			),
			fc.array(fc.double({ min: 0, max: 0.02, noNaN: true }), { minLength: n, maxLength: n }),
		)
		.map(([order, jitter]) =>
			tensor(
				order.map((k, i) => 0.1 * k - 0.05 * n + jitter[i]),
				{ shape: [...shape] },
			),
		);
}

describe("gradCheck on random shapes and options", () => {
	it("conv2d: strides 1-3, dilations 1-2, 'valid' and 'same', windows 1x1 to 3x3 (square or not)", () => {
		fc.assert(
			fc.property(
				configArb(true).chain((c) =>
					fc.tuple(fc.constant(c), tensorArb(c.input), tensorArb([...c.window, c.input[3], c.outChannels])),
				),
				([c, x, w]) => {
					const options = { strides: c.strides, dilations: c.dilations, padding: c.padding };
					expectGradCheck((a, b) => conv2d(a, b, options), [x, w]);
				},
			),
			RUNS,
		);
	});

	it("maxPool2d: pool sizes 1-3, strides 1-3, both paddings, on values with no near ties", () => {
		fc.assert(
			fc.property(
				configArb(false, 2).chain((c) => fc.tuple(fc.constant(c), distinctArb(c.input))),
				([c, x]) => {
					const options = { poolSize: c.window, strides: c.strides, padding: c.padding };
					expectGradCheck((a) => maxPool2d(a, options), [x]);
				},
			),
			RUNS,
		);
	});

	it("avgPool2d: pool sizes 1-3, strides 1-3 or the default, both paddings", () => {
		fc.assert(
			fc.property(
				configArb(false).chain((c) => fc.tuple(fc.constant(c), tensorArb(c.input), fc.boolean())),
				([c, x, defaultStrides]) => {
					const options = defaultStrides
						? { poolSize: c.window, padding: c.padding }
						: { poolSize: c.window, strides: c.strides, padding: c.padding };
					expectGradCheck((a) => avgPool2d(a, options), [x]);
				},
			),
			RUNS,
		);
	});

	it("pad: random ranks, amounts and values", () => {
		fc.assert(
			fc.property(
				fc
					.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.nat(2), fc.nat(2)), { minLength: 1, maxLength: 3 })
					.chain((axes) =>
						fc.tuple(
							tensorArb(axes.map(([d]) => d)),
							fc.constant(axes.map(([, b, a]) => [b, a] as [number, number])),
							fc.double({ min: -2, max: 2, noNaN: true }),
						),
					),
				([x, paddings, value]) => {
					expectGradCheck((a) => pad(a, paddings, value).square(), [x]);
				},
			),
			RUNS,
		);
	});
});
