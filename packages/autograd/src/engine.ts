/**
 * Reverse mode: order the graph topologically (iteratively, so a chain of
 * 100 000 ops cannot overflow the stack), walk it backwards accumulating
 * dLoss/dNode, and hand each leaf its gradient.
 */
import { formatShape, ones, ShapeError, sameShape, type Tensor } from "@backprop/tensor";
import type { Variable } from "./variable";

/** Options for `backward()` (the engine's runBackward). */
export interface BackwardOptions {
	/** Keep the graph so backward can run through it again (default false: release it). */
	retainGraph?: boolean;
}

// Post-order depth-first search with an explicit stack: each variable appears after every
// variable it was computed from, so the reverse visits outputs before their inputs.
let pass = 0;

function topologicalOrder(root: Variable): Variable[] {
	// Each backward pass stamps the variables it reaches (cheaper than a Set per pass).
	const mark = ++pass;
	const order: Variable[] = [];
	const stack: Variable[] = [root];
	const next: number[] = [0];
	root.visitMark = mark;
	root.pendingGrad = null;
	while (stack.length > 0) {
		const top = stack.length - 1;
		const v = stack[top] as Variable;
		const node = v.node;
		if (node?.released) {
			throw new Error(
				`backward: the graph through '${node.op}' was released by an earlier backward(); ` +
					"call backward(grad, { retainGraph: true }) the first time to run backward twice",
			);
		}
		const k = next[top];
		if (node !== null && k < node.inputs.length) {
			next[top] = k + 1;
			const child = node.inputs[k] as Variable;
			if (child.requiresGrad && child.visitMark !== mark) {
				child.visitMark = mark;
				child.pendingGrad = null; // nothing stale from a backward that threw halfway
				stack.push(child);
				next.push(0);
			}
		} else {
			stack.pop();
			next.pop();
			order.push(v);
		}
	}
	return order;
}

/**
 * Backpropagates from `root`, seeded with `grad` (ones for a single-element root).
 * Leaves (and variables that called `retainGrad`) accumulate into `.grad`.
 * Throws an Error if `root` does not require a gradient or the graph was released,
 * and ShapeError if the seed's shape differs from the root's.
 */
export function runBackward(root: Variable, grad: Tensor | undefined, options: BackwardOptions = {}): void {
	if (!root.requiresGrad) {
		throw new Error("backward: this variable does not require a gradient (no input had requiresGrad: true)");
	}
	let seed = grad;
	if (seed === undefined) {
		if (root.size !== 1) {
			throw new ShapeError(
				`backward: a seed gradient is needed for an output of shape ${formatShape(root.shape)} (only single-element outputs default to 1)`,
			);
		}
		seed = ones(root.shape, { dtype: root.dtype });
	} else if (!sameShape(seed.shape, root.shape)) {
		throw new ShapeError(
			`backward: seed gradient of shape ${formatShape(seed.shape)} does not match output of shape ${formatShape(root.shape)}`,
		);
	}
	const order = topologicalOrder(root);
	// dLoss/dv waits on v itself (pendingGrad) until v's turn comes.
	root.pendingGrad = seed;
	for (let i = order.length - 1; i >= 0; i--) {
		const v = order[i] as Variable;
		const g = v.pendingGrad;
		v.pendingGrad = null;
		const node = v.node;
		if (g === null) continue;
		if (!node || v.retainsGrad) v.accumulateGrad(g);
		if (!node) continue;
		const inputGrads = node.backward(g);
		for (let k = 0; k < node.inputs.length; k++) {
			const input = node.inputs[k] as Variable;
			const ig = inputGrads[k];
			if (!input.requiresGrad || ig === null || ig === undefined) continue;
			input.pendingGrad = input.pendingGrad === null ? ig : input.pendingGrad.add(ig);
		}
		if (!options.retainGraph) node.release();
	}
}
