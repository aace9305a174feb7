// Elementwise kernels over dense arrays: four float32 or two float64 lanes per
// step, the last few elements through a zero-padded 16-byte slot. Each op is a
// small @final class whose methods are inlined into its own copy of the loop (a
// shared loop calling an op per element would not vectorize). Op codes are
// exported globals the JS side reads by name, so the two sides cannot disagree.

import { EXP, exp4, sigmoid4, tanh4 } from "./math";

export const OP_ADD: i32 = 0;
export const OP_SUB: i32 = 1;
export const OP_MUL: i32 = 2;
export const OP_DIV: i32 = 3;
export const OP_MAXIMUM: i32 = 4;
export const OP_MINIMUM: i32 = 5;
export const OP_EQ: i32 = 6;
export const OP_NE: i32 = 7;
export const OP_LT: i32 = 8;
export const OP_LE: i32 = 9;
export const OP_GT: i32 = 10;
export const OP_GE: i32 = 11;

export const OP_NEG: i32 = 100;
export const OP_ABS: i32 = 101;
export const OP_SQRT: i32 = 102;
export const OP_RELU: i32 = 103;
export const OP_SQUARE: i32 = 104;
export const OP_RECIPROCAL: i32 = 105;
export const OP_EXP: i32 = 106;
export const OP_SIGMOID: i32 = 107;
export const OP_TANH: i32 = 108;

export const GRAD_SIGMOID: i32 = 200;
export const GRAD_TANH: i32 = 201;
export const GRAD_RELU: i32 = 202;

const TAIL: usize = memory.data(48, 16);

abstract class Binary {
	abstract f32(a: v128, b: v128): v128;
	abstract f64(a: v128, b: v128): v128;
}
abstract class Unary {
	abstract f32(x: v128): v128;
	abstract f64(x: v128): v128;
}

// Comparisons give 1 where true: the lane mask ANDed with the bits of 1.0.
@final class Add extends Binary {
	@inline f32(a: v128, b: v128): v128 { return f32x4.add(a, b); }
	@inline f64(a: v128, b: v128): v128 { return f64x2.add(a, b); }
}
@final class Sub extends Binary {
	@inline f32(a: v128, b: v128): v128 { return f32x4.sub(a, b); }
	@inline f64(a: v128, b: v128): v128 { return f64x2.sub(a, b); }
}
@final class Mul extends Binary {
	@inline f32(a: v128, b: v128): v128 { return f32x4.mul(a, b); }
	@inline f64(a: v128, b: v128): v128 { return f64x2.mul(a, b); }
}
@final class Div extends Binary {
	@inline f32(a: v128, b: v128): v128 { return f32x4.div(a, b); }
	@inline f64(a: v128, b: v128): v128 { return f64x2.div(a, b); }
}
// min/max with NaN propagation and -0 < +0, as Math.max/Math.min.
@final class Maximum extends Binary {
	@inline f32(a: v128, b: v128): v128 { return f32x4.max(a, b); }
	@inline f64(a: v128, b: v128): v128 { return f64x2.max(a, b); }
}
@final class Minimum extends Binary {
	@inline f32(a: v128, b: v128): v128 { return f32x4.min(a, b); }
	@inline f64(a: v128, b: v128): v128 { return f64x2.min(a, b); }
}
@final class Eq extends Binary {
	@inline f32(a: v128, b: v128): v128 { return v128.and(f32x4.eq(a, b), f32x4.splat(1)); }
	@inline f64(a: v128, b: v128): v128 { return v128.and(f64x2.eq(a, b), f64x2.splat(1)); }
}
@final class Ne extends Binary {
	@inline f32(a: v128, b: v128): v128 { return v128.and(f32x4.ne(a, b), f32x4.splat(1)); }
	@inline f64(a: v128, b: v128): v128 { return v128.and(f64x2.ne(a, b), f64x2.splat(1)); }
}
@final class Lt extends Binary {
	@inline f32(a: v128, b: v128): v128 { return v128.and(f32x4.lt(a, b), f32x4.splat(1)); }
	@inline f64(a: v128, b: v128): v128 { return v128.and(f64x2.lt(a, b), f64x2.splat(1)); }
}
@final class Le extends Binary {
	@inline f32(a: v128, b: v128): v128 { return v128.and(f32x4.le(a, b), f32x4.splat(1)); }
	@inline f64(a: v128, b: v128): v128 { return v128.and(f64x2.le(a, b), f64x2.splat(1)); }
}
@final class Gt extends Binary {
	@inline f32(a: v128, b: v128): v128 { return v128.and(f32x4.gt(a, b), f32x4.splat(1)); }
	@inline f64(a: v128, b: v128): v128 { return v128.and(f64x2.gt(a, b), f64x2.splat(1)); }
}
@final class Ge extends Binary {
	@inline f32(a: v128, b: v128): v128 { return v128.and(f32x4.ge(a, b), f32x4.splat(1)); }
	@inline f64(a: v128, b: v128): v128 { return v128.and(f64x2.ge(a, b), f64x2.splat(1)); }
}

@final class Neg extends Unary {
	@inline f32(x: v128): v128 { return f32x4.neg(x); }
	@inline f64(x: v128): v128 { return f64x2.neg(x); }
}
@final class Abs extends Unary {
	@inline f32(x: v128): v128 { return f32x4.abs(x); }
	@inline f64(x: v128): v128 { return f64x2.abs(x); }
}
@final class Sqrt extends Unary {
	@inline f32(x: v128): v128 { return f32x4.sqrt(x); }
	@inline f64(x: v128): v128 { return f64x2.sqrt(x); }
}
// Math.max(x, 0): pmax keeps NaN (x < 0 is false) and adding +0 turns -0 into +0.
@final class Relu extends Unary {
	@inline f32(x: v128): v128 { return f32x4.add(f32x4.pmax(x, EXP.zero), EXP.zero); }
	@inline f64(x: v128): v128 { return f64x2.add(f64x2.pmax(x, f64x2.splat(0)), f64x2.splat(0)); }
}
@final class Square extends Unary {
	@inline f32(x: v128): v128 { return f32x4.mul(x, x); }
	@inline f64(x: v128): v128 { return f64x2.mul(x, x); }
}
@final class Reciprocal extends Unary {
	@inline f32(x: v128): v128 { return f32x4.div(EXP.one, x); }
	@inline f64(x: v128): v128 { return f64x2.div(f64x2.splat(1), x); }
}
// float32 only: float64 transcendentals run Math.* in the js kernels (exact agreement).
@final class Exp extends Unary {
	@inline f32(x: v128): v128 { return exp4(x, EXP); }
	@inline f64(x: v128): v128 { return x; }
}
@final class Sigmoid extends Unary {
	@inline f32(x: v128): v128 { return sigmoid4(x, EXP); }
	@inline f64(x: v128): v128 { return x; }
}
@final class Tanh extends Unary {
	@inline f32(x: v128): v128 { return tanh4(x, EXP); }
	@inline f64(x: v128): v128 { return x; }
}

// Fused activation gradients, in the js kernels' order: sigmoid (g·y)·(1 - y), tanh g·(1 - y²), relu g where x > 0.
@final class SigmoidGrad extends Binary {
	@inline f32(g: v128, y: v128): v128 { return f32x4.mul(f32x4.mul(g, y), f32x4.sub(EXP.one, y)); }
	@inline f64(g: v128, y: v128): v128 { return f64x2.mul(f64x2.mul(g, y), f64x2.sub(f64x2.splat(1), y)); }
}
@final class TanhGrad extends Binary {
	@inline f32(g: v128, y: v128): v128 { return f32x4.mul(g, f32x4.sub(EXP.one, f32x4.mul(y, y))); }
	@inline f64(g: v128, y: v128): v128 { return f64x2.mul(g, f64x2.sub(f64x2.splat(1), f64x2.mul(y, y))); }
}
@final class ReluGrad extends Binary {
	@inline f32(g: v128, x: v128): v128 { return v128.and(g, f32x4.gt(x, EXP.zero)); }
	@inline f64(g: v128, x: v128): v128 { return v128.and(g, f64x2.gt(x, f64x2.splat(0))); }
}

@inline function binaryLoop32<O extends Binary>(a: usize, b: usize, out: usize, n: i32): void {
	const op = changetype<O>(0);
	const end = <usize>(n & ~3) << 2;
	let i: usize = 0;
	for (; i < end; i += 16) v128.store(out + i, op.f32(v128.load(a + i), v128.load(b + i)));
	const rest = (<usize>n << 2) - end;
	if (rest != 0) {
		memory.copy(TAIL, a + i, rest);
		memory.copy(TAIL + 16, b + i, rest);
		v128.store(TAIL + 32, op.f32(v128.load(TAIL), v128.load(TAIL + 16)));
		memory.copy(out + i, TAIL + 32, rest);
	}
}

@inline function binaryLoop64<O extends Binary>(a: usize, b: usize, out: usize, n: i32): void {
	const op = changetype<O>(0);
	const end = <usize>(n & ~1) << 3;
	let i: usize = 0;
	for (; i < end; i += 16) v128.store(out + i, op.f64(v128.load(a + i), v128.load(b + i)));
	if (n & 1) {
		v128.store(TAIL, v128.load64_zero(a + i));
		v128.store(TAIL + 16, v128.load64_zero(b + i));
		v128.store64_lane(out + i, op.f64(v128.load(TAIL), v128.load(TAIL + 16)), 0);
	}
}

// float32 lanes computed in float64 and rounded once, exactly as the js kernels do
// (which matters where a float64 operand such as a learning rate is not a float32 value).
@inline function via64<O extends Binary>(a: v128, b: v128): v128 {
	const op = changetype<O>(0);
	const lo = f32x4.demote_f64x2_zero(op.f64(f64x2.promote_low_f32x4(a), f64x2.promote_low_f32x4(b)));
	const ah = v128.shuffle<f32>(a, a, 2, 3, 2, 3);
	const bh = v128.shuffle<f32>(b, b, 2, 3, 2, 3);
	const hi = f32x4.demote_f64x2_zero(op.f64(f64x2.promote_low_f32x4(ah), f64x2.promote_low_f32x4(bh)));
	return v128.shuffle<f32>(lo, hi, 0, 1, 4, 5);
}

@inline function scalarVia64<O extends Binary>(a: v128, s: v128): v128 {
	const op = changetype<O>(0);
	const lo = f32x4.demote_f64x2_zero(op.f64(f64x2.promote_low_f32x4(a), s));
	const ah = v128.shuffle<f32>(a, a, 2, 3, 2, 3);
	const hi = f32x4.demote_f64x2_zero(op.f64(f64x2.promote_low_f32x4(ah), s));
	return v128.shuffle<f32>(lo, hi, 0, 1, 4, 5);
}

@inline function binaryLoop32via64<O extends Binary>(a: usize, b: usize, out: usize, n: i32): void {
	const end = <usize>(n & ~3) << 2;
	let i: usize = 0;
	for (; i < end; i += 16) v128.store(out + i, via64<O>(v128.load(a + i), v128.load(b + i)));
	const rest = (<usize>n << 2) - end;
	if (rest != 0) {
		memory.copy(TAIL, a + i, rest);
		memory.copy(TAIL + 16, b + i, rest);
		v128.store(TAIL + 32, via64<O>(v128.load(TAIL), v128.load(TAIL + 16)));
		memory.copy(out + i, TAIL + 32, rest);
	}
}

@inline function scalarLoop32<O extends Binary>(a: usize, s: f64, out: usize, n: i32): void {
	const vs = f64x2.splat(s);
	const end = <usize>(n & ~3) << 2;
	let i: usize = 0;
	for (; i < end; i += 16) v128.store(out + i, scalarVia64<O>(v128.load(a + i), vs));
	const rest = (<usize>n << 2) - end;
	if (rest != 0) {
		memory.copy(TAIL, a + i, rest);
		v128.store(TAIL + 32, scalarVia64<O>(v128.load(TAIL), vs));
		memory.copy(out + i, TAIL + 32, rest);
	}
}

@inline function scalarLoop64<O extends Binary>(a: usize, s: f64, out: usize, n: i32): void {
	const op = changetype<O>(0);
	const vs = f64x2.splat(s);
	const end = <usize>(n & ~1) << 3;
	let i: usize = 0;
	for (; i < end; i += 16) v128.store(out + i, op.f64(v128.load(a + i), vs));
	if (n & 1) v128.store64_lane(out + i, op.f64(v128.load64_zero(a + i), vs), 0);
}

@inline function unaryLoop32<O extends Unary>(x: usize, out: usize, n: i32): void {
	const op = changetype<O>(0);
	const end = <usize>(n & ~3) << 2;
	let i: usize = 0;
	for (; i < end; i += 16) v128.store(out + i, op.f32(v128.load(x + i)));
	const rest = (<usize>n << 2) - end;
	if (rest != 0) {
		memory.copy(TAIL, x + i, rest);
		v128.store(TAIL + 32, op.f32(v128.load(TAIL)));
		memory.copy(out + i, TAIL + 32, rest);
	}
}

// Four vectors per iteration for the long transcendental chains: their latency, not
// their operation count, bounds a one-vector loop (the out-of-order window holds
// about two iterations).
@inline function unaryLoop32x4<O extends Unary>(x: usize, out: usize, n: i32): void {
	const op = changetype<O>(0);
	const end4 = <usize>(n & ~15) << 2;
	let i: usize = 0;
	for (; i < end4; i += 64) {
		const y0 = op.f32(v128.load(x + i));
		const y1 = op.f32(v128.load(x + i, 16));
		const y2 = op.f32(v128.load(x + i, 32));
		const y3 = op.f32(v128.load(x + i, 48));
		v128.store(out + i, y0);
		v128.store(out + i, y1, 16);
		v128.store(out + i, y2, 32);
		v128.store(out + i, y3, 48);
	}
	unaryLoop32<O>(x + i, out + i, n - <i32>(i >> 2));
}

@inline function unaryLoop64<O extends Unary>(x: usize, out: usize, n: i32): void {
	const op = changetype<O>(0);
	const end = <usize>(n & ~1) << 3;
	let i: usize = 0;
	for (; i < end; i += 16) v128.store(out + i, op.f64(v128.load(x + i)));
	if (n & 1) v128.store64_lane(out + i, op.f64(v128.load64_zero(x + i)), 0);
}

/** `out[i] = op(a[i], b[i])`, float32; out may be a or b. */
export function binaryF32(op: i32, a: usize, b: usize, out: usize, n: i32): void {
	switch (op) {
		case OP_ADD: binaryLoop32<Add>(a, b, out, n); break;
		case OP_SUB: binaryLoop32<Sub>(a, b, out, n); break;
		case OP_MUL: binaryLoop32<Mul>(a, b, out, n); break;
		case OP_DIV: binaryLoop32<Div>(a, b, out, n); break;
		case OP_MAXIMUM: binaryLoop32<Maximum>(a, b, out, n); break;
		case OP_MINIMUM: binaryLoop32<Minimum>(a, b, out, n); break;
		case OP_EQ: binaryLoop32<Eq>(a, b, out, n); break;
		case OP_NE: binaryLoop32<Ne>(a, b, out, n); break;
		case OP_LT: binaryLoop32<Lt>(a, b, out, n); break;
		case OP_LE: binaryLoop32<Le>(a, b, out, n); break;
		case OP_GT: binaryLoop32<Gt>(a, b, out, n); break;
		case OP_GE: binaryLoop32<Ge>(a, b, out, n); break;
		case GRAD_SIGMOID: binaryLoop32via64<SigmoidGrad>(a, b, out, n); break;
		case GRAD_TANH: binaryLoop32via64<TanhGrad>(a, b, out, n); break;
		case GRAD_RELU: binaryLoop32via64<ReluGrad>(a, b, out, n); break;
		default: unreachable();
	}
}

/** `out[i] = op(a[i], b[i])`, float64; out may be a or b. */
export function binaryF64(op: i32, a: usize, b: usize, out: usize, n: i32): void {
	switch (op) {
		case OP_ADD: binaryLoop64<Add>(a, b, out, n); break;
		case OP_SUB: binaryLoop64<Sub>(a, b, out, n); break;
		case OP_MUL: binaryLoop64<Mul>(a, b, out, n); break;
		case OP_DIV: binaryLoop64<Div>(a, b, out, n); break;
		case OP_MAXIMUM: binaryLoop64<Maximum>(a, b, out, n); break;
		case OP_MINIMUM: binaryLoop64<Minimum>(a, b, out, n); break;
		case OP_EQ: binaryLoop64<Eq>(a, b, out, n); break;
		case OP_NE: binaryLoop64<Ne>(a, b, out, n); break;
		case OP_LT: binaryLoop64<Lt>(a, b, out, n); break;
		case OP_LE: binaryLoop64<Le>(a, b, out, n); break;
		case OP_GT: binaryLoop64<Gt>(a, b, out, n); break;
		case OP_GE: binaryLoop64<Ge>(a, b, out, n); break;
		case GRAD_SIGMOID: binaryLoop64<SigmoidGrad>(a, b, out, n); break;
		case GRAD_TANH: binaryLoop64<TanhGrad>(a, b, out, n); break;
		case GRAD_RELU: binaryLoop64<ReluGrad>(a, b, out, n); break;
		default: unreachable();
	}
}

/** `out[i] = op(a[i], s)`, float32 (computed in float64 and rounded once, as js). */
export function scalarF32(op: i32, a: usize, s: f64, out: usize, n: i32): void {
	switch (op) {
		case OP_ADD: scalarLoop32<Add>(a, s, out, n); break;
		case OP_SUB: scalarLoop32<Sub>(a, s, out, n); break;
		case OP_MUL: scalarLoop32<Mul>(a, s, out, n); break;
		case OP_DIV: scalarLoop32<Div>(a, s, out, n); break;
		case OP_MAXIMUM: scalarLoop32<Maximum>(a, s, out, n); break;
		case OP_MINIMUM: scalarLoop32<Minimum>(a, s, out, n); break;
		case OP_EQ: scalarLoop32<Eq>(a, s, out, n); break;
		case OP_NE: scalarLoop32<Ne>(a, s, out, n); break;
		case OP_LT: scalarLoop32<Lt>(a, s, out, n); break;
		case OP_LE: scalarLoop32<Le>(a, s, out, n); break;
		case OP_GT: scalarLoop32<Gt>(a, s, out, n); break;
		case OP_GE: scalarLoop32<Ge>(a, s, out, n); break;
		default: unreachable();
	}
}

/** `out[i] = op(a[i], s)`, float64. */
export function scalarF64(op: i32, a: usize, s: f64, out: usize, n: i32): void {
	switch (op) {
		case OP_ADD: scalarLoop64<Add>(a, s, out, n); break;
		case OP_SUB: scalarLoop64<Sub>(a, s, out, n); break;
		case OP_MUL: scalarLoop64<Mul>(a, s, out, n); break;
		case OP_DIV: scalarLoop64<Div>(a, s, out, n); break;
		case OP_MAXIMUM: scalarLoop64<Maximum>(a, s, out, n); break;
		case OP_MINIMUM: scalarLoop64<Minimum>(a, s, out, n); break;
		case OP_EQ: scalarLoop64<Eq>(a, s, out, n); break;
		case OP_NE: scalarLoop64<Ne>(a, s, out, n); break;
		case OP_LT: scalarLoop64<Lt>(a, s, out, n); break;
		case OP_LE: scalarLoop64<Le>(a, s, out, n); break;
		case OP_GT: scalarLoop64<Gt>(a, s, out, n); break;
		case OP_GE: scalarLoop64<Ge>(a, s, out, n); break;
		default: unreachable();
	}
}

/** `out[r·m + j] = op(a[r·m + j], b[j])` for `rows` rows of `m`, float32 (a bias over a batch). */
export function rowF32(op: i32, a: usize, b: usize, out: usize, rows: i32, m: i32): void {
	const rowBytes = <usize>m << 2;
	for (let r = 0; r < rows; r++) {
		const at = <usize>r * rowBytes;
		binaryF32(op, a + at, b, out + at, m);
	}
}

/** Row-broadcast op, float64. */
export function rowF64(op: i32, a: usize, b: usize, out: usize, rows: i32, m: i32): void {
	const rowBytes = <usize>m << 3;
	for (let r = 0; r < rows; r++) {
		const at = <usize>r * rowBytes;
		binaryF64(op, a + at, b, out + at, m);
	}
}

/** `out[i] = op(x[i])`, float32; out may be x. */
export function unaryF32(op: i32, x: usize, out: usize, n: i32): void {
	switch (op) {
		case OP_NEG: unaryLoop32<Neg>(x, out, n); break;
		case OP_ABS: unaryLoop32<Abs>(x, out, n); break;
		case OP_SQRT: unaryLoop32<Sqrt>(x, out, n); break;
		case OP_RELU: unaryLoop32<Relu>(x, out, n); break;
		case OP_SQUARE: unaryLoop32<Square>(x, out, n); break;
		case OP_RECIPROCAL: unaryLoop32<Reciprocal>(x, out, n); break;
		case OP_EXP: unaryLoop32x4<Exp>(x, out, n); break;
		case OP_SIGMOID: unaryLoop32x4<Sigmoid>(x, out, n); break;
		case OP_TANH: unaryLoop32x4<Tanh>(x, out, n); break;
		default: unreachable();
	}
}

/** `out[i] = op(x[i])`, float64, for the ops that are exact IEEE operations. */
export function unaryF64(op: i32, x: usize, out: usize, n: i32): void {
	switch (op) {
		case OP_NEG: unaryLoop64<Neg>(x, out, n); break;
		case OP_ABS: unaryLoop64<Abs>(x, out, n); break;
		case OP_SQRT: unaryLoop64<Sqrt>(x, out, n); break;
		case OP_RELU: unaryLoop64<Relu>(x, out, n); break;
		case OP_SQUARE: unaryLoop64<Square>(x, out, n); break;
		case OP_RECIPROCAL: unaryLoop64<Reciprocal>(x, out, n); break;
		default: unreachable();
	}
}

/** `out[i] = a[i] + alpha·b[i]`, float32 (computed in float64 and rounded once, as js). */
export function axpyF32(a: usize, alpha: f64, b: usize, out: usize, n: i32): void {
	const va = f64x2.splat(alpha);
	const end = <usize>(n & ~3) << 2;
	let i: usize = 0;
	for (; i < end; i += 16) {
		const x = v128.load(a + i);
		const y = v128.load(b + i);
		const xh = v128.shuffle<f32>(x, x, 2, 3, 2, 3);
		const yh = v128.shuffle<f32>(y, y, 2, 3, 2, 3);
		const lo = f64x2.add(f64x2.promote_low_f32x4(x), f64x2.mul(va, f64x2.promote_low_f32x4(y)));
		const hi = f64x2.add(f64x2.promote_low_f32x4(xh), f64x2.mul(va, f64x2.promote_low_f32x4(yh)));
		v128.store(out + i, v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
	}
	for (; i < <usize>n << 2; i += 4) {
		store<f32>(out + i, <f32>(<f64>load<f32>(a + i) + alpha * <f64>load<f32>(b + i)));
	}
}

/** `out[i] = a[i] + alpha·b[i]`, float64 (the js kernel's rounding). */
export function axpyF64(a: usize, alpha: f64, b: usize, out: usize, n: i32): void {
	const va = f64x2.splat(alpha);
	const end = <usize>(n & ~1) << 3;
	let i: usize = 0;
	for (; i < end; i += 16) v128.store(out + i, f64x2.add(v128.load(a + i), f64x2.mul(va, v128.load(b + i))));
	if (n & 1) store<f64>(out + i, load<f64>(a + i) + alpha * load<f64>(b + i));
}

/**
 * One Adam step in the js kernel's order (PyTorch's tensor formulation), float64:
 * g' = g + p·wd (when wd != 0); m = m·b1 + g'·(1 - b1); v = v·b2 + g'·g'·(1 - b2);
 * out = p - stepSize·(m / (sqrt(v) / correction + eps)).
 */
export function adamF64(
	param: usize,
	grad: usize,
	m: usize,
	v: usize,
	out: usize,
	n: i32,
	b1: f64,
	c1: f64,
	b2: f64,
	c2: f64,
	stepSize: f64,
	correction: f64,
	eps: f64,
	wd: f64,
): void {
	const end = <usize>n << 3;
	const useWd = v128.not(f64x2.eq(f64x2.splat(wd), f64x2.splat(0)));
	for (let i: usize = 0; i < end; i += 16) {
		const both = i + 16 <= end;
		const p = both ? v128.load(param + i) : v128.load64_zero(param + i);
		const g0 = both ? v128.load(grad + i) : v128.load64_zero(grad + i);
		const mi0 = both ? v128.load(m + i) : v128.load64_zero(m + i);
		const vi0 = both ? v128.load(v + i) : v128.load64_zero(v + i);
		const g = v128.bitselect(f64x2.add(g0, f64x2.mul(p, f64x2.splat(wd))), g0, useWd);
		const mi = f64x2.add(f64x2.mul(mi0, f64x2.splat(b1)), f64x2.mul(g, f64x2.splat(c1)));
		const vi = f64x2.add(f64x2.mul(vi0, f64x2.splat(b2)), f64x2.mul(f64x2.mul(g, g), f64x2.splat(c2)));
		const den = f64x2.add(f64x2.div(f64x2.sqrt(vi), f64x2.splat(correction)), f64x2.splat(eps));
		const o = f64x2.sub(p, f64x2.mul(f64x2.splat(stepSize), f64x2.div(mi, den)));
		if (both) {
			v128.store(m + i, mi);
			v128.store(v + i, vi);
			v128.store(out + i, o);
		} else {
			v128.store64_lane(m + i, mi, 0);
			v128.store64_lane(v + i, vi, 0);
			v128.store64_lane(out + i, o, 0);
		}
	}
}

/** One Adam step on float32 arrays, computed in float64 as the js kernel does (m, v and out rounded once when stored). */
export function adamF32(
	param: usize,
	grad: usize,
	m: usize,
	v: usize,
	out: usize,
	n: i32,
	b1: f64,
	c1: f64,
	b2: f64,
	c2: f64,
	stepSize: f64,
	correction: f64,
	eps: f64,
	wd: f64,
): void {
	const end = <usize>n << 2;
	const useWd = v128.not(f64x2.eq(f64x2.splat(wd), f64x2.splat(0)));
	for (let i: usize = 0; i < end; i += 8) {
		const both = i + 8 <= end;
		const p = f64x2.promote_low_f32x4(both ? v128.load64_zero(param + i) : v128.load32_zero(param + i));
		const g0 = f64x2.promote_low_f32x4(both ? v128.load64_zero(grad + i) : v128.load32_zero(grad + i));
		const mi0 = f64x2.promote_low_f32x4(both ? v128.load64_zero(m + i) : v128.load32_zero(m + i));
		const vi0 = f64x2.promote_low_f32x4(both ? v128.load64_zero(v + i) : v128.load32_zero(v + i));
		const g = v128.bitselect(f64x2.add(g0, f64x2.mul(p, f64x2.splat(wd))), g0, useWd);
		const mi = f64x2.add(f64x2.mul(mi0, f64x2.splat(b1)), f64x2.mul(g, f64x2.splat(c1)));
		const vi = f64x2.add(f64x2.mul(vi0, f64x2.splat(b2)), f64x2.mul(f64x2.mul(g, g), f64x2.splat(c2)));
		const den = f64x2.add(f64x2.div(f64x2.sqrt(vi), f64x2.splat(correction)), f64x2.splat(eps));
		const o = f64x2.sub(p, f64x2.mul(f64x2.splat(stepSize), f64x2.div(mi, den)));
		const m32 = f32x4.demote_f64x2_zero(mi);
		const v32 = f32x4.demote_f64x2_zero(vi);
		const o32 = f32x4.demote_f64x2_zero(o);
		if (both) {
			v128.store64_lane(m + i, m32, 0);
			v128.store64_lane(v + i, v32, 0);
			v128.store64_lane(out + i, o32, 0);
		} else {
			v128.store32_lane(m + i, m32, 0);
			v128.store32_lane(v + i, v32, 0);
			v128.store32_lane(out + i, o32, 0);
		}
	}
}
