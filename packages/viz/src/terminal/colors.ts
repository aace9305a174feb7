/**
 * ANSI colours that switch themselves off when they would be noise: when the
 * stream is not a terminal (a pipe, a file, a CI log) or when NO_COLOR is set.
 */

/** A stream as far as colour is concerned: whether it is a terminal. */
export interface ColorStream {
	readonly isTTY?: boolean;
}

/** Text styles; each returns its input unchanged when colours are off. */
export interface Colors {
	/** Whether the styles add escape codes. */
	readonly enabled: boolean;
	bold(text: string): string;
	dim(text: string): string;
	red(text: string): string;
	green(text: string): string;
	yellow(text: string): string;
	blue(text: string): string;
	magenta(text: string): string;
	cyan(text: string): string;
	gray(text: string): string;
}

/** Environment variables as far as colour is concerned. */
export type ColorEnv = Readonly<Record<string, string | undefined>>;

// The running process's, looked up when needed: a browser has none (no variables, no terminal).
function nodeProcess(): { env: ColorEnv; stdout: ColorStream } | undefined {
	return (globalThis as { process?: { env: ColorEnv; stdout: ColorStream } }).process;
}

/**
 * Whether to colour output written to `stream`. NO_COLOR (any non-empty value,
 * https://no-color.org) always wins; FORCE_COLOR (anything but "0" or "false")
 * turns colours on for a pipe; otherwise only a terminal gets colours. `env`
 * defaults to the process's (none in a browser). Never throws.
 */
export function colorEnabled(stream: ColorStream, env: ColorEnv = nodeProcess()?.env ?? {}): boolean {
	if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
	const force = env.FORCE_COLOR;
	if (force !== undefined && force !== "") return force !== "0" && force !== "false";
	return stream.isTTY === true;
}

// Each style closes with its own reset code (not the full reset) so styles nest.
const wrap = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;
const plain = (text: string) => text;

/**
 * Styles for output on `stream` (default: the process's stdout; none in a
 * browser), see {@link colorEnabled}; pass `enabled` to decide yourself. Never throws.
 */
export function createColors(
	stream: ColorStream = nodeProcess()?.stdout ?? {},
	enabled = colorEnabled(stream),
): Colors {
	const s = (open: number, close: number) => (enabled ? wrap(open, close) : plain);
	return {
		enabled,
		bold: s(1, 22),
		dim: s(2, 22),
		red: s(31, 39),
		green: s(32, 39),
		yellow: s(33, 39),
		blue: s(34, 39),
		magenta: s(35, 39),
		cyan: s(36, 39),
		gray: s(90, 39),
	};
}

// ESC [ ... m: the SGR sequences the styles above (and asciichart) emit.
const ANSI_SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/** `text` without ANSI colour codes, e.g. to measure how wide it shows. Never throws. */
export function stripAnsi(text: string): string {
	return text.replace(ANSI_SGR, "");
}
