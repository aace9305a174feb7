/** The 8x8 digits: read from the shipped gzip CSV, scaled to [0, 1], split with a seed. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { Rng, type Tensor, tensor } from "@backprop/tensor";

/** The shipped data file. */
export const DIGITS_FILE = join(dirname(fileURLToPath(import.meta.url)), "digits.csv.gz");

/** Images as [n, 8, 8, 1] (pixels / 16) and labels as [n]. */
export interface Digits {
	images: Tensor;
	labels: Tensor;
	/** The pixel rows as read (0..16), for drawing. */
	pixels: number[][];
	/** Labels as numbers. */
	digits: number[];
}

/** Reads the 1 797 digits. Throws an Error naming the line for a malformed row. */
export function readDigits(path = DIGITS_FILE): Digits {
	const lines = gunzipSync(readFileSync(path)).toString("utf8").trim().split("\n");
	const pixels: number[][] = [];
	const digits: number[] = [];
	lines.forEach((line, i) => {
		const cells = line.split(",").map(Number);
		if (cells.length !== 65 || cells.some((v) => !Number.isInteger(v))) {
			throw new Error(`${path}: line ${i + 1} is not 64 pixels and a digit`);
		}
		pixels.push(cells.slice(0, 64));
		digits.push(cells[64]);
	});
	return toDigits(pixels, digits);
}

function toDigits(pixels: number[][], digits: number[]): Digits {
	return {
		images: tensor(
			pixels.flat().map((v) => v / 16),
			{ shape: [pixels.length, 8, 8, 1] },
		),
		labels: tensor(digits),
		pixels,
		digits,
	};
}

/** A seeded shuffle of the rows, cut into train (the first `1 - testFraction`) and test. */
export function splitDigits(all: Digits, seed: number, testFraction = 0.2): { train: Digits; test: Digits } {
	const order = new Rng(seed).shuffle(Array.from({ length: all.digits.length }, (_, i) => i));
	const cut = Math.round(order.length * (1 - testFraction));
	const part = (rows: number[]) =>
		toDigits(
			rows.map((r) => all.pixels[r] as number[]),
			rows.map((r) => all.digits[r]),
		);
	return { train: part(order.slice(0, cut)), test: part(order.slice(cut)) };
}
