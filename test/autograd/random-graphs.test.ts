/**
 * Random expression graphs: fast-check builds straight-line programs of random
 * ops over 1 to 3 leaves whose shapes broadcast, up to depth 6, where every step
 * may reuse any earlier node (shared subexpressions, diamonds), and gradCheck
 * verifies every leaf's gradient in float64 (eps 1e-6, atol 1e-5, rtol 1e-3).
 *
 * Ops with a restricted domain get a guard that keeps them on it (log(x² + ½),
 * a divisor b² + ½, a pow base σ(a) + ½); ops with kinks (abs, relu, clip,
 * maximum, minimum, max, min) are checked only when every argument is at least
 * 1e-3 away from the kink, so a finite difference never straddles one.
 */
import { gradCheck, noGrad, sub, type Variable, variable } from "@backprop/autograd";
import type { Tensor } from "@backprop/tensor";
import { sizeOf } from "@backprop/tensor";
import { broadcastableTo, broadcastOf, type Shape, shapeArb, TORCH_TOLERANCES, tensorArb } from "@backprop/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RUNS_SCALE } from "./helpers";

/** Random graphs checked per run: each is a gradCheck over every leaf element. */
const RUNS = 60 * RUNS_SCALE;
const MAX_DEPTH = 6;
const MAX_SIZE = 48;
const MAX_RANK = 4;
/** Smallest distance from a kink for a case to be checked. */
const KINK_MARGIN = 1e-3;
/** Largest intermediate magnitude for a case to be checked (finite differences lose accuracy beyond). */
const MAX_MAGNITUDE = 100;

interface Attrs {
	axis?: number | number[] | undefined;
	keepDims?: boolean;
	perm?: number[] | undefined;
	shape?: number[];
	start?: number;
	indices?: number[];
	variant?: "ab" | "aaT";
}

interface Plan {
	attrs: Attrs;
	shape: Shape;
}

interface GraphOp {
	name: string;
	arity: 1 | 2;
	/** Attributes and output shape for operands of these shapes, from random choices r and flag; null if inapplicable. */
	plan(a: Shape, b: Shape, r: number, flag: boolean): Plan | null;
	apply(a: Variable, b: Variable, attrs: Attrs): Variable;
	/** Smallest non-zero distance of the arguments from this op's kinks. */
	kink?(a: Tensor, b: Tensor, attrs: Attrs): number;
}

/** Smallest |v| over the non-zero elements (exact zeros are structural: x - x, a tie of a node with itself). */
function minNonZeroAbs(t: Tensor): number {
	let m = Number.POSITIVE_INFINITY;
	for (const v of t.dataSync()) if (v !== 0) m = Math.min(m, Math.abs(v));
	return m;
}

const same = (a: Shape): Plan => ({ attrs: {}, shape: a });

function unary(name: string, f: (a: Variable) => Variable, kink?: (a: Tensor) => number): GraphOp {
	return { name, arity: 1, plan: same, apply: (a) => f(a), ...(kink ? { kink: (a: Tensor) => kink(a) } : {}) };
}

function binary(
	name: string,
	f: (a: Variable, b: Variable) => Variable,
	kink?: (a: Tensor, b: Tensor) => number,
): GraphOp {
	return {
		name,
		arity: 2,
		plan: (a, b) => {
			const shape = broadcastOf(a, b);
			return shape ? { attrs: {}, shape } : null;
		},
		apply: f,
		...(kink ? { kink } : {}),
	};
}

/** Reductions: axis all / one (maybe negative) / a list, keepDims from the flag. */
function reduction(name: string, f: (a: Variable, attrs: Attrs) => Variable, kink?: GraphOp["kink"]): GraphOp {
	return {
		name,
		arity: 1,
		plan: (a, _b, r, keepDims) => {
			const rank = a.length;
			let axis: number | number[] | undefined;
			const pick = rank === 0 ? 0 : r % (rank + 2);
			if (rank === 0 || pick === rank) axis = undefined;
			else if (pick === rank + 1) axis = rank >= 2 ? [0, rank - 1] : [0];
			else axis = pick % 2 === 0 ? pick : pick - rank;
			const axes =
				axis === undefined ? a.map((_, i) => i) : (Array.isArray(axis) ? axis : [axis]).map((x) => (x + rank) % rank);
			const shape = keepDims ? a.map((d, i) => (axes.includes(i) ? 1 : d)) : a.filter((_, i) => !axes.includes(i));
			return { attrs: { axis, keepDims }, shape };
		},
		apply: (a, _b, attrs) => f(a, attrs),
		...(kink ? { kink } : {}),
	};
}

// For max/min over an axis: the gap between each group's extreme and its other elements.
function extremeGap(kind: "max" | "min"): GraphOp["kink"] {
	return (a, _b, { axis }) => minNonZeroAbs(a.sub(a[kind](axis, true)));
}

function softmaxLike(name: string, f: (a: Variable, axis: number) => Variable): GraphOp {
	return {
		name,
		arity: 1,
		plan: (a, _b, r, flag) =>
			a.length === 0 ? null : { attrs: { axis: (r % a.length) - (flag ? a.length : 0) }, shape: a },
		apply: (a, _b, { axis }) => f(a, axis as number),
	};
}

function swapLastPerm(rank: number): number[] {
	const perm = Array.from({ length: rank }, (_, i) => i);
	perm[rank - 2] = rank - 1;
	perm[rank - 1] = rank - 2;
	return perm;
}

function matmulShape(a: Shape, b: Shape): Shape | null {
	if (a.length === 0 || b.length === 0) return null;
	const a2 = a.length === 1 ? [1, a[0]] : a;
	const b2 = b.length === 1 ? [b[0], 1] : b;
	if (a2[a2.length - 1] !== b2[b2.length - 2]) return null;
	const batch = broadcastOf(a2.slice(0, -2), b2.slice(0, -2));
	if (batch === null) return null;
	return [...batch, ...(a.length > 1 ? [a2[a2.length - 2]] : []), ...(b.length > 1 ? [b2[b2.length - 1]] : [])];
}

const OPS: GraphOp[] = [
	// elementwise, unary
	unary("neg", (a) => a.neg()),
	unary("exp", (a) => a.exp()),
	unary("log(x²+½)", (a) => a.square().add(0.5).log()),
	unary("sqrt(x²+¼)", (a) => a.square().add(0.25).sqrt()),
	unary("abs", (a) => a.abs(), minNonZeroAbs),
	unary("sigmoid", (a) => a.sigmoid()),
	unary("tanh", (a) => a.tanh()),
	unary("relu", (a) => a.relu(), minNonZeroAbs),
	unary("softplus", (a) => a.softplus()),
	unary("square", (a) => a.square()),
	unary("sin", (a) => a.sin()),
	unary("cos", (a) => a.cos()),
	unary("log1p(x²)", (a) => a.square().log1p()),
	unary("expm1", (a) => a.expm1()),
	unary(
		"clip(-1,1)",
		(a) => a.clip(-1, 1),
		(a) => Math.min(minNonZeroAbs(a.sub(1)), minNonZeroAbs(a.add(1))),
	),
	unary("pow(x,3)", (a) => a.pow(3)),
	unary("pow(x²+½,-1)", (a) => a.square().add(0.5).pow(-1)),
	unary("sub(1.5,x)", (a) => sub(1.5, a)),
	unary("mul(x,-0.7)", (a) => a.mul(-0.7)),
	// elementwise, binary, broadcasting
	binary("add", (a, b) => a.add(b)),
	binary("sub", (a, b) => a.sub(b)),
	binary("mul", (a, b) => a.mul(b)),
	binary("div(a,b²+½)", (a, b) => a.div(b.square().add(0.5))),
	binary("pow(σ(a)+½,b)", (a, b) => a.sigmoid().add(0.5).pow(b)),
	binary(
		"maximum",
		(a, b) => a.maximum(b),
		(a, b) => minNonZeroAbs(a.sub(b)),
	),
	binary(
		"minimum",
		(a, b) => a.minimum(b),
		(a, b) => minNonZeroAbs(a.sub(b)),
	),
	// reductions and the softmax family
	reduction("sum", (a, { axis, keepDims }) => a.sum(axis, keepDims)),
	reduction("mean", (a, { axis, keepDims }) => a.mean(axis, keepDims)),
	reduction("max", (a, { axis, keepDims }) => a.max(axis, keepDims), extremeGap("max")),
	reduction("min", (a, { axis, keepDims }) => a.min(axis, keepDims), extremeGap("min")),
	reduction("logSumExp", (a, { axis, keepDims }) => a.logSumExp(axis, keepDims)),
	softmaxLike("softmax", (a, axis) => a.softmax(axis)),
	softmaxLike("logSoftmax", (a, axis) => a.logSoftmax(axis)),
	// linear algebra: a·b when the shapes allow, else a·aᵀ (a reuse of a)
	{
		name: "matmul",
		arity: 2,
		plan: (a, b) => {
			const ab = matmulShape(a, b);
			if (ab) return { attrs: { variant: "ab" }, shape: ab };
			if (a.length === 0) return null;
			const aT = a.length === 1 ? a : a.slice(0, -2).concat([a[a.length - 1], a[a.length - 2]]);
			const aa = matmulShape(a, aT);
			return aa ? { attrs: { variant: "aaT" }, shape: aa } : null;
		},
		apply: (a, b, { variant }) =>
			variant === "ab" ? a.matmul(b) : a.matmul(a.rank === 1 ? a : a.transpose(swapLastPerm(a.rank))),
	},
	// shape ops
	{
		name: "transpose",
		arity: 1,
		plan: (a, _b, r, flag) => {
			if (a.length < 2 || flag) return { attrs: { perm: undefined }, shape: [...a].reverse() };
			const k = 1 + (r % (a.length - 1));
			const perm = a.map((_, i) => (i + k) % a.length);
			return { attrs: { perm }, shape: perm.map((p) => a[p]) };
		},
		apply: (a, _b, { perm }) => a.transpose(perm),
	},
	{
		name: "reshape",
		arity: 1,
		plan: (a, _b, _r, flag) => {
			const shape = flag || a.length === 0 ? [-1] : [...a].reverse();
			return { attrs: { shape }, shape: shape[0] === -1 ? [sizeOf(a)] : shape };
		},
		apply: (a, _b, { shape }) => a.reshape(shape as number[]),
	},
	{
		name: "broadcastTo",
		arity: 1,
		plan: (a, _b, _r, flag) => {
			const shape = !flag && a.includes(1) ? a.map((d) => (d === 1 ? 2 : d)) : [2, ...a];
			return { attrs: { shape }, shape };
		},
		apply: (a, _b, { shape }) => a.broadcastTo(shape as number[]),
	},
	{
		name: "slice",
		arity: 1,
		plan: (a, _b, r, flag) => {
			if (a.length === 0) return null;
			const axis = r % a.length;
			const n = a[axis];
			const start = (r >> 2) % n;
			const shape = a.slice();
			shape[axis] = n - start;
			return { attrs: { axis, start: flag ? start - n : start }, shape };
		},
		apply: (a, _b, { axis, start }) => a.slice(start as number, undefined, axis as number),
	},
	{
		name: "gather",
		arity: 1,
		plan: (a, _b, r, flag) => {
			if (a.length === 0) return null;
			const axis = r % a.length;
			const n = a[axis];
			const indices = flag ? [n - 1, 0, n - 1] : [(r >> 2) % n, -1];
			const shape = a.slice();
			shape[axis] = indices.length;
			return { attrs: { axis, indices }, shape };
		},
		apply: (a, _b, { axis, indices }) => a.gather(indices as number[], axis as number),
	},
	{
		name: "concat",
		arity: 2,
		plan: (a, b, r) => {
			if (a.length === 0) return null;
			const axis = r % a.length;
			const fits = b.length === a.length && b.every((d, i) => i === axis || d === a[i]);
			const shape = a.slice();
			shape[axis] = a[axis] + (fits ? b : a)[axis];
			return { attrs: { axis, variant: fits ? "ab" : "aaT" }, shape };
		},
		apply: (a, b, { axis, variant }) => a.concat([variant === "ab" ? b : a], axis as number),
	},
];

interface Instruction {
	op: number;
	a: number;
	b: number;
	r: number;
	flag: boolean;
	chain: boolean;
}

interface Step {
	op: GraphOp;
	args: [number, number];
	attrs: Attrs;
	shape: Shape;
	depth: number;
}

interface Program {
	leafShapes: Shape[];
	steps: Step[];
	/** Nodes no step reads, besides the last: their sums join the output so every path is checked. */
	sinks: number[];
}

/** Turns random instructions into a program, keeping every operand within depth 6 and every value small. */
function plan(leafShapes: Shape[], instructions: Instruction[]): Program {
	const nodes: Array<{ shape: Shape; depth: number }> = leafShapes.map((shape) => ({ shape, depth: 0 }));
	const steps: Step[] = [];
	for (const ins of instructions) {
		const usable = nodes.map((n, i) => ({ ...n, i })).filter((n) => n.depth < MAX_DEPTH);
		const last = usable[usable.length - 1] as { shape: Shape; depth: number; i: number };
		const a = ins.chain ? last : (usable[ins.a % usable.length] as typeof last);
		const b = usable[ins.b % usable.length] as typeof last;
		const op = OPS[ins.op % OPS.length] as GraphOp;
		let p = op.plan(a.shape, b.shape, ins.r, ins.flag);
		let bi = b.i;
		if (p === null && op.arity === 2) {
			// operands that do not fit: the op of a node with itself (another shared use)
			p = op.plan(a.shape, a.shape, ins.r, ins.flag);
			bi = a.i;
		}
		if (p === null || p.shape.length > MAX_RANK || sizeOf(p.shape) > MAX_SIZE) continue;
		const depth = 1 + Math.max(a.depth, op.arity === 2 ? (nodes[bi]?.depth ?? 0) : 0);
		steps.push({ op, args: [a.i, op.arity === 2 ? bi : a.i], attrs: p.attrs, shape: p.shape, depth });
		nodes.push({ shape: p.shape, depth });
	}
	const used = new Set<number>();
	for (const s of steps) {
		used.add(s.args[0]);
		if (s.op.arity === 2) used.add(s.args[1]);
	}
	const total = leafShapes.length + steps.length;
	const sinks: number[] = [];
	for (let i = leafShapes.length; i < total - 1; i++) if (!used.has(i)) sinks.push(i);
	return { leafShapes, steps, sinks };
}

function describeProgram(p: Program): string {
	const lines = p.leafShapes.map((s, i) => `n${i} = leaf ${JSON.stringify(s)}`);
	p.steps.forEach((s, k) => {
		const args = s.op.arity === 2 ? `n${s.args[0]}, n${s.args[1]}` : `n${s.args[0]}`;
		lines.push(
			`n${p.leafShapes.length + k} = ${s.op.name}(${args}) ${JSON.stringify(s.attrs)} -> ${JSON.stringify(s.shape)}`,
		);
	});
	if (p.sinks.length > 0) lines.push(`out = last + ${p.sinks.map((i) => `sum(n${i})`).join(" + ")}`);
	return lines.join("\n");
}

interface Probe {
	margin: number;
	magnitude: number;
}

/** Runs the program on `leaves`; with a probe, also records kink margins and magnitudes and checks planned shapes. */
function execute(p: Program, leaves: Variable[], probe?: Probe): Variable {
	const nodes: Variable[] = [...leaves];
	for (const s of p.steps) {
		const a = nodes[s.args[0]] as Variable;
		const b = nodes[s.args[1]] as Variable;
		if (probe && s.op.kink) probe.margin = Math.min(probe.margin, s.op.kink(a.value, b.value, s.attrs));
		const out = s.op.apply(a, b, s.attrs);
		if (probe) {
			expect(out.shape, `${s.op.name} shape`).toEqual(s.shape);
			for (const v of out.value.dataSync()) {
				probe.magnitude = Math.max(probe.magnitude, Number.isFinite(v) ? Math.abs(v) : Number.POSITIVE_INFINITY);
			}
		}
		nodes.push(out);
	}
	let out = nodes[nodes.length - 1] as Variable;
	for (const i of p.sinks) out = out.add((nodes[i] as Variable).sum());
	return out;
}

const instructionArb: fc.Arbitrary<Instruction> = fc.record({
	op: fc.nat({ max: 10_000 }),
	a: fc.nat({ max: 1000 }),
	b: fc.nat({ max: 1000 }),
	r: fc.nat({ max: 1000 }),
	flag: fc.boolean(),
	chain: fc.boolean(),
});

/** A program over 1-3 leaves whose shapes broadcast to a common target. */
const programArb: fc.Arbitrary<Program> = shapeArb({ minRank: 0, maxRank: 3 })
	.chain((target) =>
		fc.tuple(
			fc.array(broadcastableTo(target), { minLength: 1, maxLength: 3 }),
			fc.array(instructionArb, { minLength: 4, maxLength: 16 }),
		),
	)
	.map(([leafShapes, instructions]) => plan(leafShapes, instructions));

/** A program and float64 values for its leaves. */
const caseArb: fc.Arbitrary<[Program, Tensor[]]> = programArb.chain((p) =>
	fc.tuple(fc.constant(p), fc.tuple(...p.leafShapes.map((s) => tensorArb(s, { values: "any" })))),
);

describe("random expression graphs", () => {
	it("every gradient of a random graph passes gradCheck (eps 1e-6, atol 1e-5, rtol 1e-3, float64)", () => {
		let checked = 0;
		fc.assert(
			fc.property(caseArb, ([program, values]) => {
				const probe: Probe = { margin: Number.POSITIVE_INFINITY, magnitude: 0 };
				noGrad(() =>
					execute(
						program,
						values.map((v) => variable(v)),
						probe,
					),
				);
				fc.pre(probe.margin >= KINK_MARGIN && probe.magnitude <= MAX_MAGNITUDE);
				const report = gradCheck((...leaves) => execute(program, leaves), values, TORCH_TOLERANCES);
				if (!report.ok) {
					const inputs = values.map((v) => JSON.stringify(v.toArray())).join("\n  ");
					throw new Error(
						`gradCheck failed: ${JSON.stringify(report)}\n${describeProgram(program)}\n  leaves:\n  ${inputs}`,
					);
				}
				checked++;
			}),
			{ numRuns: RUNS },
		);
		expect(checked).toBe(RUNS);
	});

	it("the generator makes what the property claims: depth up to 6, shared nodes, broadcasting leaves, every op", () => {
		const programs = fc.sample(programArb, { numRuns: 400, seed: 20_240_601 });
		const depths = programs.map((p) => Math.max(0, ...p.steps.map((s) => s.depth)));
		expect(Math.max(...depths)).toBe(MAX_DEPTH);
		expect(depths.filter((d) => d === MAX_DEPTH).length / programs.length).toBeGreaterThan(0.2);
		expect(programs.every((p) => p.steps.every((s) => s.depth <= MAX_DEPTH))).toBe(true);

		// a node read by two or more steps (or twice by one) is a shared subexpression
		const shared = programs.filter((p) => {
			const reads = new Map<number, number>();
			for (const s of p.steps) {
				const args = s.op.arity === 2 ? s.args : [s.args[0]];
				for (const i of args) reads.set(i, (reads.get(i) ?? 0) + 1);
			}
			return [...reads.values()].some((n) => n >= 2);
		});
		expect(shared.length / programs.length).toBeGreaterThan(0.8);

		const broadcasting = programs.filter((p) => new Set(p.leafShapes.map((s) => JSON.stringify(s))).size > 1);
		expect(broadcasting.length / programs.length).toBeGreaterThan(0.25);

		const used = new Set(programs.flatMap((p) => p.steps.map((s) => s.op.name)));
		expect([...used].sort()).toEqual(OPS.map((o) => o.name).sort());
	});
});
