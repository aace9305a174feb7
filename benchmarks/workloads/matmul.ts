/** Workload 1: square matmul C = A·B for n×n float matrices, reported in GFLOP/s (2n³ flops). */
import type { DType } from "@backprop/tensor";
import type { Outputs, Tolerance } from "../agreement";
import type { BenchConfig } from "../config";
import { caseRng, normalArray } from "../data";
import type { CaseSpec, Suite } from "./types";

/** The inputs of one matmul case, row-major float64 (float32-representable). */
export interface MatmulCase {
	/** Matrix size. */
	n: number;
	/** Left operand, n×n. */
	a: Float64Array;
	/** Right operand, n×n. */
	b: Float64Array;
}

/** The float64 product by the textbook triple loop: slow, obviously right. */
export function referenceMatmul(a: Float64Array, b: Float64Array, n: number): Float64Array {
	const out = new Float64Array(n * n);
	const row = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		row.fill(0);
		for (let p = 0; p < n; p++) {
			const aip = a[i * n + p];
			for (let j = 0; j < n; j++) row[j] = row[j] + aip * b[p * n + j];
		}
		out.set(row, i * n);
	}
	return out;
}

const TOLERANCE: Record<DType, Tolerance> = {
	float64: { atol: 0, rtol: 1e-10 },
	float32: { atol: 0, rtol: 1e-4 },
};

/** Square matmul at the configured sizes. */
export const matmulSuite: Suite<MatmulCase> = {
	name: "matmul",
	cases: (config: BenchConfig): CaseSpec[] => config.matmulSizes.map((n) => ({ workload: "matmul", size: n })),
	makeData(spec: CaseSpec, config: BenchConfig): MatmulCase {
		const rng = caseRng(config.seed, `matmul-${spec.size}`);
		const n = spec.size;
		return { n, a: normalArray(rng, n * n), b: normalArray(rng, n * n) };
	},
	reference: (data: MatmulCase): Outputs => ({ product: referenceMatmul(data.a, data.b, data.n) }),
	tolerance: (dtype: DType): Tolerance => TOLERANCE[dtype],
	timing: (config: BenchConfig) => config.matmulTiming,
	metrics: (spec: CaseSpec, medianMs: number) => ({ gflops: (2 * spec.size ** 3) / (medianMs * 1e6) }),
};
