/**
 * A progress bar (cli-progress) that is there only when someone watches: on a
 * terminal it redraws in place; anywhere else (a pipe, a file, CI) it is silent.
 */
import { SingleBar } from "cli-progress";

/** Options for {@link createProgressBar}. */
export interface ProgressBarOptions {
	/** The value at 100% (e.g. the number of epochs). */
	total: number;
	/** Where the bar is drawn (default process.stderr, so stdout stays clean for results). */
	stream?: NodeJS.WritableStream & { isTTY?: boolean };
	/** Set false to turn the bar off even on a terminal (e.g. for --quiet). Default true. */
	enabled?: boolean;
	/** Text before the bar (default "Training"). */
	label?: string;
	/** Name of the unit counted, shown after the count (default "epochs"). */
	unit?: string;
}

/** Values shown beside the bar, e.g. `{ loss: 0.0123 }`. Numbers are shown with 4 decimals. */
export type ProgressPayload = Record<string, number | string>;

/** A started progress bar. */
export interface ProgressBar {
	/** Whether the bar is drawn (false off a terminal or when disabled). */
	readonly active: boolean;
	/** Moves the bar to `value` (0..total) and shows `payload`. Does nothing when inactive. */
	update(value: number, payload?: ProgressPayload): void;
	/**
	 * Writes `text` (a line of output, newline added) to `out` without tearing the
	 * bar: the bar line is cleared first and redrawn after. When inactive it just writes.
	 */
	log(text: string, out?: NodeJS.WritableStream): void;
	/** Draws the final state and releases the terminal line; later calls do nothing. */
	stop(): void;
}

function formatPayload(payload: ProgressPayload): string {
	return Object.entries(payload)
		.map(([k, v]) => `${k} ${typeof v === "number" ? v.toFixed(4) : v}`)
		.join("  ");
}

/**
 * Starts a progress bar over `total` steps on `stream` (default stderr), drawn
 * only when the stream is a TTY and `enabled` is not false. Throws RangeError
 * when `total` is not a non-negative finite number.
 */
export function createProgressBar(options: ProgressBarOptions): ProgressBar {
	const { total } = options;
	if (!Number.isFinite(total) || total < 0) {
		throw new RangeError(`createProgressBar: total must be a non-negative number, got ${total}`);
	}
	const stream = options.stream ?? process.stderr;
	const active = options.enabled !== false && stream.isTTY === true;
	if (!active) {
		return {
			active: false,
			update() {},
			log(text, out = process.stdout) {
				out.write(`${text}\n`);
			},
			stop() {},
		};
	}
	const label = options.label ?? "Training";
	const unit = options.unit ?? "epochs";
	const bar = new SingleBar({
		stream,
		format: `${label} {bar} {percentage}% | {value}/{total} ${unit} | {details}`,
		barCompleteChar: "\u2588",
		barIncompleteChar: "\u2591",
		barsize: 30,
		// forceRedraw: after log() clears the line, the next render must draw it again
		// even though the bar's text has not changed.
		forceRedraw: true,
		// The cursor stays visible and SIGINT is left alone: a bar must never change how
		// Ctrl-C behaves in the program that uses it, nor leave a hidden cursor behind.
		hideCursor: false,
		gracefulExit: false,
		linewrap: false,
	});
	bar.start(total, 0, { details: "" });
	let stopped = false;
	return {
		active: true,
		update(value, payload = {}) {
			if (!stopped) bar.update(value, { details: formatPayload(payload) });
		},
		log(text, out = process.stdout) {
			if (stopped) {
				out.write(`${text}\n`);
				return;
			}
			// Carriage return + erase line, so the text starts at column 0 on a clean line.
			stream.write("\r\x1b[2K");
			out.write(`${text}\n`);
			bar.render();
		},
		stop() {
			if (stopped) return;
			stopped = true;
			// cli-progress saves the cursor when it starts and restores it when it stops;
			// after lines written by log() that saved spot is some lines up, and the output
			// that follows would overwrite them. Saving it again here, on the bar's current
			// line, makes the restore a no-op.
			stream.write("\x1b7");
			bar.stop();
		},
	};
}
