/**
 * What `train` shows: a note on the data and settings, progress (a bar on a
 * terminal, plain periodic lines elsewhere), then the loss curve and a summary,
 * or one JSON object with --json.
 */
import type { Callbacks, History, Logs } from "@backprop/nn";
import { colorEnabled, createColors, renderAsciiLossCurve } from "@backprop/viz";
import { createProgressBar, type ProgressBar } from "@backprop/viz/node";
import { formatNumber, formatSeconds } from "../format";
import type { CliIo } from "../io";
import type { ModelInfo } from "../model-info";
import type { TrainingData } from "./train-data";
import type { TrainSettings } from "./train-settings";

/** How much to say. */
export interface ReportOptions {
	/** Nothing but errors (and the interruption notice). */
	quiet: boolean;
	/** One JSON object on stdout instead of the summary. */
	json: boolean;
}

/** A file written: its path as the user gave it, and resolved. */
export interface SavedPath {
	given: string;
	full: string;
}

/** The outcome `finish` reports. */
export interface TrainingOutcome {
	history: History;
	seconds: number;
	/** Where the model was saved (as given, and absolute), or null. */
	out: SavedPath | null;
	/** Where the loss plot was saved, or null. */
	plot: SavedPath | null;
	info: ModelInfo;
}

/** Hooks `train` calls around `fit`. */
export interface TrainingReporter {
	/** Callbacks to pass to `fit`. */
	callbacks: Callbacks;
	/** Before training: says what is trained on what. */
	start(): void;
	/** After training: releases the progress bar. */
	stop(): void;
	/** After a failure: releases the progress bar, says nothing more. */
	abandon(): void;
	/** Prints the result (summary, JSON), and where the model went if Ctrl-C stopped training. */
	finish(outcome: TrainingOutcome): void;
}

/** "4-8-3 relu → softmax" and the rest of the settings, in one line. */
export function describeSettings(s: TrainSettings): string {
	return [
		`${s.layers.join("-")} ${s.activation} → ${s.outputActivation}`,
		s.loss,
		`${s.optimizer} lr ${s.lr}`,
		`${s.epochs} epochs`,
		`batch size ${s.batchSize}`,
		s.shuffle ? "shuffled" : "no shuffle",
		`seed ${s.seed}`,
		...(s.normalize ? ["normalized"] : []),
		...(s.validationRows > 0 ? [`${s.validationRows} rows for validation`] : []),
	].join(", ");
}

function formatLogs(logs: Logs): string {
	return Object.entries(logs)
		.map(([k, v]) => `${k} ${formatNumber(v)}`)
		.join("  ");
}

function lastOf(values: readonly number[]): number | null {
	return values.length > 0 ? values[values.length - 1] : null;
}

/** Final values by name: loss, valLoss and each metric, from the last completed epoch. */
export function finalValues(history: History): Record<string, number> {
	const out: Record<string, number> = {};
	const put = (k: string, v: number | null) => {
		if (v !== null) out[k] = v;
	};
	put("loss", lastOf(history.loss));
	put("valLoss", lastOf(history.valLoss));
	for (const [k, v] of Object.entries(history.metrics)) put(k, lastOf(v));
	for (const [k, v] of Object.entries(history.valMetrics)) put(`val${k[0]?.toUpperCase()}${k.slice(1)}`, lastOf(v));
	return out;
}

/** The reporter for one `train` run on `io`. */
export function createTrainingReporter(
	io: CliIo,
	data: TrainingData,
	settings: TrainSettings,
	options: ReportOptions,
): TrainingReporter {
	const err = createColors(io.stderr, colorEnabled(io.stderr, io.env));
	const out = createColors(io.stdout, colorEnabled(io.stdout, io.env));
	let bar: ProgressBar | null = null;
	// Plain progress lines: about ten per run, and always the last epoch.
	const every = Math.max(1, Math.ceil(settings.epochs / 10));
	const width = String(settings.epochs).length;
	// ...and one at least every few seconds, so a long run never looks stuck in a log.
	const quietMs = 5000;
	let lastLine = 0;

	const callbacks: Callbacks = {
		onEpochEnd(epoch, logs) {
			if (options.quiet) return undefined;
			const done = epoch + 1;
			if (bar?.active) {
				const payload: Record<string, number> = {};
				for (const [k, v] of Object.entries(logs)) payload[k] = v;
				bar.update(done, payload);
			} else if (
				done % every === 0 ||
				done === settings.epochs ||
				done === 1 ||
				performance.now() - lastLine > quietMs
			) {
				io.stderr.write(`epoch ${String(done).padStart(width)}/${settings.epochs}  ${formatLogs(logs)}\n`);
				lastLine = performance.now();
			}
			return undefined;
		},
	};

	return {
		callbacks,
		start() {
			if (options.quiet) return;
			if (data.path === null) {
				io.stderr.write(
					`${err.bold("No data file given:")} training ${data.description}\n  with the tutorial's settings: ${describeSettings(settings)}\n`,
				);
			} else {
				io.stderr.write(`Training on ${data.description}: ${describeSettings(settings)}\n`);
			}
			bar = createProgressBar({ total: settings.epochs, stream: io.stderr, enabled: true });
		},
		stop() {
			bar?.stop();
		},
		abandon() {
			bar?.stop();
		},
		finish({ history, seconds, out: outPath, plot: plotPath, info }) {
			const aborted = history.stopReason === "aborted";
			if (aborted) {
				const whatWasSaved = outPath
					? `saved the model trained so far to ${outPath.given}`
					: "nothing saved (give --out model.json to keep the model)";
				io.stderr.write(
					`\nbackprop: interrupted after ${history.epochs} complete epoch${history.epochs === 1 ? "" : "s"}; ${whatWasSaved}\n`,
				);
			}
			if (options.json) {
				const result = {
					command: "train",
					data: data.path,
					builtIn: data.path === null ? "gender" : null,
					model: outPath?.full ?? null,
					plot: plotPath?.full ?? null,
					interrupted: aborted,
					rows: { train: data.x.length - settings.validationRows, validation: settings.validationRows },
					features: info.features,
					target: info.target,
					task: info.task,
					labels: info.labels,
					settings: {
						layers: settings.layers,
						activation: settings.activation,
						outputActivation: settings.outputActivation,
						loss: settings.loss,
						optimizer: settings.optimizer,
						lr: settings.lr,
						epochs: settings.epochs,
						batchSize: settings.batchSize,
						shuffle: settings.shuffle,
						seed: settings.seed,
						validationSplit: settings.validationSplit,
						normalize: settings.normalize,
					},
					history,
					final: finalValues(history),
					seconds,
				};
				io.stdout.write(`${JSON.stringify(result)}\n`);
				return;
			}
			if (options.quiet) return;
			const lines: string[] = [];
			if (history.loss.length > 0) {
				lines.push(
					"",
					out.bold(`${settings.loss} loss per epoch`),
					renderAsciiLossCurve(history.loss, { height: 10, width: 60, color: out.enabled }),
					"",
				);
			}
			const final = finalValues(history);
			const first = history.loss[0];
			const trend =
				first !== undefined && history.loss.length > 1
					? `loss ${formatNumber(first)} → ${formatNumber(final.loss)}`
					: final.loss !== undefined
						? `loss ${formatNumber(final.loss)}`
						: "no complete epoch";
			const extras = Object.entries(final)
				.filter(([k]) => k !== "loss")
				.map(([k, v]) => `${k} ${formatNumber(v)}`);
			lines.push(
				`${out.green(aborted ? "Stopped" : "Done")}: ${history.epochs} epoch${history.epochs === 1 ? "" : "s"} in ${formatSeconds(seconds)}, ${[trend, ...extras].join(", ")}`,
			);
			lines.push(
				outPath
					? `Saved the model to ${out.bold(outPath.given)}`
					: out.dim("The model was not saved (give --out model.json to keep it)"),
			);
			if (plotPath) lines.push(`Saved the loss plot to ${out.bold(plotPath.given)}`);
			io.stdout.write(`${lines.join("\n")}\n`);
		},
	};
}
