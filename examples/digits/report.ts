/** What the example shows: a confusion matrix for the terminal and the misclassified digits as SVG. */

/** counts[label][prediction]. */
export function confusionMatrix(labels: readonly number[], predictions: readonly number[], classes = 10): number[][] {
	const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
	labels.forEach((l, i) => {
		(m[l] as number[])[predictions[i]]++;
	});
	return m;
}

/** The matrix as text: one row per true digit, one column per prediction, the diagonal marked. */
export function formatConfusion(m: readonly (readonly number[])[]): string {
	const width = Math.max(3, ...m.flat().map((v) => String(v).length + 1));
	const cell = (s: string) => s.padStart(width);
	const head = `${"true\\pred".padEnd(10)}${m.map((_, j) => cell(String(j))).join("")}`;
	const rows = m.map(
		(row, i) =>
			`${String(i).padEnd(10)}${row.map((v, j) => cell(v === 0 ? "." : i === j ? `${v}` : `${v}!`)).join("")}`,
	);
	return [head, ...rows].join("\n");
}

/** One misclassified image. */
export interface Mistake {
	pixels: readonly number[];
	label: number;
	prediction: number;
}

/** An SVG grid of 8x8 images (pixels 0..16 as grey levels), each captioned "label → prediction". */
export function mistakesSvg(mistakes: readonly Mistake[], columns = 10): string {
	const cell = 6;
	const box = 8 * cell + 20;
	const rows = Math.max(1, Math.ceil(mistakes.length / columns));
	const width = columns * box;
	const height = rows * (box + 14) + 24;
	const parts = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
		`<title>Misclassified test digits (${mistakes.length})</title>`,
		`<text x="4" y="15">${mistakes.length} misclassified test digits: true → predicted</text>`,
	];
	mistakes.forEach((m, k) => {
		const x0 = (k % columns) * box + 10;
		const y0 = Math.floor(k / columns) * (box + 14) + 24;
		m.pixels.forEach((v, p) => {
			const grey = Math.round(255 - (v / 16) * 255);
			const x = x0 + (p % 8) * cell;
			const y = y0 + Math.floor(p / 8) * cell;
			parts.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="rgb(${grey},${grey},${grey})"/>`);
		});
		parts.push(`<text x="${x0}" y="${y0 + 8 * cell + 12}">${m.label} → ${m.prediction}</text>`);
	});
	parts.push("</svg>");
	return `${parts.join("\n")}\n`;
}
