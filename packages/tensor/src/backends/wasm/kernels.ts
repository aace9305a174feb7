/**
 * The wasm backend's kernels: each checks the call is big enough to pay for the
 * trip into WebAssembly and that the module has the op, else runs the `js`
 * kernel (small tensors pay no toll; float64 transcendentals stay Math.*, so the
 * float64 figures match the js backend exactly). Operands whose storage is in the
 * arena are passed as byte offsets; others are copied into temporary blocks and
 * results copied back out.
 */
import type { TypedArray } from "../../dtype";
import type {
	AdamStep,
	ArithmeticOpName,
	BinaryOpName,
	FusedGradName,
	Kernels,
	StridedMatrix,
	UnaryOpName,
	WindowGeometry,
} from "../backend";
import type { Arena } from "./arena";
import type { KernelExports, PoolArgs, WindowArgs } from "./instance";

/** Elementwise calls on fewer elements run the js kernels (the call and dispatch cost more than the loop saves). */
export const MIN_ELEMENTWISE = 256;
/** Products of fewer multiply-adds run the js kernel. */
export const MIN_MATMUL_WORK = 16 * 16 * 16;

const BINARY_OPS: readonly BinaryOpName[] = [
	"add",
	"sub",
	"mul",
	"div",
	"maximum",
	"minimum",
	"eq",
	"ne",
	"lt",
	"le",
	"gt",
	"ge",
];
const UNARY_F32: readonly UnaryOpName[] = [
	"neg",
	"abs",
	"sqrt",
	"relu",
	"square",
	"reciprocal",
	"exp",
	"sigmoid",
	"tanh",
];
const UNARY_F64: readonly UnaryOpName[] = ["neg", "abs", "sqrt", "relu", "square", "reciprocal"];
const GRADS: readonly FusedGradName[] = ["sigmoid", "tanh", "relu"];

/** The loaded module with its memory. */
export interface WasmState {
	readonly arena: Arena;
	readonly exports: KernelExports;
	/** Offset of the matmul packing block. */
	readonly packing: number;
}

/**
 * Pointers for one call's operands. `input` and `output` give an arena offset for an
 * array, copying non-arena arrays into temporary blocks; `finish` copies outputs back
 * and frees the temporaries. Any pointer is -1 when the arena has no room.
 */
class Operands {
	private readonly temps: number[] = [];
	private readonly outs: { data: TypedArray; start: number; length: number; ptr: number }[] = [];
	constructor(private readonly arena: Arena) {}

	input(data: TypedArray, start = 0, length = data.length - start): number {
		if (this.arena.holds(data)) return data.byteOffset + start * data.BYTES_PER_ELEMENT;
		const ptr = this.temp(length * data.BYTES_PER_ELEMENT);
		if (ptr >= 0) this.view(data, ptr, length).set(data.subarray(start, start + length));
		return ptr;
	}

	/** `read`: the kernel reads `out` too (accumulates), so its values are copied in. */
	output(data: TypedArray, start = 0, length = data.length - start, read = false): number {
		if (this.arena.holds(data)) return data.byteOffset + start * data.BYTES_PER_ELEMENT;
		const ptr = read ? this.input(data, start, length) : this.temp(length * data.BYTES_PER_ELEMENT);
		if (ptr >= 0) this.outs.push({ data, start, length, ptr });
		return ptr;
	}

	finish(): void {
		for (const o of this.outs) o.data.set(this.view(o.data, o.ptr, o.length), o.start);
		this.release();
	}

	/** Frees the temporaries without copying anything back. */
	release(): void {
		for (let i = 0; i < this.temps.length; i += 2) this.arena.dealloc(this.temps[i], this.temps[i + 1]);
		this.temps.length = 0;
		this.outs.length = 0;
	}

	private temp(bytes: number): number {
		const ptr = this.arena.alloc(bytes, false);
		if (ptr >= 0) this.temps.push(ptr, bytes);
		return ptr;
	}

	private view(like: TypedArray, ptr: number, length: number): TypedArray {
		return like instanceof Float32Array
			? new Float32Array(this.arena.buffer, ptr, length)
			: new Float64Array(this.arena.buffer, ptr, length);
	}
}

/** A window geometry as the module's arguments (WindowGeometry's field order). */
function windowArgs(g: WindowGeometry): WindowArgs {
	return [
		g.batch,
		g.inHeight,
		g.inWidth,
		g.channels,
		g.outHeight,
		g.outWidth,
		g.windowHeight,
		g.windowWidth,
		g.strideHeight,
		g.strideWidth,
		g.dilationHeight,
		g.dilationWidth,
		g.padTop,
		g.padLeft,
	];
}

/** A pooling geometry as the module's arguments (no dilations: pooling windows are never dilated). */
function poolArgs(g: WindowGeometry): PoolArgs {
	return [
		g.batch,
		g.inHeight,
		g.inWidth,
		g.channels,
		g.outHeight,
		g.outWidth,
		g.windowHeight,
		g.windowWidth,
		g.strideHeight,
		g.strideWidth,
		g.padTop,
		g.padLeft,
	];
}

function codes<T extends string>(exports: KernelExports, prefix: string, names: readonly T[]): Map<T, number> {
	return new Map(
		names.map((name) => [name, exports[`${prefix}${name.toUpperCase()}` as `OP_${string}`].value as number]),
	);
}

/** Same element type for every array (mixed-dtype calls go to the js kernels). */
function sameType(f32: boolean, ...arrays: TypedArray[]): boolean {
	for (const a of arrays) if (a instanceof Float32Array !== f32) return false;
	return true;
}

/**
 * The kernels over a loaded module, `js` serving what it lacks. `state()` is read
 * on every call: null (module not loaded yet, as in a browser before `ready()`)
 * sends every call to `js`.
 */
export function createKernels(state: () => WasmState | null, js: Kernels): Partial<Kernels> {
	let cache: {
		s: WasmState;
		binary: Map<BinaryOpName, number>;
		unary32: Map<UnaryOpName, number>;
		unary64: Map<UnaryOpName, number>;
		grads: Map<FusedGradName, number>;
		ops: Operands;
	} | null = null;
	const loaded = () => {
		const s = state();
		if (s === null) return null;
		if (cache === null || cache.s !== s) {
			cache = {
				s,
				binary: codes(s.exports, "OP_", BINARY_OPS),
				unary32: codes(s.exports, "OP_", UNARY_F32),
				unary64: codes(s.exports, "OP_", UNARY_F64),
				grads: codes(s.exports, "GRAD_", GRADS),
				ops: new Operands(s.arena),
			};
		}
		return cache;
	};

	/**
	 * One window-kernel call: in WebAssembly when `size` reaches the threshold, every
	 * input has `out`'s element type and the arena has room for any copies (`inputs`
	 * become pointers; `out` is copied in first when the kernel `reads` it), else
	 * `fallback`, the js kernel.
	 */
	const windowCall = (
		size: number,
		inputs: readonly TypedArray[],
		out: TypedArray,
		reads: boolean,
		run: (exports: KernelExports, f32: boolean, pointers: number[], po: number) => void,
		fallback: () => void,
	): void => {
		const c = size >= MIN_ELEMENTWISE ? loaded() : null;
		const f32 = out instanceof Float32Array;
		if (c === null || !sameType(f32, ...inputs)) {
			fallback();
			return;
		}
		const pointers = inputs.map((x) => c.ops.input(x));
		const po = c.ops.output(out, 0, out.length, reads);
		if (po < 0 || pointers.some((p) => p < 0)) {
			c.ops.release();
			fallback();
			return;
		}
		run(c.s.exports, f32, pointers, po);
		c.ops.finish();
	};

	return {
		unary(op: UnaryOpName, x: TypedArray, out: TypedArray): void {
			const c = out.length >= MIN_ELEMENTWISE ? loaded() : null;
			const f32 = out instanceof Float32Array;
			const code = c === null ? undefined : (f32 ? c.unary32 : c.unary64).get(op);
			if (c === null || code === undefined || !sameType(f32, x)) {
				js.unary(op, x, out);
				return;
			}
			const px = c.ops.input(x);
			const po = c.ops.output(out);
			if (px < 0 || po < 0) {
				c.ops.release();
				js.unary(op, x, out);
				return;
			}
			(f32 ? c.s.exports.unaryF32 : c.s.exports.unaryF64)(code, px, po, out.length);
			c.ops.finish();
		},

		binary(op: BinaryOpName, a: TypedArray, b: TypedArray, out: TypedArray): void {
			const c = out.length >= MIN_ELEMENTWISE ? loaded() : null;
			const f32 = out instanceof Float32Array;
			const code = c?.binary.get(op);
			if (c === null || code === undefined || !sameType(f32, a, b)) {
				js.binary(op, a, b, out);
				return;
			}
			const pa = c.ops.input(a);
			const pb = c.ops.input(b);
			const po = c.ops.output(out);
			if (pa < 0 || pb < 0 || po < 0) {
				c.ops.release();
				js.binary(op, a, b, out);
				return;
			}
			(f32 ? c.s.exports.binaryF32 : c.s.exports.binaryF64)(code, pa, pb, po, out.length);
			c.ops.finish();
		},

		binaryScalar(op: BinaryOpName, a: TypedArray, s: number, out: TypedArray): void {
			const c = out.length >= MIN_ELEMENTWISE ? loaded() : null;
			const f32 = out instanceof Float32Array;
			const code = c?.binary.get(op);
			if (c === null || code === undefined || !sameType(f32, a)) {
				js.binaryScalar(op, a, s, out);
				return;
			}
			const pa = c.ops.input(a);
			const po = c.ops.output(out);
			if (pa < 0 || po < 0) {
				c.ops.release();
				js.binaryScalar(op, a, s, out);
				return;
			}
			(f32 ? c.s.exports.scalarF32 : c.s.exports.scalarF64)(code, pa, s, po, out.length);
			c.ops.finish();
		},

		binaryRow(op: ArithmeticOpName, a: TypedArray, b: TypedArray, out: TypedArray): void {
			const c = out.length >= MIN_ELEMENTWISE ? loaded() : null;
			const f32 = out instanceof Float32Array;
			const code = c?.binary.get(op);
			if (c === null || code === undefined || b.length === 0 || !sameType(f32, a, b)) {
				js.binaryRow(op, a, b, out);
				return;
			}
			const pa = c.ops.input(a);
			const pb = c.ops.input(b);
			const po = c.ops.output(out);
			if (pa < 0 || pb < 0 || po < 0) {
				c.ops.release();
				js.binaryRow(op, a, b, out);
				return;
			}
			(f32 ? c.s.exports.rowF32 : c.s.exports.rowF64)(code, pa, pb, po, out.length / b.length, b.length);
			c.ops.finish();
		},

		fusedGrad(op: FusedGradName, g: TypedArray, saved: TypedArray, out: TypedArray): void {
			const c = out.length >= MIN_ELEMENTWISE ? loaded() : null;
			const f32 = out instanceof Float32Array;
			const code = c?.grads.get(op);
			if (c === null || code === undefined || !sameType(f32, g, saved)) {
				js.fusedGrad(op, g, saved, out);
				return;
			}
			const pg = c.ops.input(g);
			const ps = c.ops.input(saved);
			const po = c.ops.output(out);
			if (pg < 0 || ps < 0 || po < 0) {
				c.ops.release();
				js.fusedGrad(op, g, saved, out);
				return;
			}
			(f32 ? c.s.exports.binaryF32 : c.s.exports.binaryF64)(code, pg, ps, po, out.length);
			c.ops.finish();
		},

		axpy(a: TypedArray, alpha: number, b: TypedArray, out: TypedArray): void {
			const c = out.length >= MIN_ELEMENTWISE ? loaded() : null;
			const f32 = out instanceof Float32Array;
			if (c === null || !sameType(f32, a, b)) {
				js.axpy(a, alpha, b, out);
				return;
			}
			const pa = c.ops.input(a);
			const pb = c.ops.input(b);
			const po = c.ops.output(out);
			if (pa < 0 || pb < 0 || po < 0) {
				c.ops.release();
				js.axpy(a, alpha, b, out);
				return;
			}
			(f32 ? c.s.exports.axpyF32 : c.s.exports.axpyF64)(pa, alpha, pb, po, out.length);
			c.ops.finish();
		},

		adamStep(param: TypedArray, grad: TypedArray, m: TypedArray, v: TypedArray, h: AdamStep, out: TypedArray): void {
			const c = out.length >= MIN_ELEMENTWISE ? loaded() : null;
			const f32 = out instanceof Float32Array;
			if (c === null || !sameType(f32, param, grad, m, v)) {
				js.adamStep(param, grad, m, v, h, out);
				return;
			}
			const pp = c.ops.input(param);
			const pg = c.ops.input(grad);
			const pm = c.ops.output(m, 0, m.length, true);
			const pv = c.ops.output(v, 0, v.length, true);
			const po = c.ops.output(out);
			if (pp < 0 || pg < 0 || pm < 0 || pv < 0 || po < 0) {
				c.ops.release();
				js.adamStep(param, grad, m, v, h, out);
				return;
			}
			// The same scalars, computed the same way, as the js kernel.
			const stepSize = h.lr / (1 - h.beta1 ** h.step);
			const correction = Math.sqrt(1 - h.beta2 ** h.step);
			(f32 ? c.s.exports.adamF32 : c.s.exports.adamF64)(
				pp,
				pg,
				pm,
				pv,
				po,
				out.length,
				h.beta1,
				1 - h.beta1,
				h.beta2,
				1 - h.beta2,
				stepSize,
				correction,
				h.eps,
				h.weightDecay,
			);
			c.ops.finish();
		},

		im2col(x: TypedArray, geometry: WindowGeometry, out: TypedArray): void {
			// Padding entries are left as they are (zero on entry), so `out` is read too.
			windowCall(
				out.length,
				[x],
				out,
				true,
				(e, _, [px], po) => e.im2col(out.BYTES_PER_ELEMENT, px, po, ...windowArgs(geometry)),
				() => js.im2col(x, geometry, out),
			);
		},

		col2im(cols: TypedArray, geometry: WindowGeometry, out: TypedArray): void {
			windowCall(
				cols.length,
				[cols],
				out,
				true,
				(e, f32, [pc], po) => (f32 ? e.col2imF32 : e.col2imF64)(pc, po, ...windowArgs(geometry)),
				() => js.col2im(cols, geometry, out),
			);
		},

		maxPool(x: TypedArray, geometry: WindowGeometry, out: TypedArray): void {
			windowCall(
				out.length,
				[x],
				out,
				false,
				(e, f32, [px], po) => (f32 ? e.maxPoolF32 : e.maxPoolF64)(px, 0, po, ...poolArgs(geometry)),
				() => js.maxPool(x, geometry, out),
			);
		},

		maxPoolGrad(x: TypedArray, g: TypedArray, geometry: WindowGeometry, out: TypedArray): void {
			windowCall(
				g.length,
				[x, g],
				out,
				true,
				(e, f32, [px, pg], po) => (f32 ? e.maxPoolGradF32 : e.maxPoolGradF64)(px, pg, po, ...poolArgs(geometry)),
				() => js.maxPoolGrad(x, g, geometry, out),
			);
		},

		avgPool(x: TypedArray, geometry: WindowGeometry, out: TypedArray): void {
			windowCall(
				out.length,
				[x],
				out,
				false,
				(e, f32, [px], po) => (f32 ? e.avgPoolF32 : e.avgPoolF64)(px, 0, po, ...poolArgs(geometry)),
				() => js.avgPool(x, geometry, out),
			);
		},

		avgPoolGrad(g: TypedArray, geometry: WindowGeometry, out: TypedArray): void {
			windowCall(
				g.length,
				[g],
				out,
				true,
				(e, f32, [pg], po) => (f32 ? e.avgPoolGradF32 : e.avgPoolGradF64)(0, pg, po, ...poolArgs(geometry)),
				() => js.avgPoolGrad(g, geometry, out),
			);
		},

		matmul(
			a: StridedMatrix,
			b: StridedMatrix,
			out: TypedArray,
			m: number,
			k: number,
			n: number,
			outOffset: number,
		): void {
			// m, n >= 4 also keeps float64 products on the js kernel's own packed path, whose sums these reproduce.
			const c = m >= 4 && n >= 4 && m * n * k >= MIN_MATMUL_WORK ? loaded() : null;
			const f32 = out instanceof Float32Array;
			if (
				c === null ||
				!sameType(f32, a.data, b.data) ||
				a.rowStride < 0 ||
				a.colStride < 0 ||
				b.rowStride < 0 ||
				b.colStride < 0
			) {
				js.matmul(a, b, out, m, k, n, outOffset);
				return;
			}
			// Only the span an operand's strides reach is copied when it lives outside the arena.
			const pa = c.ops.input(a.data, a.offset, (m - 1) * a.rowStride + (k - 1) * a.colStride + 1);
			const pb = c.ops.input(b.data, b.offset, (k - 1) * b.rowStride + (n - 1) * b.colStride + 1);
			const po = c.ops.output(out, outOffset, m * n, true);
			if (pa < 0 || pb < 0 || po < 0) {
				c.ops.release();
				js.matmul(a, b, out, m, k, n, outOffset);
				return;
			}
			const mm = f32 ? c.s.exports.matmulF32 : c.s.exports.matmulF64;
			mm(pa, a.rowStride, a.colStride, pb, b.rowStride, b.colStride, po, m, k, n, c.s.packing);
			c.ops.finish();
		},
	};
}
