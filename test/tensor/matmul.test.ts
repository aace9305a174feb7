import { type DType, matmul, rand, tensor, zeros } from "@backprop/tensor";
import { broadcastableTo } from "@backprop/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Input, inputArb, RUNS, shapeArb } from "./arbitraries";
import { expectTensor, sumTolerance } from "./check";
import { type Ref, matmul as refMatmul, promote as resultDtype } from "./reference";

/** Matrix sizes: 0 sometimes, 1 often, up to 9 so the kernel's unroll-by-4 remainders occur. */
const sizeArb = fc.oneof(
	{ arbitrary: fc.constant(0), weight: 1 },
	{ arbitrary: fc.constant(1), weight: 2 },
	{ arbitrary: fc.integer({ min: 2, max: 9 }), weight: 7 },
);

interface Case {
	a: Input;
	b: Input;
}

/** Operands for matmul: optional batch dimensions (each side broadcastable to a common batch), optional vectors. */
function caseArb(options: { batch: boolean; vectors: boolean }): fc.Arbitrary<Case> {
	const vec = options.vectors ? fc.boolean() : fc.constant(false);
	const batch = options.batch ? shapeArb(1, 2) : fc.constant([]);
	return fc
		.record({ m: sizeArb, k: sizeArb, n: sizeArb, batch, aVec: vec, bVec: vec })
		.chain(({ m, k, n, batch, aVec, bVec }) =>
			fc.tuple(broadcastableTo(batch), broadcastableTo(batch)).chain(([ba, bb]) =>
				fc.record({
					a: inputArb(aVec ? [k] : [...ba, m, k]),
					b: inputArb(bVec ? [k] : [...bb, k, n]),
				}),
			),
		);
}

function check({ a, b }: Case, asMethod: boolean): void {
	const out = asMethod ? a.t.matmul(b.t) : matmul(a.t, b.t);
	const dtype = resultDtype(a.dtype, b.dtype);
	const expected = refMatmul(a.ref, b.ref);
	expectTensor(out, expected.out, sumTolerance(dtype, expected.scale), dtype);
	// The operands are untouched.
	expectTensor(a.t, a.ref);
	expectTensor(b.t, b.ref);
}

describe("matmul against the reference", () => {
	it("2-D: [m,k] x [k,n] on dense, transposed and sliced operands of both dtypes", () => {
		fc.assert(fc.property(caseArb({ batch: false, vectors: false }), fc.boolean(), check), RUNS);
	});

	it("batched, with leading dimensions that broadcast", () => {
		fc.assert(fc.property(caseArb({ batch: true, vectors: false }), fc.boolean(), check), RUNS);
	});

	it("1-D operands are vectors whose dimension is dropped", () => {
		fc.assert(fc.property(caseArb({ batch: true, vectors: true }), fc.boolean(), check), RUNS);
	});

	it("larger products (the tiled kernel): rows and columns past whole tiles, depth past one block", () => {
		const big = (min: number, max: number) => fc.integer({ min, max });
		const cases = fc
			.record({ m: big(4, 21), k: fc.oneof(big(1, 12), big(120, 200)), n: big(4, 21), batch: fc.boolean() })
			.chain(({ m, k, n, batch }) =>
				fc.record({
					a: inputArb(batch ? [2, m, k] : [m, k]),
					b: inputArb(batch ? [1, k, n] : [k, n]),
				}),
			);
		fc.assert(fc.property(cases, fc.boolean(), check), { numRuns: 20 });
	});

	it.each<DType>(["float64", "float32"])("a big product, dense and through transposed operands (%s)", (dtype) => {
		// m = 6, n = 517: not multiples of any tile; k = 261: several depth blocks and an odd remainder.
		const a = rand([6, 261], { seed: 1, dtype, low: -1, high: 1 });
		const b = rand([261, 517], { seed: 2, dtype, low: -1, high: 1 });
		const ref = (t: typeof a): Ref => ({ shape: [...t.shape], data: Array.from(t.dataSync()) });
		const expected = refMatmul(ref(a), ref(b));
		const tol = sumTolerance(dtype, expected.scale);
		expectTensor(matmul(a, b), expected.out, tol, dtype);
		// (a^T)^T and (b^T)^T: transposes of dense buffers, read in place or copied
		const at = tensor(a.transpose().dataSync(), { shape: [261, 6], dtype }).transpose();
		const bt = tensor(b.transpose().dataSync(), { shape: [517, 261], dtype }).transpose();
		expectTensor(matmul(at, b), expected.out, tol, dtype);
		expectTensor(matmul(a, bt), expected.out, tol, dtype);
		expectTensor(matmul(at, bt), expected.out, tol, dtype);
	});
});

describe("exact matmul cases", () => {
	it("matrix times column", () => {
		// [[1,2],[3,4]] · [[5],[6]] = [[1·5+2·6],[3·5+4·6]] = [[17],[39]]
		expect(
			matmul(
				tensor([
					[1, 2],
					[3, 4],
				]),
				tensor([[5], [6]]),
			).toArray(),
		).toEqual([[17], [39]]);
	});

	it("matrix times matrix, and times its transpose", () => {
		// [[1,2],[3,4]] · [[5,6],[7,8]] = [[1·5+2·7, 1·6+2·8], [3·5+4·7, 3·6+4·8]] = [[19,22],[43,50]]
		const a = tensor([
			[1, 2],
			[3, 4],
		]);
		expect(
			a
				.matmul(
					tensor([
						[5, 6],
						[7, 8],
					]),
				)
				.toArray(),
		).toEqual([
			[19, 22],
			[43, 50],
		]);
		// A = [[1,2,3],[4,5,6]]: A · A^T = [[1+4+9, 4+10+18], [4+10+18, 16+25+36]] = [[14,32],[32,77]]
		const b = tensor([
			[1, 2, 3],
			[4, 5, 6],
		]);
		expect(b.matmul(b.transpose()).toArray()).toEqual([
			[14, 32],
			[32, 77],
		]);
		// A^T · A = [[1+16, 2+20, 3+24], [2+20, 4+25, 6+30], [3+24, 6+30, 9+36]]
		expect(b.transpose().matmul(b).toArray()).toEqual([
			[17, 22, 27],
			[22, 29, 36],
			[27, 36, 45],
		]);
	});

	it("vectors", () => {
		// [1,2,3] · [4,5,6] = 4 + 10 + 18 = 32, a rank-0 result
		const dot = matmul(tensor([1, 2, 3]), tensor([4, 5, 6]));
		expect(dot.shape).toEqual([]);
		expect(dot.toArray()).toBe(32);
		// [[1,2],[3,4]] · [1,1] = [1+2, 3+4] = [3, 7] (shape [2])
		const m = tensor([
			[1, 2],
			[3, 4],
		]);
		expect(matmul(m, tensor([1, 1])).toArray()).toEqual([3, 7]);
		// [1,1] · [[1,2],[3,4]] = [1+3, 2+4] = [4, 6]
		expect(matmul(tensor([1, 1]), m).toArray()).toEqual([4, 6]);
	});

	it("batches broadcast", () => {
		// a batch of two matrices times one matrix: [2,2,2] x [2,1] -> [2,2,1]
		// I · [[1],[2]] = [[1],[2]]; 2I · [[1],[2]] = [[2],[4]]
		const batch = tensor([
			[
				[1, 0],
				[0, 1],
			],
			[
				[2, 0],
				[0, 2],
			],
		]);
		expect(matmul(batch, tensor([[1], [2]])).toArray()).toEqual([
			[[1], [2]],
			[[2], [4]],
		]);
		// [3,1,1,2] x [2,2,1] -> [3,2,1,1]: batch [3,1] with [2] broadcasts to [3,2]
		expect(matmul(zeros([3, 1, 1, 2]), zeros([2, 2, 1])).shape).toEqual([3, 2, 1, 1]);
	});

	it("empty dimensions", () => {
		// k = 0: every entry is an empty sum, 0
		expect(matmul(zeros([2, 0]), zeros([0, 3])).toArray()).toEqual([
			[0, 0, 0],
			[0, 0, 0],
		]);
		// m = 0 or n = 0: no entries
		expect(matmul(zeros([0, 2]), zeros([2, 3])).shape).toEqual([0, 3]);
		expect(matmul(zeros([2, 2]), zeros([2, 0])).shape).toEqual([2, 0]);
	});

	it("float32 with float64 gives float64; float32 with float32 stays float32", () => {
		const a32 = tensor([[1, 2]], { dtype: "float32" });
		expect(matmul(a32, tensor([[0.1], [0.2]])).dtype).toBe("float64");
		// 1·0.1 + 2·0.2 computed on float64 0.1 and 0.2, not their float32 roundings
		expect(matmul(a32, tensor([[0.1], [0.2]])).item()).toBe(1 * 0.1 + 2 * 0.2);
		expect(matmul(a32, tensor([[3], [4]], { dtype: "float32" })).dtype).toBe("float32");
	});
});

describe("non-finite values are data", () => {
	it("0 · NaN and 0 · Infinity are NaN whatever the operands' layout", () => {
		// [[0, 0], [0, 0]] · [[NaN, 1], [Infinity, 1]] = [[0·NaN + 0·Inf, 0·1 + 0·1], ...] = [[NaN, 0], [NaN, 0]]
		const z = zeros([2, 2]);
		const b = tensor([
			[Number.NaN, 1],
			[Infinity, 1],
		]);
		const expected = [
			[Number.NaN, 0],
			[Number.NaN, 0],
		];
		expect(matmul(z, b).toArray()).toEqual(expected);
		// the same zeros as the transpose of a dense matrix, and b as a transposed view
		expect(matmul(zeros([2, 2]).transpose(), b).toArray()).toEqual(expected);
		const bt = tensor([
			[Number.NaN, Infinity],
			[1, 1],
		]).transpose();
		expect(matmul(z, bt).toArray()).toEqual(expected);
	});
});
