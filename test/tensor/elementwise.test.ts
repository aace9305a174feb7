import { clip, type DType, erf, exp, log, maximum, minimum, sigmoid, softplus, tanh, tensor } from "@backprop/tensor";
import { dtypeArb } from "@backprop/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyInputArb, finiteValueArb, inputArb, RUNS, shapeArb, valueArb } from "./arbitraries";
import { EXACT, expectTensor, F32 } from "./check";
import { binaryOps, unaryOps } from "./op-tables";
import { map, type Ref, promote as resultDtype, roundTo, zip } from "./reference";

const f32 = { dtype: "float32" } as const;

describe("unary ops against the reference", () => {
	it("match on random shapes, layouts and dtypes, as functions and as methods", () => {
		fc.assert(
			fc.property(anyInputArb(), fc.constantFrom(...unaryOps), fc.boolean(), (input, op, asMethod) => {
				const out = asMethod ? op.method(input.t) : op.fn(input.t);
				const expected = roundTo(map(input.ref, op.ref), input.dtype);
				expectTensor(out, expected, input.dtype === "float32" ? F32 : op.tol64, input.dtype);
				// Ops never write to their operands.
				expectTensor(input.t, input.ref);
			}),
			RUNS,
		);
	});

	it("clip(x, low, high) is min(max(x, low), high)", () => {
		fc.assert(
			fc.property(anyInputArb(), finiteValueArb, finiteValueArb, (input, p, q) => {
				const [low, high] = p <= q ? [p, q] : [q, p];
				const lo = roundTo({ shape: [], data: [low] }, input.dtype).data[0];
				const hi = roundTo({ shape: [], data: [high] }, input.dtype).data[0];
				const expected = map(input.ref, (x) => (x < lo ? lo : Math.min(x, hi)));
				expectTensor(input.t.clip(low, high), expected, EXACT, input.dtype);
				expectTensor(clip(input.t, low, high), expected, EXACT, input.dtype);
			}),
			RUNS,
		);
	});
});

describe("binary ops against the reference", () => {
	it("match on operands of one shape, dense or strided, any mix of dtypes", () => {
		const pair = shapeArb().chain((shape) => fc.tuple(inputArb(shape), inputArb(shape)));
		fc.assert(
			fc.property(pair, fc.constantFrom(...binaryOps), fc.boolean(), ([a, b], op, asMethod) => {
				const out = asMethod ? op.method(a.t, b.t) : op.fn(a.t, b.t);
				const dtype = resultDtype(a.dtype, b.dtype);
				const expected = roundTo(zip(a.ref, b.ref, op.ref), dtype);
				expectTensor(out, expected, dtype === "float32" ? F32 : op.tol64, dtype);
				expectTensor(a.t, a.ref);
				expectTensor(b.t, b.ref);
			}),
			RUNS,
		);
	});

	it("take a plain number on either side, which takes the tensor's dtype", () => {
		fc.assert(
			fc.property(anyInputArb(), valueArb, fc.constantFrom(...binaryOps), fc.boolean(), (input, s, op, numberFirst) => {
				const scalar: Ref = roundTo({ shape: [], data: [s] }, input.dtype);
				const out = numberFirst ? op.fn(s, input.t) : op.method(input.t, s);
				const expected = numberFirst ? zip(scalar, input.ref, op.ref) : zip(input.ref, scalar, op.ref);
				const tol = input.dtype === "float32" ? F32 : op.tol64;
				expectTensor(out, roundTo(expected, input.dtype), tol, input.dtype);
			}),
			RUNS,
		);
	});

	it("on two numbers give a float64 rank-0 tensor", () => {
		for (const op of binaryOps) expectTensor(op.fn(3, 2), { shape: [], data: [op.ref(3, 2)] }, op.tol64, "float64");
	});
});

describe("exact small cases", () => {
	it("erf matches CPython's math.erf to 4 ulp", () => {
		// math.erf(x) for each x, printed by CPython 3.11 (repr, so exact doubles)
		const cases: Array<[number, number]> = [
			[-3.2, -0.9999939742388483],
			[-0.7, -0.6778011938374184],
			[1e-10, 1.1283791670955126e-10],
			[0.5, 0.5204998778130465],
			[1, 0.8427007929497149],
			[1.3, 0.9340079449406524],
			[2, 0.9953222650189527],
			[3.5, 0.9999992569016276],
			[5, 0.9999999999984626],
			[6, 1],
		];
		const got = erf(tensor(cases.map(([x]) => x))).dataSync();
		cases.forEach(([, expected], i) => {
			expect(Math.abs(got[i] - expected)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(expected));
		});
		expect(Object.is(erf(tensor([-0])).item(), -0)).toBe(true);
	});

	it("arithmetic", () => {
		// [1, 2, 3] + [10, 20, 30] = [11, 22, 33]
		expect(
			tensor([1, 2, 3])
				.add(tensor([10, 20, 30]))
				.toArray(),
		).toEqual([11, 22, 33]);
		// [[1, 2], [3, 4]] * 2 = [[2, 4], [6, 8]]
		expect(
			tensor([
				[1, 2],
				[3, 4],
			])
				.mul(2)
				.toArray(),
		).toEqual([
			[2, 4],
			[6, 8],
		]);
		// 2 - [1, 5] = [2-1, 2-5] = [1, -3]
		expect(tensor([1, 5]).neg().add(2).toArray()).toEqual([1, -3]);
		// [1, 8] / [2, 4] = [0.5, 2]
		expect(
			tensor([1, 8])
				.div(tensor([2, 4]))
				.toArray(),
		).toEqual([0.5, 2]);
		// [2, 3] ** 2 = [4, 9]; 4 ** [0.5, -1] = [2, 0.25]
		expect(tensor([2, 3]).pow(2).toArray()).toEqual([4, 9]);
		expect(
			tensor([4, 4])
				.pow(tensor([0.5, -1]))
				.toArray(),
		).toEqual([2, 0.25]);
		// maximum([1, 5, 3], [4, 2, 3]) = [4, 5, 3]; minimum = [1, 2, 3]
		expect(maximum(tensor([1, 5, 3]), tensor([4, 2, 3])).toArray()).toEqual([4, 5, 3]);
		expect(minimum(tensor([1, 5, 3]), tensor([4, 2, 3])).toArray()).toEqual([1, 2, 3]);
	});

	it("comparisons give 1 for true and 0 for false", () => {
		// [1, 2, 3] vs 2: == [0,1,0], != [1,0,1], < [1,0,0], <= [1,1,0], > [0,0,1], >= [0,1,1]
		const x = tensor([1, 2, 3]);
		expect(x.eq(2).toArray()).toEqual([0, 1, 0]);
		expect(x.ne(2).toArray()).toEqual([1, 0, 1]);
		expect(x.lt(2).toArray()).toEqual([1, 0, 0]);
		expect(x.le(2).toArray()).toEqual([1, 1, 0]);
		expect(x.gt(2).toArray()).toEqual([0, 0, 1]);
		expect(x.ge(2).toArray()).toEqual([0, 1, 1]);
	});

	it("unary functions", () => {
		// -[1, -2] = [-1, 2]; |[-1.5, 2]| = [1.5, 2]
		expect(tensor([1, -2]).neg().toArray()).toEqual([-1, 2]);
		expect(tensor([-1.5, 2]).abs().toArray()).toEqual([1.5, 2]);
		// exp([0, 1]) = [1, e]; log([1, e]) = [0, 1]
		expect(tensor([0, 1]).exp().toArray()).toEqual([1, Math.E]);
		expect(tensor([1, Math.E]).log().toArray()).toEqual([0, 1]);
		// sqrt([4, 9]) = [2, 3]; [2, 4]^-1 = [0.5, 0.25]; [-3, 0.5]^2 = [9, 0.25]
		expect(tensor([4, 9]).sqrt().toArray()).toEqual([2, 3]);
		expect(tensor([2, 4]).reciprocal().toArray()).toEqual([0.5, 0.25]);
		expect(tensor([-3, 0.5]).square().toArray()).toEqual([9, 0.25]);
		// relu([-1, 0, 2]) = [0, 0, 2]; sign([-3, 0, 2]) = [-1, 0, 1]
		expect(tensor([-1, 0, 2]).relu().toArray()).toEqual([0, 0, 2]);
		expect(tensor([-3, 0, 2]).sign().toArray()).toEqual([-1, 0, 1]);
		// sigmoid(0) = 1 / (1 + e^0) = 0.5; tanh(0) = 0; softplus(0) = log(1 + e^0) = log 2
		expect(tensor([0]).sigmoid().toArray()).toEqual([0.5]);
		expect(tensor([0]).tanh().toArray()).toEqual([0]);
		expect(tensor([0]).softplus().item()).toBeCloseTo(Math.LN2, 15);
		// sigmoid(7) = 1 / (1 + e^-7) = 0.9990889488055994 (the tutorial's neuron)
		expect(sigmoid(tensor(7)).item()).toBe(0.9990889488055994);
		// clip([-2, 0.5, 3], 0, 1) = [0, 0.5, 1]
		expect(tensor([-2, 0.5, 3]).clip(0, 1).toArray()).toEqual([0, 0.5, 1]);
	});
});

describe("stable math", () => {
	it.each<DType>(["float64", "float32"])("sigmoid is exactly 0 and 1 far out, never NaN (%s)", (dtype) => {
		// 1 / (1 + e^1000) = 1 / Infinity = 0 and 1 / (1 + e^-1000) = 1 / (1 + 0) = 1
		expect(sigmoid(tensor(-1000, { dtype })).item()).toBe(0);
		expect(sigmoid(tensor(1000, { dtype })).item()).toBe(1);
		const xs = [-Infinity, -1e308, -1000, -745, -50, 0, 50, 745, 1000, 1e308, Infinity];
		const ys = Array.from(sigmoid(tensor(xs, { dtype })).dataSync());
		for (const y of ys) {
			expect(Number.isNaN(y)).toBe(false);
			expect(y).toBeGreaterThanOrEqual(0);
			expect(y).toBeLessThanOrEqual(1);
		}
		expect(ys[0]).toBe(0);
		expect(ys[ys.length - 1]).toBe(1);
	});

	it.each<DType>(["float64", "float32"])("log(0) is -Infinity, not an exception (%s)", (dtype) => {
		// log(0) = -Infinity; log(-0) = -Infinity; log(-1) = NaN as in IEEE floats
		expect(log(tensor(0, { dtype })).item()).toBe(-Infinity);
		const y = log(tensor([0, -0, -1, Infinity], { dtype })).toArray();
		expect(y).toEqual([-Infinity, -Infinity, Number.NaN, Infinity]);
	});

	it("softplus does not overflow", () => {
		// softplus(1000) = 1000 + log(1 + e^-1000) = 1000; softplus(-1000) = log(1 + e^-1000) = 0
		expect(softplus(tensor([1000, -1000, 800, -Infinity, Infinity])).toArray()).toEqual([1000, 0, 800, 0, Infinity]);
		expect(softplus(tensor([100], f32)).item()).toBe(100);
	});

	it("tanh saturates and exp overflows to Infinity (data, not an error)", () => {
		expect(tanh(tensor([-1000, 1000])).toArray()).toEqual([-1, 1]);
		expect(exp(tensor([1000, -1000])).toArray()).toEqual([Infinity, 0]);
		// e^100 > max float32 (3.4e38), so a float32 result is Infinity
		expect(exp(tensor([100], f32)).item()).toBe(Infinity);
	});

	it("maximum and minimum propagate NaN on every path", () => {
		const nan = Number.NaN;
		// dense, same shape
		expect(maximum(tensor([nan, 1]), tensor([0, nan])).toArray()).toEqual([nan, nan]);
		expect(minimum(tensor([nan, 1]), tensor([0, nan])).toArray()).toEqual([nan, nan]);
		// with a number
		expect(tensor([nan, 1]).maximum(0).toArray()).toEqual([nan, 1]);
		expect(tensor([1, 2]).minimum(nan).toArray()).toEqual([nan, nan]);
		// broadcast (strided path)
		expect(maximum(tensor([[nan], [1]]), tensor([0, 2])).toArray()).toEqual([
			[nan, nan],
			[1, 2],
		]);
	});
});

describe("dtype rules", () => {
	it("float32 with float64 gives float64, never truncated", () => {
		// 1 + 1e-10 = 1.0000000001 exists in float64 but not in float32
		const a = tensor([1], f32);
		const b = tensor([1e-10]);
		for (const out of [a.add(b), b.add(a)]) {
			expect(out.dtype).toBe("float64");
			expect(out.item()).toBe(1 + 1e-10);
		}
		// A rank-0 float64 tensor is a tensor, not a plain number: it promotes too.
		expect(a.mul(tensor(0.1)).dtype).toBe("float64");
		expect(a.mul(tensor(0.1)).item()).toBe(0.1);
		expect(tensor(2, f32).add(tensor([1e-10])).dtype).toBe("float64");
	});

	it("float32 with float32 stays float32", () => {
		const out = tensor([1, 2], f32).add(tensor([0.5, 0.25], f32));
		expect(out.dtype).toBe("float32");
		expect(out.toArray()).toEqual([1.5, 2.25]);
		expect(tensor([1, 2], f32).exp().dtype).toBe("float32");
	});

	it("a plain number takes the tensor's dtype, on either side", () => {
		// The float32 nearest 0.1 is 0.100000001490116...; the number 0.1 becomes that same float32,
		// so x - 0.1 = 0 and x == 0.1 whichever side the number is on.
		const x = tensor([0.1], f32);
		expect(x.sub(0.1).dtype).toBe("float32");
		expect(x.sub(0.1).item()).toBe(0);
		expect(x.neg().add(0.1).item()).toBe(0);
		expect(x.eq(0.1).item()).toBe(1);
		expect(tensor(0.1).eq(0.1).item()).toBe(1);
		expect(x.add(1e-10).dtype).toBe("float32");
		expect(tensor([0.1]).sub(0.1).dtype).toBe("float64");
	});

	it("the number and tensor forms agree for every op and dtype", () => {
		fc.assert(
			fc.property(dtypeArb, valueArb, valueArb, fc.constantFrom(...binaryOps), (dtype, x, s, op) => {
				const t = tensor([x], { dtype });
				const viaNumber = op.fn(t, s).item();
				const viaTensor = op.fn(t, tensor(s, { dtype })).item();
				const numberFirst = op.fn(s, t).item();
				const tensorFirst = op.fn(tensor(s, { dtype }), t).item();
				expect(Object.is(viaNumber, viaTensor) || viaNumber === viaTensor).toBe(true);
				expect(Object.is(numberFirst, tensorFirst) || numberFirst === tensorFirst).toBe(true);
			}),
			RUNS,
		);
	});
});
