/** Workload 4: elementwise `add` (two operands) and `sigmoid` over 1e6 elements, ms per op. */
import type { DType } from "@backprop/tensor";
import type { Outputs, Tolerance } from "../agreement";
import type { BenchConfig } from "../config";
import { caseRng, normalArray } from "../data";
import type { CaseSpec, Suite } from "./types";

/** The elementwise ops measured. */
export type ElementwiseOp = "add" | "sigmoid";

/** The inputs of one elementwise case. */
export interface ElementwiseCase {
	/** Which op. */
	op: ElementwiseOp;
	/** First operand (the only one for sigmoid). */
	a: Float64Array;
	/** Second operand of `add`. */
	b: Float64Array;
}

const OPS: readonly ElementwiseOp[] = ["add", "sigmoid"];

const TOLERANCE: Record<DType, Tolerance> = {
	float64: { atol: 1e-15, rtol: 1e-13 },
	float32: { atol: 1e-6, rtol: 1e-6 },
};

/** Elementwise add and sigmoid over `elementwiseSize` elements, each a fresh result. */
export const elementwiseSuite: Suite<ElementwiseCase> = {
	name: "elementwise",
	cases: (config: BenchConfig): CaseSpec[] =>
		OPS.map((op) => ({ workload: `elementwise-${op}`, size: config.elementwiseSize })),
	makeData(spec: CaseSpec, config: BenchConfig): ElementwiseCase {
		const op = spec.workload.replace("elementwise-", "") as ElementwiseOp;
		// The same operands for both ops; std 4 so sigmoid sees its tails too.
		const rng = caseRng(config.seed, `elementwise-${spec.size}`);
		return { op, a: normalArray(rng, spec.size, 4), b: normalArray(rng, spec.size, 4) };
	},
	reference(data: ElementwiseCase): Outputs {
		const out = new Float64Array(data.a.length);
		if (data.op === "add") for (let i = 0; i < out.length; i++) out[i] = data.a[i] + data.b[i];
		else for (let i = 0; i < out.length; i++) out[i] = 1 / (1 + Math.exp(-data.a[i]));
		return { result: out };
	},
	tolerance: (dtype: DType): Tolerance => TOLERANCE[dtype],
	timing: (config: BenchConfig) => config.elementwiseTiming,
	metrics: () => ({}),
};
