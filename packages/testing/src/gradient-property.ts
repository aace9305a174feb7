/**
 * Gradient properties for users' ops and functions: gradCheck (analytic against
 * central finite differences, PyTorch's tolerances) on every input fast-check
 * draws, failing with the shrunk counterexample and where it disagrees.
 */
import {
	type GradCheckOptions,
	type GradCheckReport,
	gradCheck,
	type Op,
	type Variable,
	variable,
} from "@backprop/autograd";
import { formatTensor, type Tensor } from "@backprop/tensor";
import fc from "fast-check";

/** Options for {@link assertGradients} and {@link assertOpGradient}. */
export interface GradientPropertyOptions extends GradCheckOptions {
	/** Random inputs tried (default 100, fast-check's). */
	numRuns?: number;
	/** fast-check's seed, to replay a failure (default random; printed on failure). */
	propertySeed?: number;
	/** fast-check's path, with `propertySeed`, to replay a failure directly. */
	path?: string;
	/** A name for messages (default the function's name). */
	name?: string;
}

/** PyTorch's `gradcheck` tolerances (eps 1e-6, atol 1e-5, rtol 1e-3), the defaults here. */
export const TORCH_TOLERANCES = { eps: 1e-6, atol: 1e-5, rtol: 1e-3 } as const;

/** The failure {@link assertGradients} throws: its message holds the shrunk inputs and the worst element. */
export class GradientCheckError extends Error {
	/** The shrunk inputs that fail. */
	readonly counterexample: readonly Tensor[] | null;
	/** gradCheck's report on them (null when the function threw instead). */
	readonly report: GradCheckReport | null;

	/** Builds the error (see the message for the details). */
	constructor(message: string, counterexample: readonly Tensor[] | null, report: GradCheckReport | null) {
		super(message);
		this.name = "GradientCheckError";
		this.counterexample = counterexample;
		this.report = report;
	}
}

function describeReport(report: GradCheckReport): string {
	const w = report.worst;
	const where = w
		? `worst element: input ${w.input} at [${w.index.join(", ")}]: analytic ${w.analytic}, numeric ${w.numeric}`
		: "no elements";
	return `${where} (max abs error ${report.maxAbsError.toExponential(3)}, max rel error ${report.maxRelError.toExponential(3)})`;
}

/**
 * Asserts that `fn`'s gradients match finite differences on every input list
 * `inputs` draws (each a list of tensors, one per argument). Throws a
 * {@link GradientCheckError} whose message shows the shrunk counterexample, the
 * element where analytic and numeric gradients differ most, and the seed and path
 * that replay it; rethrows nothing else (an exception inside `fn` is reported the same way).
 */
export function assertGradients(
	fn: (...inputs: Variable[]) => Variable,
	inputs: fc.Arbitrary<readonly Tensor[]>,
	options: GradientPropertyOptions = {},
): void {
	const tolerances: GradCheckOptions = {
		eps: options.eps ?? TORCH_TOLERANCES.eps,
		atol: options.atol ?? TORCH_TOLERANCES.atol,
		rtol: options.rtol ?? TORCH_TOLERANCES.rtol,
		...(options.seed !== undefined ? { seed: options.seed } : {}),
	};
	const details = fc.check(
		fc.property(inputs, (ts) => gradCheck(fn, ts, tolerances).ok),
		{
			...(options.numRuns !== undefined ? { numRuns: options.numRuns } : {}),
			...(options.propertySeed !== undefined ? { seed: options.propertySeed } : {}),
			...(options.path !== undefined ? { path: options.path } : {}),
		},
	);
	if (!details.failed) return;
	const name = options.name ?? (fn.name || "fn");
	const counterexample = details.counterexample?.[0] ?? null;
	let report: GradCheckReport | null = null;
	let failure: string;
	if (counterexample) {
		try {
			report = gradCheck(fn, counterexample, tolerances);
			failure = describeReport(report);
		} catch (e) {
			failure = `it threw ${String(e)}`;
		}
	} else failure = `it threw ${String(details.errorInstance)}`;
	const shown = counterexample ? counterexample.map((t, i) => `  input ${i}: ${formatTensor(t)}`).join("\n") : "";
	throw new GradientCheckError(
		`gradient check of ${name} failed after ${details.numRuns} run(s), shrunk ${details.numShrinks} time(s):\n${shown}\n  ${failure}\n  replay with { propertySeed: ${details.seed}, path: "${details.counterexamplePath ?? ""}" }`,
		counterexample,
		report,
	);
}

/**
 * {@link assertGradients} for an op made with `defineOp`: `op(inputs, attrs)` is
 * checked on every input list drawn. Throws a {@link GradientCheckError} naming the op.
 */
export function assertOpGradient<Attrs = undefined>(
	op: Op<Attrs>,
	inputs: fc.Arbitrary<readonly Tensor[]>,
	options: GradientPropertyOptions & { attrs?: Attrs } = {},
): void {
	const call = (...vars: Variable[]) => op(vars, options.attrs);
	try {
		assertGradients(call, inputs, { ...options, name: options.name ?? "the op" });
	} catch (e) {
		if (!(e instanceof GradientCheckError) || options.name !== undefined || !e.counterexample) throw e;
		// The op's own name, read from the graph node it records on the counterexample.
		let name: string | undefined;
		try {
			name = call(...e.counterexample.map((t) => variable(t, { requiresGrad: true }))).node?.op;
		} catch {
			name = undefined;
		}
		if (name === undefined) throw e;
		throw new GradientCheckError(e.message.replace("of the op", `of op '${name}'`), e.counterexample, e.report);
	}
}
