/**
 * matmul: C = A·B, dL/dA = G·Bᵀ and dL/dB = Aᵀ·G, summed over broadcast batch
 * dimensions; vectors are matrices whose dimension is dropped again.
 */
import { linear, matmul, type Variable } from "@backprop/autograd";
import { ShapeError, tensor } from "@backprop/tensor";
import { broadcastableTo, type Shape, shapeArb, tensorArb } from "@backprop/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectClose, expectGradCheck, gradOf, OP_RUNS, param } from "./helpers";

type Matrix = number[][];

function mm(a: Matrix, b: Matrix): Matrix {
	return a.map((row) => (b[0] as number[]).map((_, j) => row.reduce((s, v, k) => s + v * (b[k] as number[])[j], 0)));
}
function tr(a: Matrix): Matrix {
	return (a[0] as number[]).map((_, j) => a.map((row) => row[j]));
}

describe("matmul", () => {
	it("C = A·B: dL/dA = G·Bᵀ, dL/dB = Aᵀ·G; A = [[1,2]], B = [[3],[4]] -> A.grad = [[3,4]], B.grad = [[1],[2]]", () => {
		const a = param([[1, 2]]);
		const b = param([[3], [4]]);
		const c = a.matmul(b);
		expect(c.toArray()).toEqual([[11]]);
		c.backward();
		expect(gradOf(a).toArray()).toEqual([[3, 4]]);
		expect(gradOf(b).toArray()).toEqual([[1], [2]]);
	});

	it("[2,3]·[3,2] with a seed G: the formulas, evaluated by hand in the test", () => {
		const A = [
			[1, 2, 3],
			[4, 5, 6],
		];
		const B = [
			[1, -1],
			[2, 0],
			[0, 3],
		];
		const G = [
			[1, 2],
			[3, 4],
		];
		const a = param(A);
		const b = param(B);
		a.matmul(b).backward(G);
		expect(gradOf(a).toArray()).toEqual(mm(G, tr(B)));
		expect(gradOf(b).toArray()).toEqual(mm(tr(A), G));
	});

	it("vector·vector is a dot product of rank 0: d(x·y)/dx = y, d(x·y)/dy = x", () => {
		const x = param([1, 2, 3]);
		const y = param([4, 5, 6]);
		const d = matmul(x, y);
		expect(d.shape).toEqual([]);
		expect(d.item()).toBe(32);
		d.backward();
		expect(gradOf(x).toArray()).toEqual([4, 5, 6]);
		expect(gradOf(y).toArray()).toEqual([1, 2, 3]);
	});

	it("matrix·vector: A [2,3]·v [3] -> [2]; dA = g ⊗ v, dv = Aᵀ g", () => {
		const a = param([
			[1, 2, 3],
			[4, 5, 6],
		]);
		const v = param([1, 0, -1]);
		const y = a.matmul(v);
		expect(y.toArray()).toEqual([-2, -2]);
		y.backward([1, 2]);
		expect(gradOf(a).toArray()).toEqual([
			[1, 0, -1],
			[2, 0, -2],
		]);
		expect(gradOf(v).toArray()).toEqual([9, 12, 15]);
	});

	it("vector·matrix: v [2]·B [2,3] -> [3]; dv = B g, dB = v ⊗ g", () => {
		const v = param([1, 2]);
		const b = param([
			[1, 2, 3],
			[4, 5, 6],
		]);
		v.matmul(b).backward([1, 0, 1]);
		expect(gradOf(v).toArray()).toEqual([4, 10]);
		expect(gradOf(b).toArray()).toEqual([
			[1, 0, 1],
			[2, 0, 2],
		]);
	});

	it("batched with a broadcast right operand: A [2,1,2]·B [2,1] -> [2,1,1]; B.grad sums over the batch", () => {
		const a = param([[[1, 2]], [[3, 4]]]);
		const b = param([[10], [20]]);
		const c = a.matmul(b);
		expect(c.toArray()).toEqual([[[50]], [[110]]]);
		c.backward([[[1]], [[2]]]);
		expect(gradOf(a).toArray()).toEqual([[[10, 20]], [[20, 40]]]);
		// Σ_batch A_bᵀ g_b = [1,2]ᵀ·1 + [3,4]ᵀ·2
		expect(gradOf(b).toArray()).toEqual([[7], [10]]);
	});

	it("a Tensor operand is a constant: only the variable gets a gradient", () => {
		const x = param([[1, 2]]);
		const w = tensor([[3], [4]]);
		x.matmul(w).backward();
		expect(gradOf(x).toArray()).toEqual([[3, 4]]);
	});

	it("passes gradCheck on random matrices, batches that broadcast, and vectors", () => {
		// [...batchA, m, k] · [...batchB, k, n] with batchA and batchB broadcasting; 1-D when asked.
		const arb = fc
			.record({
				m: fc.integer({ min: 1, max: 3 }),
				k: fc.integer({ min: 1, max: 3 }),
				n: fc.integer({ min: 1, max: 3 }),
				batch: shapeArb({ minRank: 0, maxRank: 2 }),
				vecA: fc.boolean(),
				vecB: fc.boolean(),
			})
			.chain(({ m, k, n, batch, vecA, vecB }) =>
				fc.tuple(broadcastableTo(batch), broadcastableTo(batch)).chain(([ba, bb]) => {
					const sa: Shape = vecA ? [k] : [...ba, m, k];
					const sb: Shape = vecB ? [k] : [...bb, k, n];
					return fc.tuple(tensorArb(sa), tensorArb(sb));
				}),
			);
		fc.assert(
			fc.property(arb, ([a, b]) => {
				expectGradCheck((x, y) => x.matmul(y), [a, b]);
			}),
			OP_RUNS,
		);
	});

	it("inner dimensions that differ are a ShapeError naming both shapes; rank 0 is refused", () => {
		const a = param([
			[1, 2, 3],
			[4, 5, 6],
		]);
		expect(() => a.matmul(a)).toThrow(/matmul: \[2,3\] x \[2,3\]: inner dimensions 3 and 2 differ/);
		expect(() => a.matmul(a)).toThrow(expect.objectContaining({ name: "ShapeError" }));
		expect(() => a.matmul(2)).toThrow(expect.objectContaining({ name: "ShapeError" }));
	});
});

describe("linear (x·W + b as one op)", () => {
	it("z = x·W + b: dL/dx = G·Wᵀ, dL/dW = xᵀ·G, dL/db = Σ_rows G; evaluated by hand in the test", () => {
		const X = [
			[1, 2],
			[3, 4],
		];
		const W = [
			[1, 0, -1],
			[2, 1, 0],
		];
		const G = [
			[1, 2, 3],
			[4, 5, 6],
		];
		const x = param(X);
		const w = param(W);
		const b = param([10, 20, 30]);
		const z = linear(x, w, b);
		expect(z.node?.op).toBe("linear");
		expect(z.toArray()).toEqual([
			[15, 22, 29],
			[21, 24, 27],
		]);
		z.backward(G);
		expect(gradOf(x).toArray()).toEqual(mm(G, tr(W)));
		expect(gradOf(w).toArray()).toEqual(mm(tr(X), G));
		expect(gradOf(b).toArray()).toEqual([5, 7, 9]);
	});

	it("one sample [inputs] gives [units]; without a bias only x and W get gradients", () => {
		const x = param([1, 2]);
		const w = param([
			[3, 4],
			[5, 6],
		]);
		const z = linear(x, w);
		expect(z.toArray()).toEqual([13, 16]);
		z.backward([1, 1]);
		expect(gradOf(x).toArray()).toEqual([7, 11]);
		expect(gradOf(w).toArray()).toEqual([
			[1, 1],
			[2, 2],
		]);
	});

	it("agrees with x.matmul(W).add(b) on values and gradients, and passes gradCheck, for random shapes", () => {
		const arb = fc
			.record({
				lead: shapeArb({ minRank: 0, maxRank: 2 }),
				k: fc.integer({ min: 1, max: 3 }),
				n: fc.integer({ min: 1, max: 3 }),
				bias: fc.boolean(),
			})
			.chain(({ lead, k, n, bias }) =>
				fc.tuple(tensorArb([...lead, k]), tensorArb([k, n]), bias ? tensorArb([n]) : fc.constant(null)),
			);
		fc.assert(
			fc.property(arb, ([x, w, b]) => {
				const inputs = b ? [x, w, b] : [x, w];
				expectGradCheck((xv, wv, bv) => (bv ? linear(xv, wv, bv) : linear(xv, wv)), inputs);
				const fused = inputs.map((t) => param(t));
				const plain = inputs.map((t) => param(t));
				const [fx, fw, fb] = fused;
				const [px, pw, pb] = plain;
				const zf = fb ? linear(fx as Variable, fw as Variable, fb) : linear(fx as Variable, fw as Variable);
				const zp = pb ? (px as Variable).matmul(pw as Variable).add(pb) : (px as Variable).matmul(pw as Variable);
				expectClose(zf.value, zp.value);
				zf.square().sum().backward();
				zp.square().sum().backward();
				fused.forEach((v, i) => {
					expectClose(gradOf(v), gradOf(plain[i] as Variable));
				});
			}),
			OP_RUNS,
		);
	});

	it("shapes that do not fit are a ShapeError naming them", () => {
		const x = param([[1, 2, 3]]);
		expect(() => linear(x, param([[1, 2]]))).toThrow(/linear: input \[1,3\] and weight \[1,2\] do not fit/);
		expect(() => linear(param([1, 2]), param([[1], [2]]), param([1, 2]))).toThrow(ShapeError);
		expect(() => linear(param(1), param([[1]]))).toThrow(ShapeError);
	});
});
