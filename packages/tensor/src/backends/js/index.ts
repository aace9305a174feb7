/**
 * The `js` backend: plain loops over typed arrays (and ndarray-ops for strided
 * and broadcast operands). It runs everywhere and is the reference the other
 * backends are tested against.
 */
import { allocate } from "../../dtype";
import type { Backend, Kernels } from "../backend";
import { binaryKernels, rowKernels, scalarKernels, unaryKernels } from "./elementwise";
import { adamStep, axpy, fusedGrad, rmspropStep, sumSquaredDifference } from "./fused";
import { matmulKernelStrided } from "./matmul";
import { avgPool, avgPoolGrad, maxPool, maxPoolGrad } from "./pool";
import { argmax, extremeMask, reduce } from "./reduce";
import { gatherRows, scatterAddRows } from "./rows";
import { binaryStrided, copy } from "./strided";
import { col2im, im2col } from "./window";

const kernels: Kernels = {
	unary: (op, x, out) => unaryKernels[op](x, out),
	binary: (op, a, b, out) => binaryKernels[op](a, b, out),
	binaryScalar: (op, a, s, out) => scalarKernels[op](a, s, out),
	binaryRow: (op, a, b, out) => rowKernels[op](a, b, out),
	binaryStrided,
	copy,
	where: (cond, a, b, out) => {
		for (let i = 0; i < out.length; i++) out[i] = cond[i] !== 0 ? a[i] : b[i];
	},
	map: (x, fn, out) => {
		for (let i = 0; i < out.length; i++) out[i] = fn(x[i], i);
	},
	reduce,
	argmax,
	extremeMask,
	matmul: matmulKernelStrided,
	fusedGrad,
	gatherRows,
	scatterAddRows,
	im2col,
	col2im,
	maxPool,
	maxPoolGrad,
	avgPool,
	avgPoolGrad,
	sumSquaredDifference,
	axpy,
	adamStep,
	rmspropStep,
};

/** The `js` backend. */
export const jsBackend: Backend = { name: "js", allocate, kernels };
