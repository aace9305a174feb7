/**
 * Every error the tensor package throws, with its class and exact message: ShapeError
 * for shape problems (naming the op and the shapes), TypeError for non-numeric data
 * (naming the value received), RangeError for bad numeric arguments.
 */
import * as T from "@backprop/tensor";
import {
	add,
	arange,
	argmax,
	concat,
	eye,
	full,
	gather,
	matmul,
	max,
	mean,
	min,
	ones,
	rand,
	randn,
	ShapeError,
	sum,
	tensor,
	transpose,
	zeros,
} from "@backprop/tensor";
import { describe, expect, it } from "vitest";
import { fromData } from "../../packages/tensor/src/tensor";
import { expectThrow } from "./check";
import { binaryOps, unaryOps } from "./op-tables";

/** Calls `f` with arguments the types forbid, as plain JavaScript callers can. */
const untyped = <A extends unknown[], R>(f: (...args: A) => R, ...args: unknown[]): R => f(...(args as A));

describe("ShapeError", () => {
	it("is an exported Error subclass named 'ShapeError'", () => {
		const e = new ShapeError("matmul: [2,3] x [2,3]: inner dimensions 3 and 2 differ");
		expect(e).toBeInstanceOf(Error);
		expect(e).toBeInstanceOf(ShapeError);
		expect(e.name).toBe("ShapeError");
		expect(e.message).toBe("matmul: [2,3] x [2,3]: inner dimensions 3 and 2 differ");
		expect(String(e)).toBe("ShapeError: matmul: [2,3] x [2,3]: inner dimensions 3 and 2 differ");
		expect(e.stack).toContain("ShapeError");
	});

	it("is what the package throws for a shape problem", () => {
		const err = expectThrow(
			() => matmul(zeros([2, 3]), zeros([2, 3])),
			ShapeError,
			"matmul: [2,3] x [2,3]: inner dimensions 3 and 2 differ",
		);
		expect(err.name).toBe("ShapeError");
		expect(err).toBeInstanceOf(Error);
		expect(T.formatShape([2, 3])).toBe("[2,3]");
	});
});

describe("mismatched broadcasts", () => {
	it.each(binaryOps.map((op) => [op.name, op] as const))(
		"%s names itself, both shapes and the dimension",
		(name, op) => {
			expectThrow(
				() => op.fn(zeros([2, 3]), zeros([4])),
				ShapeError,
				`${name}: shapes [2,3] and [4] do not broadcast (dimension 1: 3 vs 4)`,
			);
			expectThrow(
				() => op.method(zeros([5, 1, 2]), zeros([3, 3])),
				ShapeError,
				`${name}: shapes [5,1,2] and [3,3] do not broadcast (dimension 2: 2 vs 3)`,
			);
		},
	);
});

describe("matmul", () => {
	it("inner dimensions, rank 0 and batch dimensions", () => {
		// [2,3] x [2,3]: a's columns (3) must equal b's rows (2)
		expectThrow(
			() => matmul(zeros([2, 3]), zeros([2, 3])),
			ShapeError,
			"matmul: [2,3] x [2,3]: inner dimensions 3 and 2 differ",
		);
		expectThrow(() => matmul(zeros([3]), zeros([2])), ShapeError, "matmul: [3] x [2]: inner dimensions 3 and 2 differ");
		expectThrow(
			() => zeros([4, 2, 3]).matmul(zeros([5, 3])),
			ShapeError,
			"matmul: [4,2,3] x [5,3]: inner dimensions 3 and 5 differ",
		);
		expectThrow(
			() => matmul(tensor(2), zeros([2])),
			ShapeError,
			"matmul: [] x [2]: operands must have at least one dimension",
		);
		expectThrow(
			() => matmul(zeros([2, 1, 3]), zeros([3, 3, 1])),
			ShapeError,
			"matmul: shapes [2] and [3] do not broadcast (dimension 0: 2 vs 3)",
		);
	});
});

describe("bad axes", () => {
	const x = zeros([2, 3]);
	it.each([
		["sum", sum],
		["mean", mean],
		["max", max],
		["min", min],
	] as const)("%s: out of range, repeated, not an integer", (name, f) => {
		expectThrow(() => f(x, 2), ShapeError, `${name}: axis 2 is out of range for a tensor of rank 2`);
		expectThrow(() => f(x, -3), ShapeError, `${name}: axis -3 is out of range for a tensor of rank 2`);
		expectThrow(() => f(x, [0, 0]), ShapeError, `${name}: axis 0 is repeated`);
		expectThrow(() => f(x, [-1, 1]), ShapeError, `${name}: axis 1 is repeated`);
		expectThrow(() => f(x, 0.5), ShapeError, `${name}: axis 0.5 is out of range for a tensor of rank 2`);
		expectThrow(() => f(tensor(1), 0), ShapeError, `${name}: axis 0 is out of range for a tensor of rank 0`);
	});

	it("argmax and softmax", () => {
		expectThrow(() => argmax(x, 2), ShapeError, "argmax: axis 2 is out of range for a tensor of rank 2");
		expectThrow(() => x.softmax(-3), ShapeError, "softmax: axis -3 is out of range for a tensor of rank 2");
		expectThrow(() => x.logSoftmax(2), ShapeError, "logSoftmax: axis 2 is out of range for a tensor of rank 2");
		expectThrow(() => x.logSumExp([1, 1]), ShapeError, "logSumExp: axis 1 is repeated");
	});

	it("reducing an empty axis that has no identity", () => {
		expectThrow(() => max(zeros([0, 3]), 0), ShapeError, "max: cannot reduce an empty axis of shape [0,3]");
		expectThrow(() => min(zeros([0])), ShapeError, "min: cannot reduce an empty axis of shape [0]");
		expectThrow(() => argmax(zeros([2, 0]), 1), ShapeError, "argmax: cannot reduce an empty axis of shape [2,0]");
	});
});

describe("creation", () => {
	it("ragged nested arrays say where", () => {
		// row 1 has 1 element where row 0 has 2
		expectThrow(
			() => tensor([[1, 2], [3]]),
			ShapeError,
			"tensor: ragged data: row [1] has length 1, expected length 2",
		);
		// row 1 is a number where row 0 is an array
		expectThrow(() => tensor([[1, 2], 3]), ShapeError, "tensor: ragged data: row [1] has number 3, expected length 2");
		// element [1][1] is an array where [0][1] is a number
		expectThrow(
			() =>
				tensor([
					[1, 2],
					[3, [4]],
				]),
			ShapeError,
			"tensor: ragged data: element [1][1] is an array where a number was expected",
		);
		expectThrow(
			() => tensor([1, [2]]),
			ShapeError,
			"tensor: ragged data: element [1] is an array where a number was expected",
		);
		// deeper: row [1][1] has 2 elements where the others have 1
		expectThrow(
			() =>
				tensor([
					[[1], [2]],
					[[3], [4, 5]],
				]),
			ShapeError,
			"tensor: ragged data: row [1][1] has length 2, expected length 1",
		);
		expectThrow(() => tensor([[], [1]]), ShapeError, "tensor: ragged data: row [1] has length 1, expected length 0");
	});

	it("shapes that do not fit the data or are not shapes", () => {
		expectThrow(
			() => tensor([1, 2, 3], { shape: [2, 2] }),
			ShapeError,
			"tensor: 3 values do not fit shape [2,2] (4 elements)",
		);
		expectThrow(
			() => tensor([1, 2], { shape: [-1, 2] }),
			ShapeError,
			"tensor: invalid shape [-1,2]: dimensions must be non-negative integers",
		);
		expectThrow(
			() => fromData(new Float64Array(3), [2, 2]),
			ShapeError,
			"tensor: 3 values do not fill shape [2,2] (4 elements)",
		);
		expectThrow(
			() => zeros([2, -1]),
			ShapeError,
			"zeros: invalid shape [2,-1]: dimensions must be non-negative integers",
		);
		expectThrow(() => ones([1.5]), ShapeError, "ones: invalid shape [1.5]: dimensions must be non-negative integers");
		expectThrow(
			() => full([Number.NaN], 1),
			ShapeError,
			"full: invalid shape [NaN]: dimensions must be non-negative integers",
		);
		expectThrow(() => eye(-1), ShapeError, "eye: invalid shape [-1,-1]: dimensions must be non-negative integers");
		expectThrow(() => rand([-2]), ShapeError, "rand: invalid shape [-2]: dimensions must be non-negative integers");
		expectThrow(() => randn([0.5]), ShapeError, "randn: invalid shape [0.5]: dimensions must be non-negative integers");
	});

	it("non-numeric data is a TypeError naming the value received", () => {
		expectThrow(() => untyped(tensor, [1, "a"]), TypeError, 'tensor: element [1] is not a number: got the string "a"');
		expectThrow(
			() =>
				untyped(tensor, [
					[1, 2],
					[3, "4"],
				]),
			TypeError,
			'tensor: element [1][1] is not a number: got the string "4"',
		);
		expectThrow(() => untyped(tensor, [true]), TypeError, "tensor: element [0] is not a number: got boolean true");
		expectThrow(() => untyped(tensor, [null]), TypeError, "tensor: element [0] is not a number: got null");
		expectThrow(() => untyped(tensor, [undefined]), TypeError, "tensor: element [0] is not a number: got undefined");
		expectThrow(() => untyped(tensor, [{}]), TypeError, "tensor: element [0] is not a number: got Object");
		expectThrow(
			() => untyped(tensor, "abc"),
			TypeError,
			'tensor: expected a number, nested arrays of numbers or a typed array, got the string "abc"',
		);
		expectThrow(
			() => untyped(tensor, new Map()),
			TypeError,
			"tensor: expected a number, nested arrays of numbers or a typed array, got Map",
		);
		expectThrow(() => untyped(full, [2], "1"), TypeError, 'full: value must be a number, got the string "1"');
	});

	it("a dtype that is not float32 or float64 is a TypeError", () => {
		expectThrow(
			() => untyped(tensor, 1, { dtype: "int32" }),
			TypeError,
			"tensor: dtype must be 'float32' or 'float64', got \"int32\"",
		);
		expectThrow(
			() => untyped(zeros, [2], { dtype: "float16" }),
			TypeError,
			"zeros: dtype must be 'float32' or 'float64', got \"float16\"",
		);
	});

	it("arange needs a finite non-zero step", () => {
		expectThrow(
			() => arange(0, 1, 0),
			RangeError,
			"arange: bounds and step must be finite and step non-zero, got 0, 1, 0",
		);
		expectThrow(
			() => arange(0, Infinity),
			RangeError,
			"arange: bounds and step must be finite and step non-zero, got 0, Infinity, 1",
		);
	});
});

describe("operands that are not tensors", () => {
	it("binary ops accept tensors and numbers only", () => {
		for (const op of binaryOps) {
			expectThrow(
				() => untyped(op.fn, zeros([2]), "x"),
				TypeError,
				`${op.name}: expected a Tensor or a number, got the string "x"`,
			);
			expectThrow(
				() => untyped(op.fn, [1, 2], zeros([2])),
				TypeError,
				`${op.name}: expected a Tensor or a number, got an array`,
			);
		}
	});

	it("unary ops, matmul, reductions and shape ops accept tensors only", () => {
		for (const op of unaryOps) {
			expectThrow(() => untyped(op.fn, 3), TypeError, `${op.name}: expected a Tensor, got number 3`);
		}
		expectThrow(() => untyped(matmul, zeros([1, 1]), [[1]]), TypeError, "matmul: expected a Tensor, got an array");
		expectThrow(() => untyped(sum, [1, 2]), TypeError, "sum: expected a Tensor, got an array");
		expectThrow(() => untyped(transpose, "t"), TypeError, 'transpose: expected a Tensor, got the string "t"');
		expectThrow(() => untyped(concat, [zeros([1]), 1]), TypeError, "concat: expected a Tensor, got number 1");
		expectThrow(() => untyped(add, undefined, 1), TypeError, "add: expected a Tensor or a number, got undefined");
	});

	it("clip needs low <= high", () => {
		expectThrow(() => zeros([2]).clip(1, 0), RangeError, "clip: low (1) must not exceed high (0)");
		expectThrow(() => zeros([2]).clip(Number.NaN, 0), RangeError, "clip: low (NaN) must not exceed high (0)");
	});
});

describe("element access", () => {
	it("item and get", () => {
		expectThrow(
			() => tensor([1, 2]).item(),
			ShapeError,
			"item: only a tensor with one element has an item, got shape [2]",
		);
		expectThrow(() => zeros([2, 2]).get(0), ShapeError, "get: 1 indices for a tensor of shape [2,2]");
		expectThrow(() => zeros([2, 2]).get(0, 2), ShapeError, "get: index [0,2] is out of bounds for shape [2,2]");
	});
});

describe("shape ops", () => {
	it("bad permutations", () => {
		const x = zeros([2, 3]);
		expectThrow(() => x.transpose([0, 0]), ShapeError, "transpose: [0,0] is not a permutation of the axes of [2,3]");
		expectThrow(() => x.transpose([0]), ShapeError, "transpose: [0] is not a permutation of the axes of [2,3]");
		expectThrow(() => x.transpose([0, 2]), ShapeError, "transpose: [0,2] is not a permutation of the axes of [2,3]");
		expectThrow(
			() => transpose(x, [1, 0, 2]),
			ShapeError,
			"transpose: [1,0,2] is not a permutation of the axes of [2,3]",
		);
		expectThrow(() => x.transpose([-1, 0]), ShapeError, "transpose: [-1,0] is not a permutation of the axes of [2,3]");
	});

	it("bad reshapes", () => {
		const x = zeros([2, 3]);
		expectThrow(() => x.reshape([4, 2]), ShapeError, "reshape: cannot reshape [2,3] (6 elements) into [4,2]");
		expectThrow(() => x.reshape([4, -1]), ShapeError, "reshape: cannot reshape [2,3] (6 elements) into [4,-1]");
		expectThrow(() => x.reshape([-1, -1]), ShapeError, "reshape: cannot reshape [2,3] (6 elements) into [-1,-1]");
		expectThrow(() => x.reshape([-2, -3]), ShapeError, "reshape: cannot reshape [2,3] (6 elements) into [-2,-3]");
		expectThrow(() => x.reshape([2.5, 2]), ShapeError, "reshape: cannot reshape [2,3] (6 elements) into [2.5,2]");
		expectThrow(() => x.reshape([0, -1]), ShapeError, "reshape: cannot reshape [2,3] (6 elements) into [0,-1]");
	});

	it("bad slices", () => {
		expectThrow(() => tensor(1).slice(0), ShapeError, "slice: cannot slice a rank-0 tensor");
		expectThrow(() => zeros([2]).slice(0, 1, 1), ShapeError, "slice: axis 1 is out of range for a tensor of rank 1");
		expectThrow(() => zeros([2]).slice(0.5), TypeError, "slice: start and end must be integers, got 0.5 and undefined");
	});

	it("gather out of range", () => {
		const x = zeros([3, 2]);
		expectThrow(
			() => x.gather([0, 3]),
			ShapeError,
			"gather: index 3 at position 1 is out of range for axis 0 of [3,2]",
		);
		expectThrow(() => x.gather([-4]), ShapeError, "gather: index -4 at position 0 is out of range for axis 0 of [3,2]");
		expectThrow(
			() => x.gather([2], -1),
			ShapeError,
			"gather: index 2 at position 0 is out of range for axis 1 of [3,2]",
		);
		expectThrow(() => x.gather([0, 0.5]), RangeError, "gather: index 0.5 at position 1 is not an integer");
		expectThrow(() => gather(tensor(1), [0]), ShapeError, "gather: cannot gather from a rank-0 tensor");
		expectThrow(() => x.gather([0], 2), ShapeError, "gather: axis 2 is out of range for a tensor of rank 2");
	});

	it("concat mismatches", () => {
		expectThrow(
			() => concat([zeros([2, 3]), zeros([2, 4])]),
			ShapeError,
			"concat: shapes [2,3], [2,4] differ outside axis 0",
		);
		expectThrow(
			() => concat([zeros([2, 3]), zeros([3])], 1),
			ShapeError,
			"concat: shapes [2,3], [3] differ outside axis 1",
		);
		expectThrow(() => concat([]), ShapeError, "concat: needs at least one tensor");
		expectThrow(() => concat([tensor(1), tensor(2)]), ShapeError, "concat: cannot concatenate rank-0 tensors");
		expectThrow(() => concat([zeros([2])], 1), ShapeError, "concat: axis 1 is out of range for a tensor of rank 1");
	});
});
