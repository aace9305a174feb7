/** Small text formatting helpers shared by the commands. */

/** A number for people: 4 significant decimals, exponent form for very small or large magnitudes. */
export function formatNumber(v: number): string {
	if (!Number.isFinite(v)) return String(v);
	if (v === 0) return "0";
	const a = Math.abs(v);
	if (a < 1e-4 || a >= 1e7) return v.toExponential(3);
	if (Number.isInteger(v)) return String(v);
	return String(Number(a >= 1 ? v.toFixed(4) : v.toPrecision(4)));
}

/** One CSV field: quoted when it holds a comma, quote, or line break. */
export function csvField(value: string | number): string {
	const s = String(value);
	return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One CSV line (with its newline). */
export function csvLine(values: readonly (string | number)[]): string {
	return `${values.map(csvField).join(",")}\n`;
}

/** Rows of cells laid out in columns padded to the widest cell, `gap` spaces apart. */
export function columns(rows: readonly (readonly string[])[], gap = 2, rightAlign: readonly number[] = []): string[] {
	const widths: number[] = [];
	for (const row of rows) {
		row.forEach((cell, i) => {
			widths[i] = Math.max(widths[i] ?? 0, cell.length);
		});
	}
	return rows.map((row) =>
		row
			.map((cell, i) => {
				const w = widths[i];
				if (i === row.length - 1 && !rightAlign.includes(i)) return cell;
				return rightAlign.includes(i) ? cell.padStart(w) : cell.padEnd(w);
			})
			.join(" ".repeat(gap))
			.trimEnd(),
	);
}

/** Seconds for people: "0.42 s", "12.3 s", "2 min 5 s". */
export function formatSeconds(seconds: number): string {
	if (seconds < 10) return `${seconds.toFixed(2)} s`;
	if (seconds < 60) return `${seconds.toFixed(1)} s`;
	return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
