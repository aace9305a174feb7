/**
 * Optimizers against hand computation: PyTorch's update rules (torch.optim's
 * single-tensor code) written out per element in plain numbers, run for a few
 * steps with fixed gradients and a learning rate changed between steps.
 */
import { type Variable, variable } from "@backprop/autograd";
import {
	Adam,
	AdamW,
	clipGradNorm,
	clipGradValue,
	createOptimizer,
	type Optimizer,
	optimizerNames,
	RMSProp,
	SGD,
} from "@backprop/nn";
import { tensor } from "@backprop/tensor";
import { describe, expect, it } from "vitest";
import { bits, expectClose, gradOf, thrown } from "./helpers";

const START = [1, -2, 0.5];
// Gradients for four steps (fixed, so the rule alone is tested).
const GRADS = [
	[0.5, -1, 2],
	[-0.25, 0.75, 1],
	[1, 0.5, -1.5],
	[0.3, -0.2, 0.1],
];
// Learning rate used at each step: changed between step 2 and step 3.
const LRS = [0.1, 0.1, 0.03, 0.03];

/** Runs `opt` over the fixed gradients, changing lr as LRS says; returns the parameter after each step. */
function runSteps(make: (p: Variable) => Optimizer): number[][] {
	const p = variable(START, { requiresGrad: true });
	const opt = make(p);
	return GRADS.map((g, step) => {
		opt.lr = LRS[step];
		p.grad = tensor(g);
		opt.step();
		return Array.from(p.value.dataSync());
	});
}

/** A per-element rule: given the parameter, gradient, lr, step number (1-based) and a state object, the new parameter. */
type Rule = (p: number, g: number, lr: number, t: number, state: Record<string, number | undefined>) => number;

/** The same steps by hand, element by element. */
function byHand(rule: Rule): number[][] {
	const states = START.map(() => ({}));
	const p = [...START];
	return GRADS.map((g, step) => {
		for (let i = 0; i < p.length; i++) {
			p[i] = rule(p[i], g[i], LRS[step], step + 1, states[i] as Record<string, number>);
		}
		return [...p];
	});
}

function expectTrajectory(actual: number[][], expected: number[][], tol: number): void {
	actual.forEach((row, step) => {
		expectClose(tensor(row), expected[step] as number[], tol);
	});
}

// torch.optim.SGD (dampening 0):
//   g = g + weight_decay · p
//   if momentum: buf = g on the first step, else buf = momentum · buf + g;  g = g + momentum · buf (nesterov) or buf
//   p = p - lr · g
function sgdRule(momentum: number, nesterov: boolean, weightDecay: number): Rule {
	return (p, grad, lr, _t, s) => {
		let g = weightDecay !== 0 ? grad + weightDecay * p : grad;
		if (momentum !== 0) {
			const buf = s.buf === undefined ? g : momentum * s.buf + g;
			s.buf = buf;
			g = nesterov ? g + momentum * buf : buf;
		}
		return p - lr * g;
	};
}

// torch.optim.Adam (amsgrad off):
//   g = g + weight_decay · p;  m = lerp(m, g, 1 - β1);  v = β2 v + (1 - β2) g²
//   p = p - (lr / (1 - β1^t)) · m / (√v / √(1 - β2^t) + eps)
function adamRule(beta1: number, beta2: number, eps: number, weightDecay: number): Rule {
	return (p, grad, lr, t, s) => {
		const g = weightDecay !== 0 ? grad + weightDecay * p : grad;
		const m0 = s.m ?? 0;
		const m = m0 + (1 - beta1) * (g - m0);
		const v = beta2 * (s.v ?? 0) + (1 - beta2) * g * g;
		s.m = m;
		s.v = v;
		const stepSize = lr / (1 - beta1 ** t);
		const denom = Math.sqrt(v) / Math.sqrt(1 - beta2 ** t) + eps;
		return p - stepSize * (m / denom);
	};
}

// torch.optim.Adam with amsgrad, and torch.optim.AdamW (decoupled decay, then Adam without weight decay):
//   AdamW first: p = p · (1 - lr · weight_decay)
//   m = lerp(m, g, 1 - β1);  v = β2 v + (1 - β2) g²;  amsgrad: v_max = max(v_max, v), used for v below
//   p = p - (lr / (1 - β1^t)) · m / (√v / √(1 - β2^t) + eps)
function adamVariantRule(beta1: number, beta2: number, eps: number, decoupled: number, amsgrad: boolean): Rule {
	return (p0, g, lr, t, s) => {
		const p = decoupled !== 0 ? p0 * (1 - lr * decoupled) : p0;
		const m0 = s.m ?? 0;
		const m = m0 + (1 - beta1) * (g - m0);
		const v = beta2 * (s.v ?? 0) + (1 - beta2) * g * g;
		s.m = m;
		s.v = v;
		const vUsed = amsgrad ? Math.max(s.vMax ?? 0, v) : v;
		s.vMax = vUsed;
		const stepSize = lr / (1 - beta1 ** t);
		const denom = Math.sqrt(vUsed) / Math.sqrt(1 - beta2 ** t) + eps;
		return p - stepSize * (m / denom);
	};
}

// torch.optim.RMSprop:
//   g = g + weight_decay · p;  v = α v + (1 - α) g²
//   centered: a = lerp(a, g, 1 - α), avg = √(v - a²); else avg = √v;  avg += eps
//   momentum: buf = μ buf + g / avg, p = p - lr · buf; else p = p - lr · g / avg
function rmspropRule(alpha: number, eps: number, momentum: number, centered: boolean, weightDecay: number): Rule {
	return (p, grad, lr, _t, s) => {
		const g = weightDecay !== 0 ? grad + weightDecay * p : grad;
		const v = alpha * (s.v ?? 0) + (1 - alpha) * g * g;
		s.v = v;
		let avg: number;
		if (centered) {
			const a0 = s.a ?? 0;
			const a = a0 + (1 - alpha) * (g - a0);
			s.a = a;
			avg = Math.sqrt(v - a * a);
		} else {
			avg = Math.sqrt(v);
		}
		avg += eps;
		if (momentum > 0) {
			const buf = momentum * (s.buf ?? 0) + g / avg;
			s.buf = buf;
			return p - lr * buf;
		}
		return p - lr * (g / avg);
	};
}

describe("SGD against hand computation", () => {
	it("plain: p ← p - lr·g; first step 1 - 0.1·0.5 = 0.95, -2 + 0.1 = -1.9, 0.5 - 0.2 = 0.3", () => {
		const steps = runSteps((p) => new SGD([p], { lr: 0.1 }));
		expect(steps[0]).toEqual([0.95, -1.9, 0.3]);
		// the same arithmetic in the same order: bit-identical
		const expected = byHand(sgdRule(0, false, 0));
		steps.forEach((row, i) => {
			expect(bits(row)).toEqual(bits(expected[i] as number[]));
		});
	});

	it("momentum 0.9: buf = g, then 0.9·buf + g", () => {
		const steps = runSteps((p) => new SGD([p], { lr: 0.1, momentum: 0.9 }));
		// second step, element 0: buf = 0.9·0.5 - 0.25 = 0.2; p = 0.95 - 0.1·0.2 = 0.93
		expect(steps[1]?.[0]).toBeCloseTo(0.93, 15);
		expectTrajectory(steps, byHand(sgdRule(0.9, false, 0)), 1e-15);
	});

	it("nesterov: g + μ·buf", () => {
		const steps = runSteps((p) => new SGD([p], { lr: 0.1, momentum: 0.9, nesterov: true }));
		// first step, element 0: buf = 0.5, g = 0.5 + 0.45 = 0.95; p = 1 - 0.095 = 0.905
		expect(steps[0]?.[0]).toBeCloseTo(0.905, 15);
		expectTrajectory(steps, byHand(sgdRule(0.9, true, 0)), 1e-15);
	});

	it("weight decay: g + λ·p", () => {
		const steps = runSteps((p) => new SGD([p], { lr: 0.1, weightDecay: 0.01 }));
		// first step, element 0: g = 0.5 + 0.01·1 = 0.51; p = 1 - 0.051 = 0.949
		expect(steps[0]?.[0]).toBeCloseTo(0.949, 15);
		expectTrajectory(steps, byHand(sgdRule(0, false, 0.01)), 1e-15);
	});

	it("momentum, nesterov and weight decay together", () => {
		const steps = runSteps((p) => new SGD([p], { lr: 0.1, momentum: 0.5, nesterov: true, weightDecay: 0.1 }));
		expectTrajectory(steps, byHand(sgdRule(0.5, true, 0.1)), 1e-15);
	});
});

describe("Adam against hand computation", () => {
	it("defaults β1 0.9, β2 0.999, eps 1e-8: the first step moves each element by about lr", () => {
		// t = 1: m̂ = g, v̂ = g², so p ← p - lr·g/(|g| + eps) ≈ p - lr·sign(g)
		const steps = runSteps((p) => new Adam([p], { lr: 0.1 }));
		expectClose(tensor(steps[0] as number[]), [0.9, -1.9, 0.4], 1e-7);
		expectTrajectory(steps, byHand(adamRule(0.9, 0.999, 1e-8, 0)), 1e-14);
	});

	it("other betas, eps and weight decay", () => {
		const steps = runSteps((p) => new Adam([p], { lr: 0.1, beta1: 0.5, beta2: 0.9, eps: 0.01, weightDecay: 0.2 }));
		expectTrajectory(steps, byHand(adamRule(0.5, 0.9, 0.01, 0.2)), 1e-14);
	});

	it("defaults lr to 0.001", () => {
		expect(new Adam([variable([1], { requiresGrad: true })]).lr).toBe(0.001);
	});

	it("counts steps per parameter: one without a gradient is skipped and its bias correction does not advance", () => {
		const a = variable([1], { requiresGrad: true });
		const b = variable([1], { requiresGrad: true });
		const opt = new Adam([a, b], { lr: 0.1 });
		a.grad = tensor([0.5]);
		opt.step();
		expect(b.value.item()).toBe(1);
		a.grad = tensor([0.5]);
		b.grad = tensor([0.5]);
		opt.step();
		// b's first step: 1 - 0.1·0.5/(0.5 + 1e-8)
		expectClose(b.value, [1 - (0.1 * 0.5) / (0.5 + 1e-8)], 1e-15);
	});
});

describe("Adam's amsgrad and AdamW against hand computation", () => {
	it("amsgrad divides by the running maximum of v", () => {
		const steps = runSteps((p) => new Adam([p], { lr: 0.1, beta2: 0.9, amsgrad: true }));
		expectTrajectory(steps, byHand(adamVariantRule(0.9, 0.9, 1e-8, 0, true)), 1e-14);
		// not vacuous: the gradients shrink, v falls below its maximum and plain Adam goes elsewhere
		const plain = runSteps((p) => new Adam([p], { lr: 0.1, beta2: 0.9 }));
		expect(Math.abs(plain[3]?.[2] - steps[3]?.[2])).toBeGreaterThan(1e-4);
	});

	it("AdamW decays the weights apart from the gradient: first step p·(1 - lr·λ) - lr·g/(|g| + eps)", () => {
		const p = variable([1], { requiresGrad: true });
		const opt = new AdamW([p], { lr: 0.1, weightDecay: 0.01 });
		p.grad = tensor([0.5]);
		opt.step();
		expect(p.value.item()).toBe(
			1 * (1 - 0.1 * 0.01) -
				((0.1 / (1 - 0.9)) * ((1 - 0.9) * 0.5)) / (Math.sqrt((1 - 0.999) * 0.25) / Math.sqrt(1 - 0.999) + 1e-8),
		);
		expectClose(p.value, [0.999 - 0.1 * (0.5 / (0.5 + 1e-8))], 1e-15);
	});

	it("AdamW over four steps with a changing lr, and with amsgrad", () => {
		const steps = runSteps((p) => new AdamW([p], { lr: 0.1, weightDecay: 0.2 }));
		expectTrajectory(steps, byHand(adamVariantRule(0.9, 0.999, 1e-8, 0.2, false)), 1e-14);
		const ams = runSteps((p) => new AdamW([p], { lr: 0.1, beta1: 0.5, beta2: 0.9, weightDecay: 0.2, amsgrad: true }));
		expectTrajectory(ams, byHand(adamVariantRule(0.5, 0.9, 1e-8, 0.2, true)), 1e-14);
	});

	it("AdamW defaults weightDecay to 0.01 (PyTorch's) and names itself in errors", () => {
		expect(new AdamW([variable([1], { requiresGrad: true })]).weightDecay).toBe(0.01);
		const e = thrown(() => new AdamW([variable([1], { requiresGrad: true })], { beta1: 1 }));
		expect(e.message).toBe("AdamW: beta1 must be in [0, 1), got 1");
	});
});

describe("gradient clipping", () => {
	const withGrads = () => {
		const a = variable([0, 0], { requiresGrad: true });
		const b = variable([0], { requiresGrad: true });
		a.grad = tensor([3, 4]);
		b.grad = tensor([12]);
		return [a, b];
	};

	it("clipGradNorm scales every gradient by maxNorm / (N + 1e-6) when the joint norm N is above maxNorm", () => {
		// N = √(9 + 16 + 144) = 13
		const params = withGrads();
		expect(clipGradNorm(params, 6.5)).toBe(13);
		const c = 6.5 / (13 + 1e-6);
		expect(Array.from(gradOf(params[0] as Variable).dataSync())).toEqual([3 * c, 4 * c]);
		expect(Array.from(gradOf(params[1] as Variable).dataSync())).toEqual([12 * c]);
	});

	it("clipGradNorm leaves gradients within the norm alone", () => {
		const params = withGrads();
		expect(clipGradNorm(params, 20)).toBe(13);
		expect(Array.from(gradOf(params[0] as Variable).dataSync())).toEqual([3, 4]);
	});

	it("clipGradValue clamps each element", () => {
		const params = withGrads();
		clipGradValue(params, 3.5);
		expect(Array.from(gradOf(params[0] as Variable).dataSync())).toEqual([3, 3.5]);
		expect(Array.from(gradOf(params[1] as Variable).dataSync())).toEqual([3.5]);
	});

	it("an optimizer's clipNorm and clipValue clip before the step: SGD p ← p - lr·clipped g", () => {
		const [a, b] = withGrads() as [Variable, Variable];
		new SGD([a, b], { lr: 0.1, clipNorm: 1 }).step();
		const c = 1 / (13 + 1e-6);
		expect(Array.from(a.value.dataSync())).toEqual([0 - 0.1 * (3 * c), 0 - 0.1 * (4 * c)]);
		const [d, e] = withGrads() as [Variable, Variable];
		new Adam([d, e], { lr: 0.1, clipValue: 1 }).step();
		// clipped to 1 everywhere: Adam's first step is lr·1/(1 + eps)
		expect(Array.from(d.value.dataSync())).toEqual([-0.1 / (1 + 1e-8), -0.1 / (1 + 1e-8)]);
	});

	it.each([0, -1, Number.NaN])("refuses clipNorm and clipValue %s", (bad) => {
		const p = () => [variable([1], { requiresGrad: true })];
		expect(thrown(() => new SGD(p(), { lr: 0.1, clipNorm: bad })).message).toContain(
			"SGD: clipNorm must be a positive number",
		);
		expect(thrown(() => new RMSProp(p(), { clipValue: bad })).message).toContain("RMSProp: clipValue must be");
		expect(() => clipGradNorm(p(), bad)).toThrow(RangeError);
	});
});

describe("RMSProp against hand computation", () => {
	it("defaults α 0.99, eps 1e-8, lr 0.01: the first step is lr·g/(0.1|g|), about 10·lr", () => {
		// v = 0.01 g², √v = 0.1|g|: p ← p - 0.01·g/(0.1|g|) = p - 0.1·sign(g)
		const p = variable(START, { requiresGrad: true });
		const opt = new RMSProp([p]);
		expect(opt.lr).toBe(0.01);
		p.grad = tensor(GRADS[0] as number[]);
		opt.step();
		expectClose(p.value, [0.9, -1.9, 0.4], 1e-6);
		expectTrajectory(
			runSteps((q) => new RMSProp([q])),
			byHand(rmspropRule(0.99, 1e-8, 0, false, 0)),
			1e-14,
		);
	});

	it("centered", () => {
		const steps = runSteps((p) => new RMSProp([p], { alpha: 0.9, centered: true }));
		expectTrajectory(steps, byHand(rmspropRule(0.9, 1e-8, 0, true, 0)), 1e-13);
	});

	it("momentum", () => {
		const steps = runSteps((p) => new RMSProp([p], { alpha: 0.9, momentum: 0.8 }));
		expectTrajectory(steps, byHand(rmspropRule(0.9, 1e-8, 0.8, false, 0)), 1e-14);
	});

	it("centered with momentum, eps and weight decay", () => {
		const steps = runSteps(
			(p) => new RMSProp([p], { alpha: 0.8, eps: 0.001, momentum: 0.5, centered: true, weightDecay: 0.1 }),
		);
		expectTrajectory(steps, byHand(rmspropRule(0.8, 0.001, 0.5, true, 0.1)), 1e-13);
	});
});

describe("optimizers with real gradients", () => {
	it("SGD on (p - 3)² walks toward 3: p = 0, grad -6, lr 0.25 -> 1.5, then 2.25", () => {
		const p = variable([0], { requiresGrad: true });
		const opt = new SGD([p], { lr: 0.25 });
		const expected = [1.5, 2.25];
		for (const want of expected) {
			opt.zeroGrad();
			p.sub(3).square().sum().backward();
			opt.step();
			expect(p.value.item()).toBe(want);
		}
	});

	it("zeroGrad clears gradients, and step skips parameters without one", () => {
		const p = variable([1, 2], { requiresGrad: true });
		const opt = new SGD([p], { lr: 0.5 });
		p.sum().backward();
		expect(gradOf(p).toArray()).toEqual([1, 1]);
		opt.zeroGrad();
		expect(p.grad).toBeNull();
		opt.step();
		expect(p.value.toArray()).toEqual([1, 2]);
	});

	it("gradients accumulate without zeroGrad, as in PyTorch", () => {
		const p = variable([1], { requiresGrad: true });
		const opt = new SGD([p], { lr: 0.1 });
		p.mul(2).sum().backward();
		p.mul(2).sum().backward();
		opt.step();
		// accumulated gradient 4: 1 - 0.4
		expect(p.value.item()).toBeCloseTo(0.6, 15);
	});

	it.each([
		["SGD", (ps: Variable[]) => new SGD(ps, { lr: 0.1, momentum: 0.9 })],
		["Adam", (ps: Variable[]) => new Adam(ps, { lr: 0.1 })],
		["RMSProp", (ps: Variable[]) => new RMSProp(ps, { centered: true, momentum: 0.5 })],
	])("%s keeps float32 parameters float32", (_name, make) => {
		const p = variable([1, -1], { requiresGrad: true, dtype: "float32" });
		const opt = make([p]);
		for (let i = 0; i < 3; i++) {
			opt.zeroGrad();
			p.square().sum().backward();
			opt.step();
		}
		expect(p.dtype).toBe("float32");
		expect(Math.abs(p.value.dataSync()[0])).toBeLessThan(1);
	});

	it("refuses parameters that do not require a gradient, naming the index", () => {
		const ok = variable([1], { requiresGrad: true });
		const e = thrown(() => new SGD([ok, variable([1])], { lr: 0.1 }));
		expect(e).toBeInstanceOf(TypeError);
		expect(e.message).toContain("parameter 1");
	});
});

describe("hyperparameter validation", () => {
	const p = () => [variable([1], { requiresGrad: true })];
	const cases: Array<[string, () => unknown, string, string]> = [
		["SGD lr 0", () => new SGD(p(), { lr: 0 }), "lr", "0"],
		["SGD lr -0.1", () => new SGD(p(), { lr: -0.1 }), "lr", "-0.1"],
		["SGD lr NaN", () => new SGD(p(), { lr: Number.NaN }), "lr", "NaN"],
		["SGD lr Infinity", () => new SGD(p(), { lr: Number.POSITIVE_INFINITY }), "lr", "Infinity"],
		["SGD lr missing", () => new SGD(p(), {} as { lr: number }), "lr", "undefined"],
		["SGD lr a string", () => new SGD(p(), { lr: "0.1" as unknown as number }), "lr", "0.1"],
		["SGD momentum -0.5", () => new SGD(p(), { lr: 0.1, momentum: -0.5 }), "momentum", "-0.5"],
		["SGD momentum NaN", () => new SGD(p(), { lr: 0.1, momentum: Number.NaN }), "momentum", "NaN"],
		["SGD weightDecay -1", () => new SGD(p(), { lr: 0.1, weightDecay: -1 }), "weightDecay", "-1"],
		["SGD nesterov without momentum", () => new SGD(p(), { lr: 0.1, nesterov: true }), "nesterov", "momentum"],
		["Adam lr 0", () => new Adam(p(), { lr: 0 }), "lr", "0"],
		["Adam beta1 1", () => new Adam(p(), { beta1: 1 }), "beta1", "1"],
		["Adam beta1 -0.1", () => new Adam(p(), { beta1: -0.1 }), "beta1", "-0.1"],
		["Adam beta2 1.5", () => new Adam(p(), { beta2: 1.5 }), "beta2", "1.5"],
		["Adam beta2 NaN", () => new Adam(p(), { beta2: Number.NaN }), "beta2", "NaN"],
		["Adam eps -1", () => new Adam(p(), { eps: -1 }), "eps", "-1"],
		["Adam weightDecay -0.01", () => new Adam(p(), { weightDecay: -0.01 }), "weightDecay", "-0.01"],
		["RMSProp lr -1", () => new RMSProp(p(), { lr: -1 }), "lr", "-1"],
		["RMSProp alpha 1", () => new RMSProp(p(), { alpha: 1 }), "alpha", "1"],
		["RMSProp alpha -0.5", () => new RMSProp(p(), { alpha: -0.5 }), "alpha", "-0.5"],
		["RMSProp eps NaN", () => new RMSProp(p(), { eps: Number.NaN }), "eps", "NaN"],
		["RMSProp momentum -1", () => new RMSProp(p(), { momentum: -1 }), "momentum", "-1"],
		["RMSProp weightDecay -2", () => new RMSProp(p(), { weightDecay: -2 }), "weightDecay", "-2"],
	];
	it.each(cases)("%s is a RangeError naming the option and value", (_label, make, option, value) => {
		const e = thrown(make);
		expect(e).toBeInstanceOf(RangeError);
		expect(e.message).toContain(option);
		expect(e.message).toContain(value);
	});

	it("accepts the edge values: momentum 0, beta1 0, eps 0, weightDecay 0", () => {
		expect(() => new SGD(p(), { lr: 1e-12, momentum: 0 })).not.toThrow();
		expect(() => new Adam(p(), { beta1: 0, eps: 0, weightDecay: 0 })).not.toThrow();
		expect(() => new RMSProp(p(), { alpha: 0, eps: 0 })).not.toThrow();
	});

	it("setting lr between steps checks it and keeps the old value on failure", () => {
		const opt = new SGD(p(), { lr: 0.1 });
		opt.lr = 0.5;
		expect(opt.lr).toBe(0.5);
		for (const bad of [0, -1, Number.NaN]) {
			const e = thrown(() => {
				opt.lr = bad;
			});
			expect(e).toBeInstanceOf(RangeError);
			expect(e.message).toContain("lr");
			expect(e.message).toContain(String(bad));
		}
		expect(opt.lr).toBe(0.5);
	});
});

describe("createOptimizer", () => {
	it("makes each named optimizer with its default learning rate", () => {
		expect([...optimizerNames]).toEqual(["sgd", "adam", "rmsprop"]);
		const sgd = createOptimizer("sgd", [variable([1], { requiresGrad: true })]);
		expect(sgd).toBeInstanceOf(SGD);
		expect(sgd.lr).toBe(0.01);
		const adam = createOptimizer("Adam", [variable([1], { requiresGrad: true })]);
		expect(adam).toBeInstanceOf(Adam);
		expect(adam.lr).toBe(0.001);
		const rms = createOptimizer("rmsprop", [variable([1], { requiresGrad: true })], 0.2);
		expect(rms).toBeInstanceOf(RMSProp);
		expect(rms.lr).toBe(0.2);
	});

	it("an unknown name throws, listing the known ones; a bad lr is a RangeError", () => {
		const e = thrown(() => createOptimizer("adagrad", []));
		expect(e.message).toContain('"adagrad"');
		expect(e.message).toContain("sgd, adam, rmsprop");
		expect(() => createOptimizer("adam", [], -1)).toThrow(RangeError);
	});
});
