/** How the example writes: headings, aligned tables, numbers, ticks — coloured only on a terminal. */
import { type Colors, stripAnsi } from "@backprop/viz";

/** Where the example writes, and the colours it may use there. */
export interface Printer {
	/** Colour helpers (plain when the output is not a terminal or NO_COLOR is set). */
	readonly c: Colors;
	/** Writes lines (a newline after each). */
	line(...lines: string[]): void;
	/** Writes a numbered section heading with a rule, after a blank line. */
	heading(step: number | string, title: string): void;
	/** Writes rows as columns padded to the widest cell, indented by two spaces. */
	table(rows: readonly (readonly string[])[], align?: readonly ("left" | "right")[]): void;
}

const RULE_WIDTH = 64;

/** A printer writing to `out` with colours `c`. Never throws (write errors surface on the stream). */
export function createPrinter(out: NodeJS.WritableStream, c: Colors): Printer {
	const line = (...lines: string[]) => {
		for (const l of lines) out.write(`${l}\n`);
	};
	return {
		c,
		line,
		heading(step, title) {
			const label = `${step}  ${title}`;
			line("", `${c.bold(c.cyan(label))} ${c.dim("─".repeat(Math.max(3, RULE_WIDTH - label.length - 1)))}`);
		},
		table(rows, align = []) {
			line(...formatTable(rows, align).map((r) => `  ${r}`));
		},
	};
}

/**
 * Rows as columns two spaces apart, each padded to its widest cell by visible
 * width (colour codes do not count), right-aligned where `align` says so. Never throws.
 */
export function formatTable(rows: readonly (readonly string[])[], align: readonly ("left" | "right")[] = []): string[] {
	const widths: number[] = [];
	for (const row of rows) {
		row.forEach((cell, i) => {
			widths[i] = Math.max(widths[i] ?? 0, stripAnsi(cell).length);
		});
	}
	return rows.map((row) =>
		row
			.map((cell, i) => {
				const pad = " ".repeat(widths[i] - stripAnsi(cell).length);
				return align[i] === "right" ? pad + cell : cell + pad;
			})
			.join("  ")
			.trimEnd(),
	);
}

/** A feature vector as the tutorial writes it: "[-2, -1]". */
export function vector(values: readonly number[]): string {
	return `[${values.join(", ")}]`;
}

/** The difference of two numbers for people: "0" when equal, else "1.7e-18". */
export function difference(a: number, b: number): string {
	const d = Math.abs(a - b);
	return d === 0 ? "0" : d.toExponential(1);
}

/** A green tick or a red cross. */
export function mark(c: Colors, ok: boolean): string {
	return ok ? c.green("✓") : c.red("✗");
}
