/** The loss curve of a training run as an SVG chart (Vega-Lite, rendered by Vega). */
import type { TopLevelSpec } from "vega-lite";
import { checkInteger } from "../check";
import { CHART_CONFIG, renderVegaLiteSvg } from "./render";

/** Options for {@link renderLossCurveSvg}. */
export interface LossCurveOptions {
	/** Validation loss per epoch, drawn as a second line (same length as the loss or shorter). */
	valLoss?: readonly number[];
	/** Chart title (default "Training loss"). */
	title?: string;
	/** Name of the loss on the y axis (default "loss"). */
	yTitle?: string;
	/** Logarithmic y axis, which shows the long tail of a converging run (default false). */
	logScale?: boolean;
	/** Plot width in pixels (default 480). */
	width?: number;
	/** Plot height in pixels (default 260). */
	height?: number;
	/** Most points drawn per line; longer runs are sampled evenly, keeping the last epoch (default 2000). */
	maxPoints?: number;
}

function checkCurve(values: readonly number[], name: string, positive: boolean): void {
	if (!Array.isArray(values)) throw new TypeError(`renderLossCurveSvg: ${name} must be an array of numbers`);
	values.forEach((v, i) => {
		if (typeof v !== "number" || !Number.isFinite(v)) {
			throw new RangeError(`renderLossCurveSvg: ${name} at epoch ${i + 1} is ${String(v)}, not a finite number`);
		}
		if (positive && v <= 0) {
			throw new RangeError(`renderLossCurveSvg: ${name} at epoch ${i + 1} is ${v}; a log scale needs values above 0`);
		}
	});
}

// Evenly spaced epochs (1-based), always including the first and the last.
function sampledEpochs(n: number, maxPoints: number): number[] {
	if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i + 1);
	const epochs = new Set<number>();
	for (let k = 0; k < maxPoints; k++) epochs.add(Math.round((k * (n - 1)) / (maxPoints - 1)) + 1);
	return [...epochs];
}

/**
 * An SVG document (`<svg ...>...</svg>`) of the loss per epoch (epoch 1 is the
 * first entry), with the validation loss as a second, labelled line when given.
 * Rejects with RangeError for an empty curve, a non-finite value, a value ≤ 0 on a
 * log scale, or a validation curve longer than the loss; TypeError for a non-array.
 */
export async function renderLossCurveSvg(loss: readonly number[], options: LossCurveOptions = {}): Promise<string> {
	const valLoss = options.valLoss ?? [];
	const logScale = options.logScale ?? false;
	checkCurve(loss, "loss", logScale);
	checkCurve(valLoss, "valLoss", logScale);
	if (loss.length === 0) throw new RangeError("renderLossCurveSvg: the loss curve is empty");
	if (valLoss.length > loss.length) {
		throw new RangeError(`renderLossCurveSvg: valLoss has ${valLoss.length} epochs but loss has only ${loss.length}`);
	}
	const maxPoints = checkInteger("renderLossCurveSvg", "maxPoints", options.maxPoints ?? 2000, 2);
	const rows: { epoch: number; loss: number; series: string }[] = [];
	for (const epoch of sampledEpochs(loss.length, maxPoints)) {
		rows.push({ epoch, loss: loss[epoch - 1], series: "training" });
	}
	if (valLoss.length > 0) {
		for (const epoch of sampledEpochs(valLoss.length, maxPoints)) {
			rows.push({ epoch, loss: valLoss[epoch - 1], series: "validation" });
		}
	}
	const withValidation = valLoss.length > 0;
	const spec: TopLevelSpec = {
		$schema: "https://vega.github.io/schema/vega-lite/v6.json",
		title: options.title ?? "Training loss",
		width: options.width ?? 480,
		height: options.height ?? 260,
		background: "white",
		padding: 12,
		config: CHART_CONFIG,
		data: { values: rows },
		// One point alone draws no line, so a one-epoch run is drawn as a point too.
		mark: { type: "line", strokeWidth: 2, point: loss.length === 1 },
		encoding: {
			x: {
				field: "epoch",
				type: "quantitative",
				title: "epoch",
				scale: { domain: [1, Math.max(2, loss.length)], nice: false },
				axis: { tickMinStep: 1, format: "d" },
			},
			y: {
				field: "loss",
				type: "quantitative",
				title: options.yTitle ?? "loss",
				scale: logScale ? { type: "log" } : { zero: true },
			},
			color: withValidation
				? {
						field: "series",
						type: "nominal",
						title: null,
						scale: { domain: ["training", "validation"], range: ["#4c78a8", "#f58518"] },
						legend: { orient: "top-right" },
					}
				: { value: "#4c78a8" },
		},
	};
	return renderVegaLiteSvg(spec);
}
