/**
 * How the layer chain's value relates to the ONNX value it stands for. ONNX
 * convolutions are NCHW and ours NHWC, and Transpose, Squeeze or Reshape nodes
 * need not become layers at all: the import keeps
 *
 *   ONNX value = reshape(transpose(chain value, perm), shape)
 *
 * and only writes a Permute (or Flatten/Reshape) layer where a row needs the chain
 * to hold the ONNX value in a given axis order.
 */
import { Flatten, Permute, Reshape } from "@backprop/nn";
import { ModuleSpec } from "./layer-specs";
import type { NodeView } from "./node-view";

/** A shape, batch as null. */
export type Shape = (number | null)[];

/** `[2,N,3]`, as messages show shapes. */
export function shapeText(shape: readonly (number | null)[]): string {
	return `[${shape.map((d) => d ?? "N").join(",")}]`;
}

/** The identity permutation of `rank` axes. */
export function identity(rank: number): number[] {
	return Array.from({ length: rank }, (_, i) => i);
}

/** True when `perm` leaves every axis where it is. */
export function isIdentity(perm: readonly number[]): boolean {
	return perm.every((p, i) => p === i);
}

/** The shape of transpose(x, perm): axis i of the result is axis perm[i] of x. */
export function transposeShape<T>(shape: readonly T[], perm: readonly number[]): T[] {
	return perm.map((p) => shape[p] as T);
}

/** The permutation undoing `perm`. */
export function inverse(perm: readonly number[]): number[] {
	const out = new Array<number>(perm.length);
	perm.forEach((p, i) => {
		out[p] = i;
	});
	return out;
}

/** The chain's value and how the ONNX value is made from it; what the rows read and move. */
export interface LayoutState {
	/** Shape of the ONNX value the next node reads, batch as null. */
	shape: Shape;
	/** Shape of the layer chain's value (batch first). */
	chainShape: Shape;
	/** ONNX value = reshape(transpose(chain, perm), shape). */
	perm: number[];
	/** The layers read so far. */
	readonly layers: { push(spec: ModuleSpec): unknown };
}

function sameShape(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
	return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** True when no reshape is pending: the ONNX value is the chain's value transposed by perm. */
export function onlyTransposed(state: LayoutState): boolean {
	return sameShape(transposeShape(state.chainShape, state.perm), state.shape);
}

function addPermute(state: LayoutState, perm: readonly number[], node: NodeView): void {
	if (perm[0] !== 0) {
		node.fail(
			`needs its input ${shapeText(state.shape)} with the batch axis first, which no layer can give (the batch axis of the layers' value would move)`,
		);
	}
	const dims = perm.slice(1);
	state.layers.push(new ModuleSpec(`${node.where} (a Permute before it)`, () => new Permute(dims)));
	state.chainShape = transposeShape(state.chainShape, perm);
}

/**
 * False when transposing by `perm` keeps the values in the same row-major order
 * (it only moves axes of size 1), so a reshape after it needs no Permute.
 */
function movesValues(perm: readonly number[], shape: Shape): boolean {
	const moved = perm.filter((p) => shape[p] !== 1);
	return moved.some((p, i) => i > 0 && p < (moved[i - 1] as number));
}

/** Makes the chain hold exactly the ONNX value (Permute, then Flatten or Reshape layers as needed). */
export function holdExact(state: LayoutState, node: NodeView): void {
	holdTransposed(state, identity(state.shape.length), node);
}

/**
 * Makes the chain hold transpose(ONNX value, q), adding a Permute (after a
 * Flatten/Reshape for a pending reshape) only where the chain does not already.
 * Throws OnnxError naming `node` when that would move the batch axis.
 */
export function holdTransposed(state: LayoutState, q: readonly number[], node: NodeView): void {
	if (!onlyTransposed(state)) {
		if (movesValues(state.perm, state.chainShape)) addPermute(state, state.perm, node);
		const [batch, ...rest] = state.shape;
		if (batch !== null || rest.some((d) => d === null)) {
			node.fail(`needs its input ${shapeText(state.shape)} as a layer's value, with the batch axis first`);
		}
		const target = rest as number[];
		const where = `${node.where} (a ${target.length === 1 ? "Flatten" : "Reshape"} before it)`;
		state.layers.push(new ModuleSpec(where, () => (target.length === 1 ? new Flatten() : new Reshape(target))));
		state.chainShape = [...state.shape];
		state.perm = identity(state.shape.length);
	}
	const composed = q.map((i) => state.perm[i] as number);
	if (!isIdentity(composed)) addPermute(state, composed, node);
	state.perm = inverse(q);
}

/**
 * Makes ONNX axis `axis` the chain's last axis (what per-feature layers act on),
 * keeping the layout when it already is. Throws OnnxError naming `node` as
 * {@link holdTransposed}.
 */
export function holdAxisLast(state: LayoutState, axis: number, node: NodeView): void {
	const rank = state.shape.length;
	if (onlyTransposed(state) && state.perm[axis] === rank - 1) return;
	holdTransposed(state, [...identity(rank).filter((i) => i !== axis), axis], node);
}

/** The ONNX axis `axis` (negative counts from the end) of a rank-`rank` value; throws naming `node` when out of range. */
export function axisOf(axis: number, rank: number, node: NodeView, what = "axis"): number {
	const a = axis < 0 ? axis + rank : axis;
	if (!Number.isInteger(a) || a < 0 || a >= rank) node.fail(`${what} ${axis} is out of range for a rank-${rank} value`);
	return a;
}
