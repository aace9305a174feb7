/**
 * The differentiable ops, derived from the tensor package's op table: a
 * primitive row becomes one `defineOp` (its forward and gradient rule), a
 * composite row runs its method chain on variables (recording the primitives it
 * is made of), a constant row (comparisons, argmax) records nothing. The free
 * functions are collected in `variableOps`; the `Variable` methods are attached
 * here, outside the class file, and typed by declaration merging.
 */
import { type OpMethods, type OpName, type OpRow, type OpSignatures, opTable, type Tensor } from "@backprop/tensor";
import { defineOp } from "./define-op";
import { type Operand, toVariable, Variable } from "./variable";

declare module "./variable" {
	interface Variable extends OpMethods<Variable, Operand, Operand> {}
}

type VariableFn = (...args: unknown[]) => Variable;
const NO_ATTRS: readonly unknown[] = Object.freeze([]);

// The operands of a call: the first `arity` arguments (the first argument's list when
// variadic), less trailing undefined ones (an omitted bias).
function operandsOf(row: OpRow, args: readonly unknown[]): Operand[] {
	if (row.variadic) return [...(args[0] as Operand[])];
	const operands = args.slice(0, row.arity) as Operand[];
	while (operands.length > 0 && operands[operands.length - 1] === undefined) operands.pop();
	return operands;
}

// The row's tensor function called with (operands..., attributes...), without spreading
// arrays for the common short calls (a spread call allocates on every forward).
function forwardOf(row: OpRow): (inputs: readonly Tensor[], attrs: readonly unknown[]) => Tensor {
	const fn = row.fn;
	if (row.variadic) return (inputs, attrs) => fn(inputs, ...attrs);
	return (inputs, attrs) => {
		const n = inputs.length;
		if (attrs.length === 0) {
			if (n === 1) return fn(inputs[0]);
			if (n === 2) return fn(inputs[0], inputs[1]);
			if (n === 3) return fn(inputs[0], inputs[1], inputs[2]);
		} else if (n === 1) {
			if (attrs.length === 1) return fn(inputs[0], attrs[0]);
			if (attrs.length === 2) return fn(inputs[0], attrs[0], attrs[1]);
		}
		return fn(...inputs, ...attrs);
	};
}

function derive(name: OpName, row: OpRow): VariableFn {
	const { grad } = row;
	if (grad === "composite") {
		// The chain of methods in `fn` records its primitives when the receiver is a variable.
		return (x, ...rest) => row.fn(toVariable(x as Operand, name, 0, [x as Operand]), ...rest) as unknown as Variable;
	}
	const forward = forwardOf(row);
	if (grad === null) {
		return (...args) => {
			const operands = operandsOf(row, args);
			const values = operands.map((o, i) => toVariable(o, name, i, operands).value);
			return new Variable(forward(values, args.slice(row.variadic ? 1 : row.arity)), false);
		};
	}
	const op = defineOp<readonly unknown[]>({ name, forward, backward: grad });
	if (row.operandsOnly && row.arity === 1) return (x) => op([x as Operand], NO_ATTRS);
	if (row.operandsOnly && row.arity === 2) return (a, b) => op([a as Operand, b as Operand], NO_ATTRS);
	if (row.operandsOnly && row.arity === 3) {
		// a trailing operand may be omitted (linear's bias)
		return (a, b, c) =>
			op(c === undefined ? [a as Operand, b as Operand] : [a as Operand, b as Operand, c as Operand], NO_ATTRS);
	}
	if (!row.variadic && row.arity === 1) return (x, a, b, c, d) => op([x as Operand], attributes(a, b, c, d));
	return (...args) => op(operandsOf(row, args), args.slice(row.variadic ? 1 : row.arity));
}

// The attributes given, without the trailing undefined ones (rules read them with defaults).
function attributes(a: unknown, b: unknown, c: unknown, d: unknown): readonly unknown[] {
	if (d !== undefined) return [a, b, c, d];
	if (c !== undefined) return [a, b, c];
	if (b !== undefined) return [a, b];
	if (a !== undefined) return [a];
	return NO_ATTRS;
}

/** The op table's differentiable functions over variables (`variableOps.add(a, b)`). */
export const variableOps = Object.fromEntries(
	Object.entries(opTable).map(([name, row]) => [name, derive(name as OpName, row)]),
) as unknown as OpSignatures<Variable, Operand, Operand>;

function methodOf(fn: VariableFn, row: OpRow): (this: Variable, ...args: unknown[]) => Variable {
	if (row.variadic) {
		return function (this: Variable, others: unknown, ...rest: unknown[]) {
			return fn([this, ...(others as Operand[])], ...rest);
		};
	}
	if (row.operandsOnly && row.arity === 1) {
		return function (this: Variable) {
			return fn(this);
		};
	}
	if (row.operandsOnly && row.arity === 2) {
		return function (this: Variable, o: unknown) {
			return fn(this, o);
		};
	}
	return function (this: Variable, a?: unknown, b?: unknown, c?: unknown, d?: unknown) {
		return fn(this, a, b, c, d);
	};
}

for (const [name, row] of Object.entries(opTable)) {
	Object.defineProperty(Variable.prototype, name, {
		value: methodOf((variableOps as unknown as Record<string, VariableFn>)[name] as VariableFn, row),
		writable: true,
		configurable: true,
	});
}
