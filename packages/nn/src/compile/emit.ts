/**
 * The compiler's second stage: JavaScript source for one training step (or one
 * forward pass) of a {@link StepPlan} at a fixed batch size. Every buffer is
 * named and sized here (the plan of memory); the source only reads and writes
 * them. Each expression repeats the eager kernel's arithmetic in the eager
 * kernel's order, which is what makes the compiled step bit-identical to it.
 */
import type { ActivationKind, LayerPlan, StepPlan } from "./plan";

/** A buffer the generated code uses, by name and length (float64). */
export interface BufferSpec {
	readonly name: string;
	readonly size: number;
}

/** Generated source and the buffers it expects in `B` besides the parameters and optimizer state. */
export interface Emitted {
	readonly source: string;
	readonly buffers: readonly BufferSpec[];
}

// Products the eager matmul kernel computes with its direct loop (constants of
// packages/tensor/src/backends/js/matmul.ts: MR = NR = 4, SMALL_WORK = 512). The
// compiled code writes those inline (the sum in order of k, as that loop does) and
// calls the kernel itself for the rest, so either way the sums match bit for bit.
const INLINE_WORK = 512;
// Loops with at most this many iterations are written out element by element.
const UNROLL = 16;

interface Operand {
	readonly buf: string;
	readonly rowStride: number;
	readonly colStride: number;
}

/** Formats a number so that the source reads back the same double. */
function lit(v: number): string {
	return Object.is(v, -0) ? "-0" : String(v);
}

/** A loop over `count` elements, written out when short: body(index) gets a literal or `i`. */
function flat(count: number, body: (i: string) => string): string {
	if (count <= UNROLL) return Array.from({ length: count }, (_, i) => body(String(i))).join("\n");
	return `for (let i = 0; i < ${count}; i++) {\n${body("i")}\n}`;
}

/** A loop over a rows×cols grid: body(flat index, row, col). */
function grid(rows: number, cols: number, body: (i: string, r: string, c: string) => string): string {
	if (rows * cols <= UNROLL) {
		const out: string[] = [];
		for (let r = 0; r < rows; r++)
			for (let c = 0; c < cols; c++) out.push(body(String(r * cols + c), String(r), String(c)));
		return out.join("\n");
	}
	return `for (let r = 0; r < ${rows}; r++) {\nfor (let c = 0; c < ${cols}; c++) {\nconst i = r * ${cols} + c;\n${body("i", "r", "c")}\n}\n}`;
}

function at(op: Operand, row: string, col: string): string {
	const r = op.rowStride === 1 ? row : `${row} * ${op.rowStride}`;
	const c = op.colStride === 1 ? col : `${col} * ${op.colStride}`;
	if (/^\d+$/.test(row) && /^\d+$/.test(col))
		return `${op.buf}[${Number(row) * op.rowStride + Number(col) * op.colStride}]`;
	return `${op.buf}[${r} + ${c}]`;
}

/**
 * `out[m,n] = a[m,k] · b[k,n]`, then `then(i, r, c, sum)` for each element (default: store it).
 * Returns the statements, and the factory-time declarations a kernel call needs.
 */
function matmul(
	out: string,
	a: Operand,
	b: Operand,
	m: number,
	k: number,
	n: number,
	then: ((i: string, r: string, c: string, sum: string) => string) | null,
	decls: string[],
): string {
	const store = then ?? ((i: string, _r: string, _c: string, sum: string) => `${out}[${i}] = ${sum};`);
	const direct = m < 4 || n < 4 || m * n * k < INLINE_WORK;
	if (direct && m * n * k <= INLINE_WORK) {
		if (m * n <= UNROLL && k <= 8) {
			// Written out: 0 + a0·b0 + a1·b1 + … adds left to right, as the kernel's loop does.
			return grid(m, n, (i, r, c) => {
				const terms = Array.from({ length: k }, (_, p) => `${at(a, r, String(p))} * ${at(b, String(p), c)}`);
				return store(i, r, c, `(0 + ${terms.join(" + ")})`);
			});
		}
		return grid(m, n, (i, r, c) => {
			const sum = `s${out}`;
			return `{\nlet ${sum} = 0;\nfor (let p = 0; p < ${k}; p++) ${sum} += ${at(a, r, "p")} * ${at(b, "p", c)};\n${store(i, r, c, sum)}\n}`;
		});
	}
	const sa = `M${decls.length}`;
	decls.push(`const ${sa} = { data: ${a.buf}, offset: 0, rowStride: ${a.rowStride}, colStride: ${a.colStride} };`);
	const sb = `M${decls.length}`;
	decls.push(`const ${sb} = { data: ${b.buf}, offset: 0, rowStride: ${b.rowStride}, colStride: ${b.colStride} };`);
	const call = `${out}.fill(0);\nK(${sa}, ${sb}, ${out}, ${m}, ${k}, ${n}, 0);`;
	if (then === null) return call;
	return `${call}\n${grid(m, n, (i, r, c) => then(i, r, c, `${out}[${i}]`))}`;
}

/** The activation of `v` (an expression), as the eager kernel computes it. */
function activate(kind: ActivationKind, v: string, layer: number): string {
	switch (kind) {
		case "linear":
			return v;
		case "sigmoid":
			return `1 / (1 + Math.exp(-${v}))`;
		case "tanh":
			return `Math.tanh(${v})`;
		case "relu":
			return `Math.max(${v}, 0)`;
		case "leakyRelu": // maximum(x, x·0.01)
			return `Math.max(${v}, ${v} * 0.01)`;
		case "softplus":
			return `Math.max(${v}, 0) + Math.log1p(Math.exp(-Math.abs(${v})))`;
		case "pair":
			return `P${layer}.f(${v})`;
	}
}

/** Whether the activation's backward reads its input z (else only its output y). */
function needsInput(kind: ActivationKind): boolean {
	return kind === "relu" || kind === "leakyRelu" || kind === "softplus" || kind === "pair";
}

/** dL/dz from g = dL/dy, the input z and output y (names of locals or elements), in the eager rule's order. */
function activateBackward(kind: ActivationKind, g: string, z: string, y: string, layer: number): string {
	switch (kind) {
		case "linear":
			return g;
		case "sigmoid": // fusedGrad: g·y·(1 - y)
			return `${g} * ${y} * (1 - ${y})`;
		case "tanh": // fusedGrad: g·(1 - y²)
			return `${g} * (1 - ${y} * ${y})`;
		case "relu": // fusedGrad: g where x > 0
			return `(${z} > 0 ? ${g} : 0)`;
		case "leakyRelu": {
			// maximum's rule (f = x ≥ 0.01x) plus the mul's: g·f + (g·(1 - f))·0.01, added in the engine's order
			const f = `(${z} >= ${z} * 0.01 ? 1 : 0)`;
			return `(${g} * ${f} + ${g} * (-${f} + 1) * 0.01)`;
		}
		case "softplus": // g·σ(x)
			return `${g} * (1 / (1 + Math.exp(-${z})))`;
		case "pair": // g·df(x, y)
			return `${g} * P${layer}.df(${z}, ${y})`;
	}
}

/** Names of a layer's parameter buffers (1-based layer index). */
export function parameterNames(layers: readonly LayerPlan[]): Array<{ name: string; size: number }> {
	return layers.flatMap((l, i) => {
		const w = { name: `W${i + 1}`, size: l.inputs * l.units };
		return l.bias ? [w, { name: `b${i + 1}`, size: l.units }] : [w];
	});
}

/** Names of the optimizer state buffers per parameter name (`m` for SGD momentum, `m`/`v` for Adam, …). */
export function stateNames(plan: StepPlan): string[] {
	const u = plan.update;
	if (u.kind === "sgd") return u.momentum !== 0 ? ["m"] : [];
	if (u.kind === "adam") return ["m", "v"];
	return ["sq", ...(u.centered ? ["av"] : []), ...(u.momentum > 0 ? ["mo"] : [])];
}

// Forward of every layer from x0 into a1…aL (z1…zL kept where the backward needs them).
function forward(plan: StepPlan, n: number, buffers: BufferSpec[], decls: string[], keepZ: boolean): string {
	const code: string[] = [];
	plan.layers.forEach((l, idx) => {
		const k = idx + 1;
		const z = `z${k}`;
		buffers.push({ name: z, size: n * l.units }, { name: `a${k}`, size: n * l.units });
		const storeZ = keepZ && needsInput(l.activation);
		const then = (i: string, _r: string, c: string, sum: string) => {
			const zv = l.bias ? `${sum} + b${k}[${c}]` : sum;
			return `{ const zv = ${zv};${storeZ ? ` ${z}[${i}] = zv;` : ""} a${k}[${i}] = ${activate(l.activation, "zv", k)}; }`;
		};
		const input: Operand = { buf: `a${idx}`, rowStride: l.inputs, colStride: 1 };
		const weight: Operand = { buf: `W${k}`, rowStride: l.units, colStride: 1 };
		code.push(`// layer ${k}: a${k} = ${l.activation}(a${idx} · W${k}${l.bias ? ` + b${k}` : ""})`);
		code.push(matmul(z, input, weight, n, l.inputs, l.units, then, decls));
	});
	return code.join("\n");
}

// The loss of aL against t, and dL/dzL into gL (the last activation's backward fused in).
function lossAndGradient(plan: StepPlan, n: number, buffers: BufferSpec[]): string {
	const L = plan.layers.length;
	const last = plan.layers[L - 1] as LayerPlan;
	const size = n * last.units;
	const p = `a${L}`;
	const back = (g: string, i: string) => activateBackward(last.activation, g, `z${L}[${i}]`, `${p}[${i}]`, L);
	const code: string[] = ["let s = 0;"];
	if (plan.loss === "mse") {
		// sumSquaredDifference / n; gradient (p - t)·(2/n)
		code.push(flat(size, (i) => `{ const d = ${p}[${i}] - t[${i}]; s += d * d; }`));
		code.push(`const loss = s / ${size};`, "if (!(loss - loss === 0)) return loss;");
		const scale = lit((2 * 1) / Math.max(size, 1));
		code.push(flat(size, (i) => `{ const g = (${p}[${i}] - t[${i}]) * ${scale}; g${L}[${i}] = ${back("g", i)}; }`));
	} else if (plan.loss === "mae") {
		// mean |p - t|; gradient (1/n)·sign(p - t)
		code.push(flat(size, (i) => `s += Math.abs(${p}[${i}] - t[${i}]);`));
		code.push(`const loss = s / ${size};`, "if (!(loss - loss === 0)) return loss;");
		const inv = lit(1 / size);
		code.push(
			flat(size, (i) => `{ const g = ${inv} * Math.sign(${p}[${i}] - t[${i}]); g${L}[${i}] = ${back("g", i)}; }`),
		);
	} else {
		// -mean over rows of Σ t·logSoftmax(p), logSoftmax through log-sum-exp shifted by the row's finite maximum
		const C = last.units;
		buffers.push({ name: "LS", size });
		code.push(`for (let r = 0; r < ${n}; r++) {
const o = r * ${C};
let mx = ${p}[o];
if (mx === mx) for (let c = 1; c < ${C}; c++) { const v = ${p}[o + c]; if (v !== v) { mx = v; break; } if (v > mx) mx = v; }
if (!(Math.abs(mx) < Infinity)) mx = 0;
let se = 0;
for (let c = 0; c < ${C}; c++) se += Math.exp(${p}[o + c] - mx);
const lse = Math.log(se) + mx;
let rs = 0;
for (let c = 0; c < ${C}; c++) { const ls = ${p}[o + c] - lse; LS[o + c] = ls; rs += ls * t[o + c]; }
s += rs;
}`);
		code.push(`const loss = -(s / ${n});`, "if (!(loss - loss === 0)) return loss;");
		const G = lit(-1 / n);
		code.push(`for (let r = 0; r < ${n}; r++) {
const o = r * ${C};
let S = 0;
for (let c = 0; c < ${C}; c++) S += ${G} * t[o + c];
for (let c = 0; c < ${C}; c++) { const i = o + c; const g = ${G} * t[i] - Math.exp(LS[i]) * S; g${L}[i] = ${back("g", "i")}; }
}`);
	}
	return code.join("\n");
}

// dW, db of every layer from last to first, and dL/dz of the layer below (its activation's backward fused in).
function backward(plan: StepPlan, n: number, buffers: BufferSpec[], decls: string[]): string {
	const code: string[] = [];
	for (let k = plan.layers.length; k >= 1; k--) {
		const l = plan.layers[k - 1] as LayerPlan;
		const u = l.units;
		buffers.push({ name: `g${k}`, size: n * u });
		const g: Operand = { buf: `g${k}`, rowStride: u, colStride: 1 };
		code.push(`// layer ${k}: dW${k} = a${k - 1}ᵀ · g${k}, db${k} = Σ rows g${k}`);
		code.push(
			matmul(`dW${k}`, { buf: `a${k - 1}`, rowStride: 1, colStride: l.inputs }, g, l.inputs, n, u, null, decls),
		);
		if (l.bias) {
			code.push(
				flat(u, (c) => {
					if (n <= UNROLL) {
						const terms = Array.from(
							{ length: n },
							(_, r) => `g${k}[${/^\d+$/.test(c) ? r * u + Number(c) : `${r * u} + ${c}`}]`,
						);
						return `db${k}[${c}] = 0 + ${terms.join(" + ")};`;
					}
					return `{ let s = 0; for (let r = 0; r < ${n}; r++) s += g${k}[r * ${u} + ${c}]; db${k}[${c}] = s; }`;
				}),
			);
		}
		if (k > 1) {
			const below = plan.layers[k - 2] as LayerPlan;
			const then = (i: string, _r: string, _c: string, sum: string) =>
				`{ const gv = ${sum}; g${k - 1}[${i}] = ${activateBackward(below.activation, "gv", `z${k - 1}[${i}]`, `a${k - 1}[${i}]`, k - 1)}; }`;
			code.push(`// g${k - 1} = act'(g${k} · W${k}ᵀ)`);
			code.push(matmul(`d${k - 1}`, g, { buf: `W${k}`, rowStride: 1, colStride: u }, n, u, below.units, then, decls));
			buffers.push({ name: `d${k - 1}`, size: n * below.units });
		}
	}
	return code.join("\n");
}

// The optimizer's update of every parameter in place, in the order of its eager kernel.
function update(plan: StepPlan): string {
	const u = plan.update;
	const code: string[] = ["let chk = 0;"];
	if (u.kind === "adam") {
		code.push(
			"const step = S.step + 1;",
			"S.step = step;",
			`const stepSize = lr / (1 - ${lit(u.beta1)} ** step);`,
			`const correction = Math.sqrt(1 - ${lit(u.beta2)} ** step);`,
		);
	}
	if (u.kind === "sgd" && u.momentum !== 0) code.push("const first = S.first;", "S.first = false;");
	for (const { name, size } of parameterNames(plan.layers)) {
		const wd = u.weightDecay !== 0 ? `${name}G[i] + p * ${lit(u.weightDecay)}` : `${name}G[i]`;
		let body: string;
		if (u.kind === "sgd") {
			const mu = lit(u.momentum);
			const momentum =
				u.momentum === 0
					? ""
					: `const b = first ? g : m${name}[i] * ${mu} + g; m${name}[i] = b; g = ${u.nesterov ? `g + b * ${mu}` : "b"};`;
			body = `let g = ${wd}; ${momentum} const np = p + lr * g;`;
		} else if (u.kind === "adam") {
			const b1 = lit(u.beta1);
			const b2 = lit(u.beta2);
			body = `const g = ${wd}; const mi = m${name}[i] * ${b1} + g * (1 - ${b1}); const vi = v${name}[i] * ${b2} + g * g * (1 - ${b2}); m${name}[i] = mi; v${name}[i] = vi; const np = p - stepSize * (mi / (Math.sqrt(vi) / correction + ${lit(u.eps)}));`;
		} else {
			const a = lit(u.alpha);
			const centered = u.centered
				? `const av = av${name}[i] * ${a} + g * (1 - ${a}); av${name}[i] = av; variance = s - av * av;`
				: "";
			const move =
				u.momentum > 0
					? `const b = mo${name}[i] * ${lit(u.momentum)} + st; mo${name}[i] = b; const np = p - lr * b;`
					: "const np = p - lr * st;";
			body = `const g = ${wd}; const s = sq${name}[i] * ${a} + g * g * (1 - ${a}); sq${name}[i] = s; let variance = s; ${centered} const st = g / (Math.sqrt(variance) + ${lit(u.eps)}); ${move}`;
		}
		code.push(
			flat(
				size,
				(i) =>
					`{ const p = ${name}[${i}]; ${body.replaceAll("[i]", `[${i}]`)} ${name}K[${i}] = p; chk += np - np; ${name}[${i}] = np; }`,
			),
		);
	}
	code.push("S.finite = chk === 0;");
	return code.join("\n");
}

// Local names for every buffer of B (parameters, their gradients, backups and optimizer state).
function declareBuffers(plan: StepPlan, buffers: readonly BufferSpec[], training: boolean): string {
	const names = buffers.map((b) => b.name);
	for (const { name } of parameterNames(plan.layers)) {
		names.push(name);
		if (training) names.push(`${name}G`, `${name}K`, ...stateNames(plan).map((s) => `${s}${name}`));
	}
	const pairs = plan.layers.flatMap((l, i) => (l.activation === "pair" ? [`const P${i + 1} = P[${i}];`] : []));
	return [...names.map((n) => `const ${n} = B.${n};`), ...pairs].join("\n");
}

// Gradient buffers are named dW1/db1 in the backward and W1G/b1G in the update: one array under both names.
function gradientAliases(plan: StepPlan): string {
	return parameterNames(plan.layers)
		.map(({ name }) => `const d${name} = ${name}G;`)
		.join("\n");
}

/**
 * The body of `new Function("B", "K", "P", "S", body)` returning
 * `{ step(X, Y, order, start, lr), run(X, Y, order, start, end, lr, sum) }`:
 * `step` gathers rows `order[start…start+n)` of the row-major data X, Y, runs
 * forward, loss, backward and the update in place, and returns the loss (without
 * backward and update when it is not finite); `run` steps batch after batch.
 * For SGD, `lr` is passed negated (the eager `axpy(p, -lr, g)`).
 */
export function emitTrainStep(plan: StepPlan, n: number): Emitted {
	const first = plan.layers[0] as LayerPlan;
	const last = plan.layers[plan.layers.length - 1] as LayerPlan;
	const buffers: BufferSpec[] = [
		{ name: "a0", size: n * first.inputs },
		{ name: "t", size: n * last.units },
	];
	const decls: string[] = [];
	const body = [
		`// gather ${n} rows`,
		n * (first.inputs + last.units) <= 4 * UNROLL
			? Array.from({ length: n }, (_, r) => {
					const s = `s${r}`;
					const xs = Array.from(
						{ length: first.inputs },
						(_, j) => `a0[${r * first.inputs + j}] = X[${s} * ${first.inputs} + ${j}];`,
					);
					const ys = Array.from(
						{ length: last.units },
						(_, j) => `t[${r * last.units + j}] = Y[${s} * ${last.units} + ${j}];`,
					);
					return [`const ${s} = order[start + ${r}];`, ...xs, ...ys].join("\n");
				}).join("\n")
			: `for (let r = 0; r < ${n}; r++) {
const s = order[start + r];
for (let j = 0; j < ${first.inputs}; j++) a0[r * ${first.inputs} + j] = X[s * ${first.inputs} + j];
for (let j = 0; j < ${last.units}; j++) t[r * ${last.units} + j] = Y[s * ${last.units} + j];
}`,
		forward(plan, n, buffers, decls, true),
		"// loss and dL/dz of the last layer",
		lossAndGradient(plan, n, buffers),
		backward(plan, n, buffers, decls),
		"// update",
		update(plan),
		"return loss;",
	].join("\n");
	const source = [
		declareBuffers(plan, buffers, true),
		gradientAliases(plan),
		...decls,
		`function step(X, Y, order, start, lr) {\n${body}\n}`,
		// Consecutive batches of n rows of order from start to end in one call: the loss sum
		// continues \`sum\` in the order a caller adding l·n per batch would use; the first
		// batch whose loss or weights are not finite stops the run (S.stop is its start).
		`function run(X, Y, order, start, end, lr, sum) {
S.stop = -1;
for (let s = start; s + ${n} <= end; s += ${n}) {
const l = step(X, Y, order, s, lr);
if (!(l - l === 0) || !S.finite) { S.stop = s; S.loss = l; return sum; }
sum += l * ${n};
}
return sum;
}`,
		"return { step, run };",
	].join("\n");
	return { source, buffers };
}

/**
 * The body of `new Function("B", "K", "P", "S", body)` returning `predict(X)`:
 * the forward pass of n rows of X, returning the last layer's output buffer.
 */
export function emitPredict(plan: StepPlan, n: number): Emitted {
	const first = plan.layers[0] as LayerPlan;
	const buffers: BufferSpec[] = [{ name: "a0", size: n * first.inputs }];
	const decls: string[] = [];
	const body = ["a0.set(X);", forward(plan, n, buffers, decls, false), `return a${plan.layers.length};`].join("\n");
	const source = [declareBuffers(plan, buffers, false), ...decls, `return function predict(X) {\n${body}\n};`].join(
		"\n",
	);
	return { source, buffers };
}
