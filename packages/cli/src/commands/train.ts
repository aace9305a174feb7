/** `backprop train [data.csv]`: train a network on a CSV file (or the built-in data) and keep it. */
import { oneHot, Standardizer } from "@backprop/data";
import { fit, type History, type JsonObject, saveModel, sequential } from "@backprop/nn";
import { CliError, EXIT_OK, oneLine } from "../errors";
import type { CliIo } from "../io";
import { type ModelInfo, toMetadata } from "../model-info";
import { checkModelSize } from "../model-size";
import { checkOutputPath, writeTextAtomic } from "../output-files";
import { refuseOverlappingFiles } from "../output-paths";
import { finishingSaves, interruptedExitCode } from "../signals";
import { divergenceWarning } from "./divergence";
import { loadTrainingData, type TrainingData } from "./train-data";
import { createTrainingReporter } from "./train-report";
import { parseTrainFlags, resolveSettings, type TrainFlags, type TrainSettings } from "./train-settings";
import {
	checkToolbox,
	parseToolboxFlags,
	regressionHint,
	shuffleRows,
	type ToolboxFlags,
	targetAsClasses,
	toolboxCallbacks,
	toolboxSummary,
} from "./train-toolbox";
import { trainingFailureHint } from "./training-failure";

/** Options of `train` besides the data file. */
export type TrainCommandFlags = TrainFlags & ToolboxFlags;

function modelInfo(
	data: TrainingData,
	settings: TrainSettings,
	normalization: Standardizer | null,
	training: JsonObject,
): ModelInfo {
	const labels = data.y.kind === "labels" ? data.y.labels : data.binaryLabels;
	return {
		inputs: settings.layers[0],
		outputs: settings.layers[settings.layers.length - 1],
		features: data.features,
		target: data.y.name,
		task: data.y.kind === "labels" ? "classification" : data.binaryLabels ? "binary" : "regression",
		labels: labels ? [...labels] : null,
		outputActivation: settings.predictActivation,
		normalization,
		loss: settings.loss,
		training,
	};
}

function trainingRecord(data: TrainingData, settings: TrainSettings, history: History): JsonObject {
	return {
		data: data.path ?? "built-in gender data",
		rows: data.x.length,
		validationRows: settings.validationRows,
		layers: settings.layers,
		activation: settings.activation,
		outputActivation: settings.outputActivation,
		optimizer: settings.optimizer,
		lr: settings.lr,
		epochs: history.epochs,
		batchSize: settings.batchSize,
		shuffle: settings.shuffle,
		seed: settings.seed,
		finalLoss: history.loss[history.loss.length - 1] ?? null,
		stopReason: history.stopReason,
	};
}

/**
 * Runs `backprop train`. Returns the exit code: 0 when done, 130 when Ctrl-C (143
 * when SIGTERM) stopped it (the model trained so far is saved to --out if given).
 * Before training, throws UsageError for bad flags, flags that do not fit the
 * data, layers too large to train or save, or an output path that is an input or
 * another output; CliError for bad files and data, or an output that cannot be
 * written. Throws CliError when training fails (a loss that turns NaN); nothing
 * is written then. Warns on stderr when the loss diverged.
 */
export async function trainCommand(dataPath: string | undefined, flags: TrainCommandFlags, io: CliIo): Promise<number> {
	const parsed = parseTrainFlags(flags);
	const toolbox = parseToolboxFlags(flags);
	let data = await loadTrainingData(dataPath, io.cwd, parsed.target, parsed.features);
	checkToolbox(toolbox, parsed.validationSplit, data);
	if (toolbox.classes) data = { ...data, y: targetAsClasses(data.y) };
	if (toolbox.shuffleSplit) data = shuffleRows(data, parsed.seed ?? 0);
	const settings = resolveSettings(parsed, data);
	checkModelSize(settings.layers, settings.optimizer);
	await refuseOverlappingFiles(
		[
			...(dataPath === undefined ? [] : [{ role: "the training data", path: dataPath, output: false }]),
			...(flags.out === undefined ? [] : [{ role: "--out", path: flags.out, output: true }]),
			...(flags.plot === undefined ? [] : [{ role: "--plot", path: flags.plot, output: true }]),
		],
		io.cwd,
	);
	const outPath = flags.out === undefined ? null : await checkOutputPath("--out", flags.out, io.cwd);
	const plotPath = flags.plot === undefined ? null : await checkOutputPath("--plot", flags.plot, io.cwd);

	const trainRows = data.x.length - settings.validationRows;
	const normalization = settings.normalize ? Standardizer.fit(data.x.slice(0, trainRows)) : null;
	const x = normalization ? normalization.transform(data.x) : data.x;
	const y =
		data.y.kind === "labels" ? (oneHot(data.y.classes, data.y.labels.length).toArray() as number[][]) : data.y.values;
	const model = sequential(settings.layers, {
		activation: settings.activation,
		outputActivation: settings.layerOutputActivation,
		init: settings.init,
		seed: settings.seed,
	});

	if (io.signal?.aborted) {
		// Ctrl-C while the data was being read: there is nothing trained to keep.
		io.stderr.write("backprop: interrupted before training started; nothing saved\n");
		return interruptedExitCode(io.signal);
	}
	const reporter = createTrainingReporter(io, data, settings, {
		quiet: flags.quiet === true,
		json: flags.json === true,
	});
	reporter.start();
	const started = performance.now();
	let history: History;
	try {
		history = await fit(model, x, y, {
			loss: settings.loss,
			optimizer: settings.optimizer,
			lr: settings.lr,
			epochs: settings.epochs,
			batchSize: settings.batchSize,
			shuffle: settings.shuffle,
			seed: settings.seed,
			...(settings.validationSplit !== null ? { validationSplit: settings.validationSplit } : {}),
			metrics: settings.metrics,
			callbacks: [reporter.callbacks, ...toolboxCallbacks(toolbox, settings.epochs)],
			onWarning: (message) => io.stderr.write(`backprop: warning: ${oneLine(message)}\n`),
			...(io.signal ? { signal: io.signal } : {}),
		});
	} catch (e) {
		reporter.abandon();
		// fit's own note about the weights it kept does not matter here: nothing is saved.
		const message = oneLine((e as Error).message)
			.replace(/^fit: /, "")
			.replace(/; training stopped.*$/, "");
		const hint = trainingFailureHint(x, y, data.features, data.y.name, normalization !== null);
		throw new CliError(`training failed: ${message}; nothing was saved (${hint})`);
	}
	const seconds = (performance.now() - started) / 1000;
	reporter.stop();

	const info = modelInfo(data, settings, normalization, trainingRecord(data, settings, history));
	model.metadata = toMetadata(info);
	// The chart is drawn before anything is written, so a failure leaves no file behind.
	let svg: string | null = null;
	if (plotPath !== null && history.loss.length > 0) {
		const { renderLossCurveSvg } = await import("@backprop/viz");
		svg = await renderLossCurveSvg(history.loss, {
			...(history.valLoss.length > 0 ? { valLoss: history.valLoss } : {}),
			title: `${settings.loss} loss, ${data.path ?? "built-in gender data"}`,
		});
	}
	// A second Ctrl-C or SIGTERM from here on waits for the files to be written whole.
	await finishingSaves(async () => {
		if (outPath !== null) {
			try {
				await saveModel(model, outPath);
			} catch (e) {
				throw new CliError(oneLine((e as Error).message).replace(/^saveModel: /, ""));
			}
		}
		if (plotPath !== null && svg !== null) await writeTextAtomic(plotPath, svg);
	});
	const aborted = history.stopReason === "aborted";
	const diverged = divergenceWarning(history.loss, settings.lr);
	if (diverged !== null && flags.quiet !== true) io.stderr.write(`backprop: warning: ${diverged}\n`);
	reporter.finish({
		history,
		seconds,
		out: outPath === null ? null : { given: flags.out as string, full: outPath },
		plot: plotPath === null || history.loss.length === 0 ? null : { given: flags.plot as string, full: plotPath },
		info,
	});
	if (flags.quiet !== true && flags.json !== true) {
		const monitor = settings.validationSplit !== null ? "valLoss" : "loss";
		const notes = [toolboxSummary(toolbox, history, monitor), regressionHint(data.y)].filter((n) => n !== null);
		if (notes.length > 0) io.stdout.write(`${notes.join("\n")}\n`);
	}
	return aborted || io.signal?.aborted ? interruptedExitCode(io.signal) : EXIT_OK;
}
