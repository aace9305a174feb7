// Float32 transcendentals on four lanes at once. exp uses Cody-Waite range
// reduction (x = n·ln2 + r, |r| <= ln2/2) and Cephes' expf polynomial for
// e^r - 1; 2^n is built from exponent bits in two factors so results down to
// the subnormals round once. Clamps use pmin/pmax in an order that keeps NaN
// (pmin(x, hi) is `hi < x ? hi : x`, false for NaN): f32x4.min/max compile to
// long instruction sequences in V8. Measured errors: docs/wasm-backend.md.

const LOG2E: f32 = 1.44269504088896341;
const MAGIC: f32 = 12582912.0; // 1.5·2^23: x + MAGIC - MAGIC rounds x to an integer
const LN2_HI: f32 = 0.693359375; // 9 significant bits: k·LN2_HI is exact for |k| < 2^15
const LN2_LO: f32 = -2.12194440e-4;
const P0: f32 = 1.9875691500e-4;
const P1: f32 = 1.3981999507e-3;
const P2: f32 = 8.3334519073e-3;
const P3: f32 = 4.1665795894e-2;
const P4: f32 = 1.6666665459e-1;
const P5: f32 = 5.0000001201e-1;

/**
 * The exp kernels' constants, kept in static memory: a v128.const inside a loop is
 * rebuilt on every iteration by V8, while a load from here folds into the arithmetic.
 */
@final
@unmanaged
export class ExpConstants {
	lo: v128;
	hi: v128;
	log2e: v128;
	magic: v128;
	ln2hi: v128;
	ln2lo: v128;
	p0: v128;
	p1: v128;
	p2: v128;
	p3: v128;
	p4: v128;
	p5: v128;
	one: v128;
	two: v128;
	zero: v128;
	tanhLo: v128;
	bias: v128;
	signMask: v128;
}

/** The one set of constants (static memory below the arena). */
export const EXP: ExpConstants = changetype<ExpConstants>(memory.data(offsetof<ExpConstants>(), 16));
EXP.lo = f32x4.splat(-110.0);
EXP.hi = f32x4.splat(89.0);
EXP.log2e = f32x4.splat(LOG2E);
EXP.magic = f32x4.splat(MAGIC);
EXP.ln2hi = f32x4.splat(LN2_HI);
EXP.ln2lo = f32x4.splat(LN2_LO);
EXP.p0 = f32x4.splat(P0);
EXP.p1 = f32x4.splat(P1);
EXP.p2 = f32x4.splat(P2);
EXP.p3 = f32x4.splat(P3);
EXP.p4 = f32x4.splat(P4);
EXP.p5 = f32x4.splat(P5);
EXP.one = f32x4.splat(1.0);
EXP.two = f32x4.splat(2.0);
EXP.zero = f32x4.splat(0.0);
EXP.tanhLo = f32x4.splat(-20.0);
EXP.bias = i32x4.splat(127);
EXP.signMask = i32x4.splat(0x80000000);

/** e^r - 1 for |r| <= ln2/2 (Cephes expf): p(r)·r² + r. */
@inline
export function expm1Reduced(r: v128, c: ExpConstants): v128 {
	let y = f32x4.add(f32x4.mul(c.p0, r), c.p1);
	y = f32x4.add(f32x4.mul(y, r), c.p2);
	y = f32x4.add(f32x4.mul(y, r), c.p3);
	y = f32x4.add(f32x4.mul(y, r), c.p4);
	y = f32x4.add(f32x4.mul(y, r), c.p5);
	return f32x4.add(f32x4.mul(y, f32x4.mul(r, r)), r);
}

/** 2^n for integer lanes -126 <= n <= 127. */
@inline
export function pow2(n: v128, c: ExpConstants): v128 {
	return i32x4.shl(i32x4.add(n, c.bias), 23);
}

/** e^x on four lanes (NaN stays NaN, overflow gives +Infinity, underflow 0 via subnormals). */
@inline
export function exp4(x: v128, c: ExpConstants): v128 {
	x = f32x4.pmax(f32x4.pmin(x, c.hi), c.lo);
	const t = f32x4.add(f32x4.mul(x, c.log2e), c.magic);
	const k = f32x4.sub(t, c.magic);
	const n = i32x4.sub(t, c.magic);
	const r = f32x4.sub(f32x4.sub(x, f32x4.mul(k, c.ln2hi)), f32x4.mul(k, c.ln2lo));
	const y = f32x4.add(expm1Reduced(r, c), c.one);
	const n1 = i32x4.shr_s(n, 1);
	const n2 = i32x4.sub(n, n1);
	return f32x4.mul(f32x4.mul(y, pow2(n1, c)), pow2(n2, c));
}

/** 1 / (1 + e^-x), as e^-|x| over 1 + e^-|x| on the negative side (no overflow, no cancellation). */
@inline
export function sigmoid4(x: v128, c: ExpConstants): v128 {
	const t = exp4(v128.or(x, c.signMask), c);
	const negative = f32x4.lt(x, c.zero);
	return f32x4.div(v128.bitselect(t, c.one, negative), f32x4.add(c.one, t));
}

/**
 * tanh x = sign(x)·(1 - e)/(1 + e) with e = e^-2|x| = 2^n·(1 + p): 1 - e is formed as
 * (1 - 2^n) - 2^n·p, exact but for one rounding, so small |x| keeps its digits.
 */
@inline
export function tanh4(x: v128, c: ExpConstants): v128 {
	// |x| >= 9.1 gives 1 in float32; -20 keeps n >= -29 (one scale factor).
	const z = f32x4.pmax(f32x4.mul(v128.or(x, c.signMask), c.two), c.tanhLo);
	const t = f32x4.add(f32x4.mul(z, c.log2e), c.magic);
	const k = f32x4.sub(t, c.magic);
	const n = i32x4.sub(t, c.magic);
	const r = f32x4.sub(f32x4.sub(z, f32x4.mul(k, c.ln2hi)), f32x4.mul(k, c.ln2lo));
	const p = expm1Reduced(r, c);
	const s = pow2(n, c);
	const sp = f32x4.mul(s, p);
	const num = f32x4.sub(f32x4.sub(c.one, s), sp);
	const den = f32x4.add(f32x4.add(c.one, s), sp);
	const magnitude = f32x4.div(num, den);
	return v128.or(magnitude, v128.and(x, c.signMask));
}
