/**
 * `train`'s toolbox flags — `--classes`, `--early-stopping`, `--schedule`,
 * `--shuffle-split` — and the hints a run prints about its target, kept apart
 * from the core settings.
 */
import { type Callbacks, cosineDecay, earlyStopping, exponentialDecay, type History, stepDecay } from "@backprop/nn";
import { Rng } from "@backprop/tensor";
import { quote, UsageError } from "../errors";
import { openFraction, wholeNumber } from "../flags";
import type { TrainingData } from "./train-data";

/** The toolbox flags as commander gives them. */
export interface ToolboxFlags {
	classes?: boolean;
	earlyStopping?: string;
	schedule?: string;
	shuffleSplit?: boolean;
}

/** A learning-rate schedule named by `--schedule`. */
export type ScheduleChoice =
	| { kind: "cosine" }
	| { kind: "step"; every: number; factor: number }
	| { kind: "exponential"; rate: number };

/** The toolbox flags read into values. */
export interface Toolbox {
	/** Treat a numeric target as class labels. */
	classes: boolean;
	/** Patience of early stopping in epochs, or null for none. */
	earlyStopping: number | null;
	/** The learning-rate schedule, or null for a constant rate. */
	schedule: ScheduleChoice | null;
	/** Hold out a seeded random choice of rows for --validation-split. */
	shuffleSplit: boolean;
}

const SCHEDULES = "cosine, step:EVERY:FACTOR (e.g. step:30:0.5) or exponential:RATE (e.g. exponential:0.97)";

/** Reads `--schedule`. Throws UsageError naming the flag and the forms it takes. */
export function scheduleChoice(raw: string): ScheduleChoice {
	const [name, ...args] = raw.split(":");
	if (name === "cosine" && args.length === 0) return { kind: "cosine" };
	if (name === "step" && args.length === 2) {
		const every = wholeNumber("--schedule step: EVERY", args[0] as string, 1);
		const factor = openFraction("--schedule step: FACTOR", args[1] as string);
		return { kind: "step", every, factor };
	}
	if (name === "exponential" && args.length === 1) {
		return { kind: "exponential", rate: openFraction("--schedule exponential: RATE", args[0] as string) };
	}
	throw new UsageError(`--schedule: unknown schedule ${quote(raw)} (valid: ${SCHEDULES})`);
}

/** Reads the toolbox flags. Throws UsageError naming the first bad one. */
export function parseToolboxFlags(flags: ToolboxFlags): Toolbox {
	return {
		classes: flags.classes === true,
		earlyStopping: flags.earlyStopping === undefined ? null : wholeNumber("--early-stopping", flags.earlyStopping, 0),
		schedule: flags.schedule === undefined ? null : scheduleChoice(flags.schedule),
		shuffleSplit: flags.shuffleSplit === true,
	};
}

/**
 * Checks the toolbox against the run: `--shuffle-split` needs `--validation-split`,
 * `--classes` needs a data file. Throws UsageError otherwise.
 */
export function checkToolbox(toolbox: Toolbox, validationSplit: number | undefined, data: TrainingData): void {
	if (toolbox.shuffleSplit && validationSplit === undefined) {
		throw new UsageError("--shuffle-split needs --validation-split (the fraction of rows to hold out)");
	}
	if (toolbox.classes && data.path === null) {
		throw new UsageError("--classes needs a data file (the built-in gender data is already 0/1)");
	}
}

type Target = TrainingData["y"];

// More distinct values than this are not class labels.
const MAX_CLASSES = 100;

/**
 * With `--classes`, a numeric target becomes class labels: its distinct values,
 * sorted as numbers, are the classes. Throws UsageError for a value that is not
 * a whole number, or fewer than two or more than 100 distinct values.
 */
export function targetAsClasses(y: Target): Target {
	if (y.kind === "labels") return y;
	const fraction = y.values.find((v) => !Number.isInteger(v));
	if (fraction !== undefined) {
		throw new UsageError(
			`--classes: the target ${quote(y.name)} holds ${fraction}, which is not a whole number; class labels are whole numbers (0, 1, 2, ...)`,
		);
	}
	const values = [...new Set(y.values)].sort((a, b) => a - b);
	if (values.length < 2 || values.length > MAX_CLASSES) {
		throw new UsageError(
			`--classes: the target ${quote(y.name)} has ${values.length} distinct value${values.length === 1 ? "" : "s"}; class labels need 2 to ${MAX_CLASSES}`,
		);
	}
	const index = new Map(values.map((v, i) => [v, i]));
	return {
		kind: "labels",
		name: y.name,
		labels: values.map(String),
		classes: y.values.map((v) => index.get(v) as number),
	};
}

/**
 * The note for a numeric target that looks like class labels (2 to 10 distinct
 * integers): it was trained as regression, and `--classes` trains it as classes.
 * Null for any other target.
 */
export function regressionHint(y: Target): string | null {
	if (y.kind !== "numeric") return null;
	const values = [...new Set(y.values)].sort((a, b) => a - b);
	if (values.length < 2 || values.length > 10 || !values.every(Number.isInteger)) return null;
	return `Note: the target ${quote(y.name)} holds only the integers ${values.join(", ")}, and was trained as regression (one output); if they are class labels, train with --classes (${values.length} outputs, softmax, crossEntropy)`;
}

/** The note appended to a "not a number" error in a feature column: how to leave the column out. */
export function textFeatureHint(message: string, features: readonly string[]): string {
	const column = /\('([^']*)'\): '[^']*' is not a number/.exec(message)?.[1];
	if (column === undefined || !features.includes(column)) return message;
	const others = features.filter((f) => f !== column);
	const fix = others.length > 0 ? `--features ${others.join(",")}` : "--features with the numeric columns";
	return `${message}; to leave the column ${quote(column)} out of the features, pass ${fix}`;
}

/**
 * With `--shuffle-split`, the rows in a seeded random order (Rng(seed)'s
 * shuffle), so that the held-out last rows are a random choice rather than the
 * file's last rows (often one class).
 */
export function shuffleRows(data: TrainingData, seed: number): TrainingData {
	const order = new Rng(seed).shuffle(Array.from({ length: data.x.length }, (_, i) => i));
	const y: Target =
		data.y.kind === "labels"
			? { ...data.y, classes: order.map((i) => (data.y as { classes: number[] }).classes[i]) }
			: { ...data.y, values: order.map((i) => (data.y as { values: number[] }).values[i]) };
	return { ...data, x: order.map((i) => data.x[i] as number[]), y };
}

/** The callbacks for early stopping (keeping the best epoch's weights) and the schedule. */
export function toolboxCallbacks(toolbox: Toolbox, epochs: number): Callbacks[] {
	const callbacks: Callbacks[] = [];
	if (toolbox.earlyStopping !== null) {
		callbacks.push(earlyStopping({ patience: toolbox.earlyStopping, restoreBestWeights: true }));
	}
	const s = toolbox.schedule;
	if (s?.kind === "cosine") callbacks.push(cosineDecay({ epochs }));
	if (s?.kind === "step") callbacks.push(stepDecay({ every: s.every, factor: s.factor }));
	if (s?.kind === "exponential") callbacks.push(exponentialDecay({ rate: s.rate }));
	return callbacks;
}

/** What the toolbox adds to the summary: early stopping's outcome. Null when it did not stop training. */
export function toolboxSummary(toolbox: Toolbox, history: History, monitor: string): string | null {
	if (toolbox.earlyStopping === null || history.stopReason !== "callback") return null;
	const values = monitor === "valLoss" ? history.valLoss : history.loss;
	const best = values.indexOf(Math.min(...values));
	return `Early stopping: ${monitor} did not improve for ${toolbox.earlyStopping} epoch${toolbox.earlyStopping === 1 ? "" : "s"} after epoch ${best + 1}; the model keeps epoch ${best + 1}'s weights`;
}
