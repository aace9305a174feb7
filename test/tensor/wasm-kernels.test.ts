import {
	type BinaryOpName,
	type FusedGradName,
	getBackend,
	type Kernels,
	setBackend,
	type TypedArray,
	type UnaryOpName,
	type WindowGeometry,
	wasmMemoryStats,
} from "@backprop/tensor";
import { afterAll, describe, expect, it } from "vitest";

// The wasm backend's kernels against the js backend's, kernel by kernel: float64
// results must be identical (same operations in the same order), float32 identical
// too except matmul (float32 accumulation) and exp/sigmoid/tanh (polynomials, whose
// error is bounded by the relative 2e-7 of wasm-accuracy.test.ts). Each case runs on
// storage from the wasm allocator (pointers passed in place) and on ordinary arrays
// (copied in and out), at lengths that exercise the SIMD tail.

setBackend("js");
const js = getBackend();
setBackend("wasm");
const wasm = getBackend();
afterAll(() => setBackend(process.env.BACKPROP_BACKEND ?? "wasm"));
const jsK = js.kernels as Kernels;
const wasmK = wasm.kernels as Kernels;

const DTYPES = ["float32", "float64"] as const;
const LENGTHS = [256, 257, 258, 259, 1001, 4099];
const SPECIAL = [
	0,
	-0,
	1,
	-1,
	Number.NaN,
	Number.POSITIVE_INFINITY,
	Number.NEGATIVE_INFINITY,
	1e-40,
	-1e-40,
	100,
	-100,
];

/** Deterministic values in [-4, 4) with the special values at the start. */
function values(n: number, seed: number): number[] {
	let s = seed;
	return Array.from({ length: n }, (_, i) => {
		if (i < SPECIAL.length) return SPECIAL[i];
		s = (s * 1103515245 + 12345) % 2147483648;
		return (s / 2147483648) * 8 - 4;
	});
}

/** Storage for `data`: in the wasm arena (`arena`), or an ordinary typed array. */
function storage(dtype: "float32" | "float64", data: number[], arena: boolean): TypedArray {
	const out = arena
		? wasm.allocate(dtype, data.length)
		: dtype === "float32"
			? new Float32Array(data.length)
			: new Float64Array(data.length);
	out.set(data);
	return out;
}

function expectSame(actual: TypedArray, expected: TypedArray): void {
	expect(actual.length).toBe(expected.length);
	for (let i = 0; i < actual.length; i++) {
		if (!Object.is(actual[i], expected[i])) expect([i, actual[i]]).toEqual([i, expected[i]]);
	}
}

describe("wasm backend kernels match the js backend", () => {
	it("hands out arena storage for tensors of 256 elements and more, ordinary arrays below", () => {
		const big = wasm.allocate("float32", 256);
		const small = wasm.allocate("float64", 255);
		expect(big.buffer).not.toBe(small.buffer);
		expect(big.buffer.byteLength).toBeGreaterThanOrEqual(64 * 1024 * 1024);
		expect(small.buffer.byteLength).toBe(255 * 8);
		expect(Array.from(big.subarray(0, 4))).toEqual([0, 0, 0, 0]);
		expect(wasmMemoryStats()?.liveBytes).toBeGreaterThan(0);
	});

	const unary: UnaryOpName[] = ["neg", "abs", "sqrt", "relu", "square", "reciprocal", "exp", "sigmoid", "tanh", "log"];
	for (const dtype of DTYPES) {
		for (const arena of [true, false]) {
			const where = arena ? "arena" : "JS arrays";
			it(`unary ops, ${dtype}, ${where}`, () => {
				for (const n of LENGTHS) {
					const x = storage(dtype, values(n, n), arena);
					for (const op of unary) {
						const a = storage(dtype, new Array(n).fill(7), arena);
						const b = storage(dtype, new Array(n).fill(7), arena);
						wasmK.unary(op, x, a);
						jsK.unary(op, x, b);
						if (dtype === "float32" && (op === "exp" || op === "sigmoid" || op === "tanh")) {
							for (let i = 0; i < n; i++) {
								const want = b[i];
								const got = a[i];
								// Both are float32 roundings of the true value: within 2e-7 relative of each other (plus subnormals).
								if (!Object.is(got, want))
									expect(Math.abs(got - want)).toBeLessThanOrEqual(3e-7 * Math.abs(want) + 1e-44);
							}
						} else expectSame(a, b);
					}
				}
			});

			it(`binary, scalar and row ops, ${dtype}, ${where}`, () => {
				const ops: BinaryOpName[] = [
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
					"pow",
				];
				for (const n of LENGTHS) {
					const x = storage(dtype, values(n, 1), arena);
					const y = storage(dtype, values(n, 2).reverse(), arena);
					for (const op of ops) {
						const a = storage(dtype, new Array(n).fill(7), arena);
						const b = storage(dtype, new Array(n).fill(7), arena);
						wasmK.binary(op, x, y, a);
						jsK.binary(op, x, y, b);
						expectSame(a, b);
						for (const s of [0.1, -3, Number.NaN, 2]) {
							wasmK.binaryScalar(op, x, s, a);
							jsK.binaryScalar(op, x, s, b);
							expectSame(a, b);
						}
					}
					for (const op of ["add", "sub", "mul", "div", "maximum", "minimum"] as const) {
						for (const m of [1, 3, 8, 13]) {
							const rows = Math.floor(n / m);
							const row = storage(dtype, values(m, 5), arena);
							const a = storage(dtype, new Array(rows * m).fill(7), arena);
							const b = storage(dtype, new Array(rows * m).fill(7), arena);
							const xs = x.subarray(0, rows * m);
							wasmK.binaryRow(op, xs, row, a);
							jsK.binaryRow(op, xs, row, b);
							expectSame(a, b);
						}
					}
				}
			});

			it(`fused gradients, axpy and Adam, ${dtype}, ${where}`, () => {
				for (const n of LENGTHS) {
					const g = storage(dtype, values(n, 3), arena);
					const saved = storage(
						dtype,
						values(n, 4).map((v) => v / 8 + 0.5),
						arena,
					);
					for (const op of ["sigmoid", "tanh", "relu"] as FusedGradName[]) {
						const a = storage(dtype, new Array(n).fill(7), arena);
						const b = storage(dtype, new Array(n).fill(7), arena);
						wasmK.fusedGrad(op, g, saved, a);
						jsK.fusedGrad(op, g, saved, b);
						expectSame(a, b);
					}
					const a = storage(dtype, new Array(n).fill(7), arena);
					const b = storage(dtype, new Array(n).fill(7), arena);
					wasmK.axpy(saved, -0.1, g, a);
					jsK.axpy(saved, -0.1, g, b);
					expectSame(a, b);
					for (const weightDecay of [0, 0.01]) {
						const h = { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay, step: 3 };
						const m1 = storage(dtype, values(n, 6), arena);
						const v1 = storage(dtype, values(n, 7).map(Math.abs), arena);
						const m2 = storage(dtype, values(n, 6), arena);
						const v2 = storage(dtype, values(n, 7).map(Math.abs), arena);
						wasmK.adamStep(saved, g, m1, v1, h, a);
						jsK.adamStep(saved, g, m2, v2, h, b);
						expectSame(m1, m2);
						expectSame(v1, v2);
						expectSame(a, b);
					}
				}
			});

			it(`matmul with strided operands, ${dtype}, ${where}`, () => {
				// (m, k, n): edge tiles in every direction, depth past one block (KC 128/256), tiny shapes (js path).
				const shapes = [
					[4, 4, 256],
					[16, 16, 16],
					[17, 33, 29],
					[64, 300, 70],
					[3, 100, 100],
					[130, 2, 40],
					[33, 520, 19],
				];
				for (const [m, k, n] of shapes as [number, number, number][]) {
					for (const transposeA of [false, true]) {
						for (const transposeB of [false, true]) {
							const ad = storage(dtype, values(m * k + 3, m + k), arena);
							const bd = storage(
								dtype,
								values(k * n + 5, k + n).map((v) => (Number.isFinite(v) ? v : 1)),
								arena,
							);
							const A = transposeA
								? { data: ad, offset: 3, rowStride: 1, colStride: m }
								: { data: ad, offset: 3, rowStride: k, colStride: 1 };
							const B = transposeB
								? { data: bd, offset: 5, rowStride: 1, colStride: k }
								: { data: bd, offset: 5, rowStride: n, colStride: 1 };
							const start = values(m * n + 2, 9).map((v) => (Number.isFinite(v) ? v : 0.5));
							const a = storage(dtype, start, arena);
							const b = storage(dtype, start, arena);
							wasmK.matmul(A, B, a, m, k, n, 2);
							jsK.matmul(A, B, b, m, k, n, 2);
							if (dtype === "float64") expectSame(a, b);
							else {
								for (let i = 0; i < a.length; i++) {
									const want = b[i];
									const got = a[i];
									if (!Number.isFinite(want)) expect(got).toBe(want);
									else expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(want)));
								}
							}
						}
					}
				}
			});
		}
	}

	// Window kernels: odd channel counts (the SIMD tails), padding on every side,
	// strides, dilation (im2col/col2im only: pooling windows are never dilated),
	// overlapping pooling windows (the backward's adds into one pixel keep the js
	// order), windows clipped by padding (average pooling counts real pixels only),
	// one channel. Values are rounded to halves so windows hold ties
	// (the first maximum wins), with NaN and infinities among them.
	const windows: [string, WindowGeometry, boolean][] = [
		["3x3 same, 5 channels", geometry(2, 7, 9, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), true],
		["2x2 stride 2, 16 channels", geometry(2, 8, 8, 16, 2, 2, 2, 2, 1, 1, 0, 0, 0, 0), true],
		["3x3 stride 2 pad 1, 6 channels (overlapping)", geometry(3, 9, 7, 6, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1), true],
		["3x2 stride 2x1 dilation 2x1, 3 channels", geometry(3, 8, 6, 3, 3, 2, 2, 1, 2, 1, 2, 1, 1, 0), false],
		["2x3 dilation 1x2 pad 2, 7 channels", geometry(2, 6, 9, 7, 2, 3, 1, 1, 1, 2, 2, 0, 2, 1), false],
		["3x3 same, 1 channel", geometry(2, 12, 11, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), true],
	];
	for (const dtype of DTYPES) {
		for (const arena of [true, false]) {
			const where = arena ? "arena" : "JS arrays";
			for (const [name, geo, pools] of windows) {
				const inSize = geo.batch * geo.inHeight * geo.inWidth * geo.channels;
				const pixels = geo.batch * geo.outHeight * geo.outWidth;
				const colsSize = pixels * geo.windowHeight * geo.windowWidth * geo.channels;
				const halves = (n: number, seed: number) => values(n, seed).map((v) => Math.round(v * 2) / 2);

				it(`im2col and col2im, ${name}, ${dtype}, ${where}`, () => {
					// Sizes past the wasm kernels' threshold (256 elements), so these run in WebAssembly.
					expect(colsSize).toBeGreaterThanOrEqual(256);
					const x = storage(dtype, values(inSize, 3), arena);
					const a = storage(dtype, new Array(colsSize).fill(0), arena);
					const b = storage(dtype, new Array(colsSize).fill(0), arena);
					wasmK.im2col(x, geo, a);
					jsK.im2col(x, geo, b);
					expectSame(a, b);
					const cols = storage(dtype, values(colsSize, 5), arena);
					const start = values(inSize, 11).map((v) => (Number.isFinite(v) ? v : 0.25));
					const c = storage(dtype, start, arena);
					const d = storage(dtype, start, arena);
					wasmK.col2im(cols, geo, c);
					jsK.col2im(cols, geo, d);
					expectSame(c, d);
				});

				if (!pools) continue;
				it(`maxPool and its gradient, ${name}, ${dtype}, ${where}`, () => {
					expect(pixels * geo.channels).toBeGreaterThanOrEqual(256);
					for (const seed of [1, 2]) {
						// Seed 1 puts NaN, infinities and signed zeros in the first pixels; seed 2 only ties.
						const xs = seed === 1 ? halves(inSize, 7) : values(inSize, 7).map((v) => Math.round(v));
						const x = storage(dtype, xs, arena);
						const a = storage(dtype, new Array(pixels * geo.channels).fill(3), arena);
						const b = storage(dtype, new Array(pixels * geo.channels).fill(3), arena);
						wasmK.maxPool(x, geo, a);
						jsK.maxPool(x, geo, b);
						expectSame(a, b);
						const g = storage(
							dtype,
							values(pixels * geo.channels, 13).map((v) => (Number.isFinite(v) ? v : 1.5)),
							arena,
						);
						const c = storage(dtype, new Array(inSize).fill(0), arena);
						const d = storage(dtype, new Array(inSize).fill(0), arena);
						wasmK.maxPoolGrad(x, g, geo, c);
						jsK.maxPoolGrad(x, g, geo, d);
						expectSame(c, d);
					}
				});

				it(`avgPool and its gradient, ${name}, ${dtype}, ${where}`, () => {
					const x = storage(dtype, values(inSize, 17), arena);
					const a = storage(dtype, new Array(pixels * geo.channels).fill(3), arena);
					const b = storage(dtype, new Array(pixels * geo.channels).fill(3), arena);
					wasmK.avgPool(x, geo, a);
					jsK.avgPool(x, geo, b);
					expectSame(a, b);
					const g = storage(dtype, values(pixels * geo.channels, 19), arena);
					const start = values(inSize, 23).map((v) => (Number.isFinite(v) ? v : -0.75));
					const c = storage(dtype, start, arena);
					const d = storage(dtype, start, arena);
					wasmK.avgPoolGrad(g, geo, c);
					jsK.avgPoolGrad(g, geo, d);
					expectSame(c, d);
				});
			}
		}
	}
});

/** A window geometry: the output size follows from input, window, stride, dilation and padding (top, bottom, left, right). */
function geometry(
	batch: number,
	inHeight: number,
	inWidth: number,
	channels: number,
	windowHeight: number,
	windowWidth: number,
	strideHeight: number,
	strideWidth: number,
	dilationHeight: number,
	dilationWidth: number,
	padTop: number,
	padBottom: number,
	padLeft: number,
	padRight: number,
): WindowGeometry {
	const span = (window: number, dilation: number) => dilation * (window - 1) + 1;
	return {
		batch,
		inHeight,
		inWidth,
		channels,
		outHeight: Math.floor((inHeight + padTop + padBottom - span(windowHeight, dilationHeight)) / strideHeight) + 1,
		outWidth: Math.floor((inWidth + padLeft + padRight - span(windowWidth, dilationWidth)) / strideWidth) + 1,
		windowHeight,
		windowWidth,
		strideHeight,
		strideWidth,
		dilationHeight,
		dilationWidth,
		padTop,
		padLeft,
	};
}
