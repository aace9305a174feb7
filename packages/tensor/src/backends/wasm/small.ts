/**
 * Small calls straight to the js kernels. Each wrapper here is one size test and
 * one call, so V8 inlines it (and the js kernel behind it) into the op that calls
 * it: a tiny network on the `wasm` backend runs the js backend's code at the js
 * backend's cost. The wasm kernels (kernels.ts), with their operand and module
 * checks, are reached only by calls big enough to use them; they are separate
 * functions, so their size does not count against the caller's inlining budget.
 */
import type { Kernels } from "../backend";
import { MIN_ELEMENTWISE, MIN_MATMUL_WORK } from "./kernels";

/** `wasm`'s kernels behind a size test: calls below the thresholds run `js`'s. */
export function smallCallsToJs(wasm: Partial<Kernels>, js: Kernels): Partial<Kernels> {
	const out: Partial<Kernels> = { ...wasm };
	const { unary, binary, binaryScalar, binaryRow, fusedGrad, axpy, adamStep, matmul } = wasm;
	if (unary) out.unary = (op, x, o) => (o.length < MIN_ELEMENTWISE ? js.unary(op, x, o) : unary(op, x, o));
	if (binary) out.binary = (op, a, b, o) => (o.length < MIN_ELEMENTWISE ? js.binary(op, a, b, o) : binary(op, a, b, o));
	if (binaryScalar) {
		out.binaryScalar = (op, a, s, o) =>
			o.length < MIN_ELEMENTWISE ? js.binaryScalar(op, a, s, o) : binaryScalar(op, a, s, o);
	}
	if (binaryRow) {
		out.binaryRow = (op, a, b, o) => (o.length < MIN_ELEMENTWISE ? js.binaryRow(op, a, b, o) : binaryRow(op, a, b, o));
	}
	if (fusedGrad) {
		out.fusedGrad = (op, g, s, o) => (o.length < MIN_ELEMENTWISE ? js.fusedGrad(op, g, s, o) : fusedGrad(op, g, s, o));
	}
	if (axpy)
		out.axpy = (a, alpha, b, o) => (o.length < MIN_ELEMENTWISE ? js.axpy(a, alpha, b, o) : axpy(a, alpha, b, o));
	if (adamStep) {
		out.adamStep = (p, g, m, v, h, o) =>
			o.length < MIN_ELEMENTWISE ? js.adamStep(p, g, m, v, h, o) : adamStep(p, g, m, v, h, o);
	}
	if (matmul) {
		out.matmul = (a, b, o, m, k, n, offset) =>
			m < 4 || n < 4 || m * n * k < MIN_MATMUL_WORK
				? js.matmul(a, b, o, m, k, n, offset)
				: matmul(a, b, o, m, k, n, offset);
	}
	return out;
}
