/**
 * The performance targets of issues 7 and 15, checked against a run's results. They are
 * reported, never asserted: speed belongs in the benchmark, not in tests.
 */
import type { DType } from "@backprop/tensor";
import type { BenchResult } from "./results";

/** One target checked for one backprop case. */
export interface TargetCheck {
	/** What the target says, e.g. `matmul >= 3x tfjs-cpu GFLOP/s`. */
	target: string;
	/** Workload checked. */
	workload: string;
	/** Case size checked. */
	size: number;
	/** backprop's dtype. */
	dtype: DType;
	/** backprop's variant, if any. */
	variant?: string;
	/** The measured ratio (higher is better), or null when not measured. */
	value: number | null;
	/** The ratio the target requires. */
	required: number;
	/** `met`, `missed`, `not measured` (backprop's case skipped or failed), or `no peer` (the peer it is compared with did not run). */
	status: "met" | "missed" | "not measured" | "no peer";
}

interface TargetRule {
	target: string;
	workload: string;
	minSize?: number;
	ratio: "speedupVsTfjsCpu" | "speedupVsPlain" | "speedupVsBrainJs";
	required: number;
}

const RULES: readonly TargetRule[] = [
	{
		target: "matmul >= 3x tfjs-cpu GFLOP/s (n >= 128)",
		workload: "matmul",
		minSize: 128,
		ratio: "speedupVsTfjsCpu",
		required: 3,
	},
	{ target: "MLP step >= 3x tfjs-cpu samples/s", workload: "mlp-step", ratio: "speedupVsTfjsCpu", required: 3 },
	{ target: "CNN step >= 3x tfjs-cpu samples/s", workload: "conv-step", ratio: "speedupVsTfjsCpu", required: 3 },
	{
		target: "tiny network >= 20x faster than tfjs-cpu minimize",
		workload: "tiny-network",
		ratio: "speedupVsTfjsCpu",
		required: 20,
	},
	{
		target: "elementwise add within 1.5x of plain",
		workload: "elementwise-add",
		ratio: "speedupVsPlain",
		required: 1 / 1.5,
	},
	{
		target: "elementwise sigmoid within 1.5x of plain",
		workload: "elementwise-sigmoid",
		ratio: "speedupVsPlain",
		required: 1 / 1.5,
	},
	// Issue 15: the compiled training step.
	{ target: "tiny network within 2x of plain", workload: "tiny-network", ratio: "speedupVsPlain", required: 1 / 2 },
	{ target: "tiny network faster than brain.js", workload: "tiny-network", ratio: "speedupVsBrainJs", required: 1 },
	{ target: "MLP step >= 1.0x plain", workload: "mlp-step", ratio: "speedupVsPlain", required: 1 },
	{ target: "mid-size step within 1.5x of plain", workload: "mid-step", ratio: "speedupVsPlain", required: 1 / 1.5 },
];

/** Every target for every backprop case that was meant to run (measured or not). */
export function checkTargets(
	results: readonly BenchResult[],
	attempted: readonly { workload: string; size: number; engine: string; dtype: DType; variant?: string }[],
): TargetCheck[] {
	const checks: TargetCheck[] = [];
	for (const rule of RULES) {
		const cases = attempted.filter(
			(c) => c.engine === "backprop" && c.workload === rule.workload && c.size >= (rule.minSize ?? 0),
		);
		for (const c of cases) {
			const r = results.find(
				(x) =>
					x.engine === "backprop" &&
					x.workload === c.workload &&
					x.size === c.size &&
					x.dtype === c.dtype &&
					x.variant === c.variant,
			);
			const value = r?.[rule.ratio] ?? null;
			checks.push({
				target: rule.target,
				workload: c.workload,
				size: c.size,
				dtype: c.dtype,
				...(c.variant ? { variant: c.variant } : {}),
				value,
				required: rule.required,
				status: !r ? "not measured" : value === null ? "no peer" : value >= rule.required ? "met" : "missed",
			});
		}
	}
	return checks;
}
