/**
 * The reverse-mode engine: deep graphs, accumulation, diamonds, noGrad, detach,
 * graph release and retainGraph, seeds, retainGrad, float32.
 */
import { isGradEnabled, noGrad, sub, type Variable, variable, zeroGrad } from "@backprop/autograd";
import { ShapeError, tensor } from "@backprop/tensor";
import { describe, expect, it } from "vitest";
import { expectClose, gradOf, param } from "./helpers";

describe("deep graphs", () => {
	it("a chain of 100 000 ops runs backward without overflowing the stack, with the right gradient", () => {
		// y = ((x·c) - d)·c - d ... 50 000 times each: dy/dx = c^50000
		const c = 1.00002;
		const x = param(0.5);
		let y: Variable = x;
		for (let i = 0; i < 100_000; i++) y = i % 2 === 0 ? y.mul(c) : y.sub(0.00001);
		y.backward();
		const expected = c ** 50_000;
		expect(Math.abs(gradOf(x).item() - expected) / expected).toBeLessThan(1e-9);
	});

	it("a chain of 30 000 ops that all reuse the input: y = (((x + x) + x) + ...) -> dy/dx = 30 001", () => {
		const x = param([1, 2]);
		let y: Variable = x;
		for (let i = 0; i < 30_000; i++) y = y.add(x);
		y.sum().backward();
		expect(gradOf(x).toArray()).toEqual([30_001, 30_001]);
	});
});

describe("accumulation and zeroGrad", () => {
	it("gradients add up across two backward calls (as in PyTorch), and zeroGrad resets them", () => {
		// d Σx²/dx = 2x = [2,4]; twice -> [4,8]
		const x = param([1, 2]);
		x.square().sum().backward();
		expect(gradOf(x).toArray()).toEqual([2, 4]);
		x.square().sum().backward();
		expect(gradOf(x).toArray()).toEqual([4, 8]);
		zeroGrad([x]);
		expect(x.grad).toBeNull();
		x.mul(3).sum().backward();
		expect(gradOf(x).toArray()).toEqual([3, 3]);
	});

	it("zeroGrad takes any iterable and resets every variable in it", () => {
		const a = param([1]);
		const b = param([2]);
		a.mul(b).sum().backward();
		expect(gradOf(a).toArray()).toEqual([2]);
		expect(gradOf(b).toArray()).toEqual([1]);
		zeroGrad(new Set([a, b]));
		expect(a.grad).toBeNull();
		expect(b.grad).toBeNull();
	});

	it("with retainGraph, the same graph can run backward twice and the gradients add", () => {
		const x = param([1, 2]);
		const y = x.square().sum();
		y.backward(undefined, { retainGraph: true });
		y.backward();
		expect(gradOf(x).toArray()).toEqual([4, 8]);
	});
});

describe("diamonds: a variable used on several paths gets the sum", () => {
	it("x·2 + x·3 -> 5", () => {
		const x = param([1, 2]);
		x.mul(2).add(x.mul(3)).sum().backward();
		expect(gradOf(x).toArray()).toEqual([5, 5]);
	});

	it("x used twice in one op: d(x·x)/dx = 2x", () => {
		const x = param([3, -1]);
		x.mul(x).sum().backward();
		expect(gradOf(x).toArray()).toEqual([6, -2]);
	});

	it("a shared intermediate: y = e^x, z = y·y + y -> dz/dx = (2y + 1)·y", () => {
		const x = param([0, 1]);
		const y = x.exp();
		y.mul(y).add(y).sum().backward();
		const e = Math.exp(1);
		expectClose(gradOf(x), [3, (2 * e + 1) * e], 1e-15);
	});

	it("a ladder of diamonds: each level doubles the paths, 20 levels -> 2^20", () => {
		// y_{k+1} = y_k + y_k, so dy_20/dx = 2^20 over 2^20 paths, visited once each node
		const x = param(1);
		let y: Variable = x;
		for (let i = 0; i < 20; i++) y = y.add(y);
		y.backward();
		expect(gradOf(x).item()).toBe(2 ** 20);
	});
});

describe("noGrad", () => {
	it("records nothing: results have requiresGrad false, no node, and backward throws", () => {
		const x = param([1, 2]);
		const y = noGrad(() => x.mul(2).add(1).sum());
		expect(y.requiresGrad).toBe(false);
		expect(y.node).toBeNull();
		expect(y.item()).toBe(8);
		expect(() => y.backward()).toThrow(/does not require a gradient/);
		expect(x.grad).toBeNull();
	});

	it("returns fn's value, reports its mode, and restores recording afterwards, even when fn throws", () => {
		expect(isGradEnabled()).toBe(true);
		expect(noGrad(() => isGradEnabled())).toBe(false);
		expect(isGradEnabled()).toBe(true);
		expect(() =>
			noGrad(() => {
				throw new Error("boom");
			}),
		).toThrow("boom");
		expect(isGradEnabled()).toBe(true);
		// nested: the inner call restores the outer mode
		noGrad(() => {
			noGrad(() => undefined);
			expect(isGradEnabled()).toBe(false);
		});
		const x = param([1]);
		expect(x.mul(2).requiresGrad).toBe(true);
	});
});

describe("detach", () => {
	it("cuts the graph: no gradient flows through the detached value", () => {
		// L = Σ detach(2x)·x: dL/dx = 2x (the detached factor is a constant), not 4x
		const x = param([1, 2]);
		const d = x.mul(2).detach();
		expect(d.requiresGrad).toBe(false);
		expect(d.isLeaf).toBe(true);
		expect(d.toArray()).toEqual([2, 4]);
		d.mul(x).sum().backward();
		expect(gradOf(x).toArray()).toEqual([2, 4]);
		expect(d.grad).toBeNull();
	});

	it("a detached value alone cannot run backward", () => {
		const x = param([1]);
		expect(() => x.mul(2).detach().backward()).toThrow(Error);
	});
});

describe("graph release", () => {
	it("a second backward through a released graph is a clear error that mentions retainGraph", () => {
		const x = param([1, 2]);
		const y = x.square().sum();
		y.backward();
		expect(() => y.backward()).toThrow(/retainGraph/);
		expect(() => y.backward()).toThrow(/released/);
		// the first backward's gradient is untouched by the failed second one
		expect(gradOf(x).toArray()).toEqual([2, 4]);
	});

	it("the error names an op of the released graph even when reached from a new output", () => {
		const x = param([1, 2]);
		const z = x.mul(3);
		z.sum().backward();
		expect(() => z.mean().backward()).toThrow(/'mul'.*retainGraph/);
	});

	it("retainGraph: true keeps the graph for one more backward; without it, the next one releases", () => {
		const x = param([1, 2]);
		const y = x.mul(x).sum();
		y.backward(undefined, { retainGraph: true });
		y.backward(undefined, { retainGraph: true });
		y.backward();
		expect(gradOf(x).toArray()).toEqual([6, 12]);
		expect(() => y.backward()).toThrow(/retainGraph/);
	});

	it("after backward the nodes drop their inputs (flat memory); with retainGraph they keep them", () => {
		const x = param([1, 2]);
		const kept = x.exp().sum();
		kept.backward(undefined, { retainGraph: true });
		expect(kept.node?.released).toBe(false);
		expect(kept.node?.inputs.length).toBe(1);

		const y = x.exp();
		const s = y.sum();
		s.backward();
		expect(s.node?.released).toBe(true);
		expect(s.node?.inputs).toEqual([]);
		expect(y.node?.inputs).toEqual([]);
		// the values stay readable
		expectClose(y.value, [Math.exp(1), Math.exp(2)], 0);
	});
});

describe("seeds", () => {
	it("backward() on a non-scalar without a seed throws ShapeError", () => {
		const x = param([1, 2]);
		expect(() => x.mul(2).backward()).toThrow(ShapeError);
		expect(() => x.mul(2).backward()).toThrow(/seed/);
	});

	it("a seed of the wrong shape throws ShapeError naming both shapes", () => {
		const x = param([1, 2]);
		const y = x.mul(2);
		expect(() => y.backward([1, 2, 3])).toThrow(ShapeError);
		expect(() => y.backward(tensor([[1, 2]]))).toThrow(/\[1,2\].*\[2\]/);
	});

	it("a seed as a Tensor or nested arrays scales the gradient; single-element outputs of any rank default to 1", () => {
		const x = param([1, 2]);
		x.mul(x).backward(tensor([10, 100]));
		expect(gradOf(x).toArray()).toEqual([20, 400]);
		const w = param([[3]]);
		w.mul(2).backward();
		expect(gradOf(w).toArray()).toEqual([[2]]);
		const v = param([[3]]);
		v.mul(2).backward([[5]]);
		expect(gradOf(v).toArray()).toEqual([[10]]);
	});

	it("backward on a leaf gives the leaf the seed", () => {
		const x = param([1, 2]);
		x.backward([3, 4]);
		expect(gradOf(x).toArray()).toEqual([3, 4]);
	});

	it("backward on something that does not require a gradient throws", () => {
		expect(() => variable([1]).backward()).toThrow(/does not require a gradient/);
	});
});

describe("which variables get .grad", () => {
	it("leaves that require it; intermediates only after retainGrad", () => {
		const x = param([1, 2]);
		const h = x.mul(3).retainGrad();
		const k = h.add(1);
		k.square().sum().backward();
		// L = Σ(3x + 1)²: dL/dk = 2k = [8, 14], dL/dh = dL/dk, dL/dx = 3·dL/dh
		expect(gradOf(h).toArray()).toEqual([8, 14]);
		expect(k.grad).toBeNull();
		expect(gradOf(x).toArray()).toEqual([24, 42]);
	});

	it("an input the output does not depend on keeps grad null", () => {
		const x = param([1]);
		const unused = param([2]);
		x.mul(2).sum().backward();
		expect(unused.grad).toBeNull();
	});

	it("a branch cut by a zero-gradient op still reaches the leaf with zeros", () => {
		// relu of a negative passes 0 back: x gets an explicit zero gradient, not null
		const x = param([-1, -2]);
		x.relu().sum().backward();
		expect(gradOf(x).toArray()).toEqual([0, 0]);
	});
});

describe("float32", () => {
	it("float32 variables get float32 gradients of the right values", () => {
		// d Σ(x·y + e^x)/dx = y + e^x
		const x = param([0, 1], "float32");
		const y = param([2, 3], "float32");
		const out = x.mul(y).add(x.exp()).sum();
		expect(out.dtype).toBe("float32");
		out.backward();
		expect(gradOf(x).dtype).toBe("float32");
		expect(gradOf(y).dtype).toBe("float32");
		expectClose(gradOf(x), [3, 3 + Math.fround(Math.exp(1))], 1e-6);
		expect(gradOf(y).toArray()).toEqual([0, 1]);
	});

	it("numbers keep a float32 graph in float32 (x.mul(2), x.pow(3), sub(2, x))", () => {
		const x = param([1, 2], "float32");
		const y = sub(2, x.mul(2).pow(3));
		expect(y.dtype).toBe("float32");
		y.sum().backward();
		// d(2 - 8x³)/dx = -24x²
		expect(gradOf(x).dtype).toBe("float32");
		expect(gradOf(x).toArray()).toEqual([-24, -96]);
	});

	it("a float32 variable mixed with float64 still gets a float32 gradient", () => {
		const x = param([1, 2], "float32");
		const w = param([0.5, 0.25]);
		const y = x.mul(w).sum();
		expect(y.dtype).toBe("float64");
		y.backward();
		expect(gradOf(x).dtype).toBe("float32");
		expect(gradOf(w).dtype).toBe("float64");
		expect(gradOf(x).toArray()).toEqual([0.5, 0.25]);
		expect(gradOf(w).toArray()).toEqual([1, 2]);
	});

	it("float32 through reductions, softmax, matmul and shape ops stays float32", () => {
		const x = param(
			[
				[1, 2],
				[3, 4],
			],
			"float32",
		);
		const y = x
			.softmax()
			.matmul(x.transpose())
			.max(0)
			.mean()
			.add(x.gather([1]).slice(0, 1).sum());
		y.backward();
		expect(gradOf(x).dtype).toBe("float32");
		expect(gradOf(x).shape).toEqual([2, 2]);
	});
});
