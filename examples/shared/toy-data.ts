/**
 * Small 2-D datasets for the examples and the playground, made from a seeded Rng: every run of
 * the same seed gives the same points. Labels are 0 or 1.
 */
import { Rng } from "@backprop/tensor";

/** Points in the plane with a 0/1 label each. */
export interface PointSet {
	x: number[][];
	y: number[];
}

/** The four corners of XOR: label 1 where exactly one input is 1. */
export function xorCorners(): PointSet {
	return {
		x: [
			[0, 0],
			[0, 1],
			[1, 0],
			[1, 1],
		],
		y: [0, 1, 1, 0],
	};
}

/** `n` points uniform in [-1, 1]², label 1 where x·y > 0 (XOR of the signs), kept 0.05 off the axes. */
export function xorCloud(n: number, seed = 0): PointSet {
	const rng = new Rng(seed);
	const x: number[][] = [];
	const y: number[] = [];
	while (x.length < n) {
		const a = rng.uniform(-1, 1);
		const b = rng.uniform(-1, 1);
		if (Math.abs(a) < 0.05 || Math.abs(b) < 0.05) continue;
		x.push([a, b]);
		y.push(a * b > 0 ? 1 : 0);
	}
	return { x, y };
}

/** `n` points: half in a disc of radius 0.4 (label 1), half in a ring from 0.65 to 0.95 (label 0). */
export function circles(n: number, seed = 0): PointSet {
	const rng = new Rng(seed);
	const x: number[][] = [];
	const y: number[] = [];
	for (let i = 0; i < n; i++) {
		const inside = i % 2 === 0;
		const r = inside ? 0.4 * Math.sqrt(rng.uniform()) : rng.uniform(0.65, 0.95);
		const t = rng.uniform(0, 2 * Math.PI);
		x.push([r * Math.cos(t), r * Math.sin(t)]);
		y.push(inside ? 1 : 0);
	}
	return { x, y };
}

/** `n` points on two interleaved spirals (1.75 turns each, a little noise), one label per spiral. */
export function twoSpirals(n: number, seed = 0, noise = 0.02): PointSet {
	const rng = new Rng(seed);
	const x: number[][] = [];
	const y: number[] = [];
	for (let i = 0; i < n; i++) {
		const label = i % 2;
		const t = (Math.floor(i / 2) / Math.ceil(n / 2)) * 1.75 * 2 * Math.PI;
		const r = 0.05 + (0.9 * t) / (1.75 * 2 * Math.PI);
		const angle = t + label * Math.PI;
		x.push([r * Math.cos(angle) + rng.normal(0, noise), r * Math.sin(angle) + rng.normal(0, noise)]);
		y.push(label);
	}
	return { x, y };
}

/** The tutorial's four people (weight − 135 lb, height − 66 in; 1 = F), scaled by 1/25 into the plane. */
export function people(): PointSet {
	return {
		x: [
			[-2 / 25, -1 / 25],
			[25 / 25, 6 / 25],
			[17 / 25, 4 / 25],
			[-15 / 25, -6 / 25],
		],
		y: [1, 0, 0, 1],
	};
}

/** Fraction of `predictions` (probabilities of label 1) on the right side of 0.5. */
export function accuracyOf(predictions: readonly number[], labels: readonly number[]): number {
	let right = 0;
	for (let i = 0; i < labels.length; i++) if ((predictions[i]! > 0.5 ? 1 : 0) === labels[i]) right++;
	return right / labels.length;
}
