// Float32 transcendentals on four lanes at once. All three reduce with Cody-Waite
// (z = n·ln2 + r, |r| <= ln2/2, ln2 split in two), evaluate e^r - 1 with a
// degree-6 minimax polynomial, and build 2^n from exponent bits (sigmoid and tanh in one factor by magic-number
// rounding with the exponent bias folded in; exp in two factors so results down to
// the subnormals round once). Clamps use pmin/pmax in an order that keeps NaN
// (pmin(x, hi) is `hi < x ? hi : x`, false for NaN): f32x4.min/max compile to long
// instruction sequences in V8. Measured errors: docs/wasm-backend.md.

const LOG2E: f32 = 1.44269504088896341;
const MAGIC: f32 = 12582912.0; // 1.5·2^23: x + MAGIC - MAGIC rounds x to an integer
const LN2_HI: f32 = 0.693359375; // 9 significant bits: k·LN2_HI is exact for |k| < 2^15
const LN2_LO: f32 = -2.12194440e-4;
// e^r - 1 ≈ r + r²·(q1 + q2·r + ... + q5·r⁴): a degree-6 minimax fit of (e^r - 1)/r
// on |r| <= ln2/2 for its relative error (2.3e-8 with these float32 coefficients;
// e^r itself within 7.7e-9), two operations shorter than Cephes' degree-7 expf.
const Q1: f32 = 0.4999999701976776;
const Q2: f32 = 0.16666506230831146;
const Q3: f32 = 0.041667137295007706;
const Q4: f32 = 0.008369076065719128;
const Q5: f32 = 0.0013888871762901545;
// Magic-number rounding with an exponent bias folded in: after t = z·log2e + MAGIC_B,
// the low bits of t hold n + B, so (bits of t) << 23 is 2^(n + B - 127) with no
// integer arithmetic (the high bits of 1.5·2^23 shift out). Valid while 0 < n + B < 255.
const SIGMOID_K: i32 = 32; // sigmoid scales by 2^(n+32): normal for every n >= -158
const MAGIC_SIGMOID: f32 = 12583071.0; // 1.5·2^23 + 127 + SIGMOID_K
const MAGIC_TANH: f32 = 12583039.0; // 1.5·2^23 + 127

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
	one: v128;
	two: v128;
	zero: v128;
	tanhLo: v128;
	bias: v128;
	signMask: v128;
	sigmoidLo: v128;
	sigmoidMagic: v128;
	twoK: v128;
	tanhMagic: v128;
	q1: v128;
	q2: v128;
	q3: v128;
	q4: v128;
	q5: v128;
}

/** The one set of constants (static memory below the arena). */
export const EXP: ExpConstants = changetype<ExpConstants>(memory.data(offsetof<ExpConstants>(), 16));
EXP.lo = f32x4.splat(-110.0);
EXP.hi = f32x4.splat(89.0);
EXP.log2e = f32x4.splat(LOG2E);
EXP.magic = f32x4.splat(MAGIC);
EXP.ln2hi = f32x4.splat(LN2_HI);
EXP.ln2lo = f32x4.splat(LN2_LO);
EXP.one = f32x4.splat(1.0);
EXP.two = f32x4.splat(2.0);
EXP.zero = f32x4.splat(0.0);
EXP.tanhLo = f32x4.splat(-20.0);
EXP.bias = i32x4.splat(127);
EXP.signMask = i32x4.splat(0x80000000);
EXP.sigmoidLo = f32x4.splat(-109.0);
EXP.sigmoidMagic = f32x4.splat(MAGIC_SIGMOID);
EXP.twoK = f32x4.splat(4294967296.0); // 2^SIGMOID_K
EXP.tanhMagic = f32x4.splat(MAGIC_TANH);
EXP.q1 = f32x4.splat(Q1);
EXP.q2 = f32x4.splat(Q2);
EXP.q3 = f32x4.splat(Q3);
EXP.q4 = f32x4.splat(Q4);
EXP.q5 = f32x4.splat(Q5);

/**
 * e^r - 1 for |r| <= ln2/2 as r + r²·(q1 + q2·r + ... + q5·r⁴): the last operation
 * adds the exact r, so the result keeps r's digits. (The form (r·s)·q(r), with the
 * scale folded in, takes as many operations but put tanh over 2e-7 near x = 0.17.)
 */
@inline
export function expm1Reduced(r: v128, c: ExpConstants): v128 {
	let q = f32x4.add(f32x4.mul(c.q5, r), c.q4);
	q = f32x4.add(f32x4.mul(q, r), c.q3);
	q = f32x4.add(f32x4.mul(q, r), c.q2);
	q = f32x4.add(f32x4.mul(q, r), c.q1);
	return f32x4.add(f32x4.mul(f32x4.mul(r, r), q), r);
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
	const n1 = i32x4.shr_s(n, 1);
	const s1 = pow2(n1, c);
	const y = f32x4.add(f32x4.mul(expm1Reduced(r, c), s1), s1);
	return f32x4.mul(y, pow2(i32x4.sub(n, n1), c));
}

/**
 * 1 / (1 + e^-x) on four lanes. With z = -|x| (clamped at -109, where every result
 * is already 0 in float32) and e^z = 2^n·(1 + m), the numerator and denominator are
 * both scaled by 2^K: E = 2^(n+K)·(1 + m) is a normal number for every n >= -158,
 * so one scale factor serves the whole range, and
 * sigmoid(x) = E / (E + 2^K) for x < 0, 2^K / (E + 2^K) for x >= 0.
 * The division rounds subnormal results once (E + 2^K is then exactly 2^K).
 */
@inline
export function sigmoid4(x: v128, c: ExpConstants): v128 {
	const z = f32x4.pmax(v128.or(x, c.signMask), c.sigmoidLo);
	const t = f32x4.add(f32x4.mul(z, c.log2e), c.sigmoidMagic);
	const k = f32x4.sub(t, c.sigmoidMagic);
	const r = f32x4.sub(f32x4.sub(z, f32x4.mul(k, c.ln2hi)), f32x4.mul(k, c.ln2lo));
	const s = i32x4.shl(t, 23);
	const e = f32x4.add(f32x4.mul(expm1Reduced(r, c), s), s);
	// The numerator, e for x < 0 and 2^K otherwise, as one pmax: E <= 2^K always, and
	// pmax(E, u) is u when E < u, so u = 2^K selects 2^K while u = NaN (all ones, from
	// the sign) keeps E.
	const numerator = f32x4.pmax(e, v128.or(c.twoK, i32x4.shr_s(x, 31)));
	return f32x4.div(numerator, f32x4.add(e, c.twoK));
}

/**
 * tanh x = sign(x)·(1 - e)/(1 + e) with e = e^-2|x| = 2^n·(1 + p): 1 - e is formed as
 * (1 - 2^n) - 2^n·p, exact but for one rounding, so small |x| keeps its digits.
 */
@inline
export function tanh4(x: v128, c: ExpConstants): v128 {
	// |x| >= 9.1 gives 1 in float32; -20 keeps n >= -29 (one scale factor).
	const z = f32x4.pmax(f32x4.mul(v128.or(x, c.signMask), c.two), c.tanhLo);
	const t = f32x4.add(f32x4.mul(z, c.log2e), c.tanhMagic);
	const k = f32x4.sub(t, c.tanhMagic);
	const r = f32x4.sub(f32x4.sub(z, f32x4.mul(k, c.ln2hi)), f32x4.mul(k, c.ln2lo));
	const s = i32x4.shl(t, 23);
	const sp = f32x4.mul(s, expm1Reduced(r, c));
	const num = f32x4.sub(f32x4.sub(c.one, s), sp);
	const den = f32x4.add(f32x4.add(c.one, s), sp);
	const magnitude = f32x4.div(num, den);
	return v128.or(magnitude, v128.and(x, c.signMask));
}
