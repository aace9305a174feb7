/**
 * The command line: commander's program, its commands, and the one place
 * where errors become a line on stderr and an exit code.
 */
import { DataError } from "@backprop/data";
import { Command, CommanderError } from "commander";
import { FILE_DEFAULTS, TUTORIAL_DEFAULTS } from "./commands/defaults";
import type { EvaluateFlags } from "./commands/evaluate";
import type { ExportFlags } from "./commands/export";
import type { InspectFlags } from "./commands/inspect";
import type { PredictFlags } from "./commands/predict";
import type { TrainCommandFlags } from "./commands/train";
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, oneLine } from "./errors";
import type { CliIo } from "./io";
import { printable } from "./printable";

/** The version `backprop --version` prints. */
export const VERSION = "0.1.0";

function program(io: CliIo, setCode: (code: number) => void): Command {
	const p = new Command("backprop")
		.description("Train, use and inspect neural networks from CSV files.")
		.version(VERSION, "-V, --version", "print the version")
		.helpOption("-h, --help", "show help")
		.option("--debug", "print stack traces for errors")
		.exitOverride()
		.showSuggestionAfterError(true)
		.configureOutput({
			writeOut: (s) => io.stdout.write(s),
			writeErr: (s) => io.stderr.write(s),
			// Errors are printed by run(), as one line.
			outputError: () => undefined,
		});

	const t = TUTORIAL_DEFAULTS;
	const f = FILE_DEFAULTS;
	p.command("train")
		.description(
			"train a network on a CSV file and save it; without a file, train the tutorial's gender network on its built-in data",
		)
		.argument("[data.csv]", "CSV with a header row: numeric feature columns and a target column")
		.option("--target <column>", "target column; text values become class labels (default: the last column)")
		.option("--features <columns>", "feature columns, comma-separated (default: every other column)")
		.option(
			"--layers <sizes>",
			`layer sizes, input first and output last, e.g. 2,2,1 (default: features,${f.hidden.join(",")},outputs; built-in: 2,2,1)`,
		)
		.option("--activation <name>", `hidden-layer activation (default: ${f.activation}; built-in: ${t.activation})`)
		.option(
			"--output-activation <name>",
			"output activation (default: linear for numbers, softmax for class labels; built-in: sigmoid)",
		)
		.option("--loss <name>", `loss (default: ${f.loss} for numbers, ${f.classificationLoss} for class labels)`)
		.option("--optimizer <name>", `sgd, adam or rmsprop (default: ${f.optimizer}; built-in: ${t.optimizer})`)
		.option("--lr <rate>", `learning rate (default: ${f.lr}; built-in: ${t.lr})`)
		.option("--epochs <n>", `passes over the data (default: ${f.epochs}; built-in: ${t.epochs})`)
		.option("--batch-size <n>", `rows per step (default: ${f.batchSize}; built-in: ${t.batchSize})`)
		.option("--seed <n>", "seed for the starting weights and shuffling (default: 0)")
		.option("--shuffle", "shuffle the rows every epoch (default, except for the built-in data)")
		.option("--no-shuffle", "keep the rows in file order")
		.option("--validation-split <fraction>", "hold out this fraction of rows, from the end, for validation")
		.option("--shuffle-split", "hold out a seeded random choice of rows for --validation-split, not the last ones")
		.option("--classes", "treat a numeric target (0, 1, 2, ...) as class labels, not as a number to regress")
		.option("--early-stopping <patience>", "stop after this many epochs without improvement, keeping the best weights")
		.option("--schedule <name>", "learning-rate schedule: cosine, step:EVERY:FACTOR or exponential:RATE")
		.option("--normalize", "standardize the features; the mean and std are saved in the model")
		.option("--out <model.json>", "save the trained model here")
		.option("--plot <loss.svg>", "save the loss curve as an SVG chart")
		.option("--quiet", "print nothing but errors")
		.option("--json", "print one JSON object with the history and paths instead of the summary")
		.action(async (data: string | undefined, flags: TrainCommandFlags) => {
			// Commands load the framework only when they run: --help and usage errors stay quick.
			const { trainCommand } = await import("./commands/train");
			setCode(await trainCommand(data, flags, io));
		});

	p.command("predict")
		.description("predict with a saved model: one row from --input, or every row of --data (CSV out)")
		.argument("<model.json>", "a model saved by train --out")
		.option("--input <values>", "one row of feature values, comma-separated, e.g. -7,-3")
		.option("--data <rows.csv>", "a CSV with the model's feature columns; prints it with prediction columns added")
		.option("--json", "print JSON")
		.action(async (model: string, flags: PredictFlags) => {
			const { predictCommand } = await import("./commands/predict");
			setCode(await predictCommand(model, flags, io));
		});

	p.command("evaluate")
		.description("the loss and metrics of a saved model on a CSV with its feature and target columns")
		.argument("<model.json>", "a model saved by train --out")
		.argument("<data.csv>", "a CSV with the model's feature and target columns")
		.option("--json", "print JSON")
		.action(async (model: string, data: string, flags: EvaluateFlags) => {
			const { evaluateCommand } = await import("./commands/evaluate");
			setCode(await evaluateCommand(model, data, flags, io));
		});

	p.command("inspect")
		.description("summarize a saved model: layers, activations, output shapes, parameter counts")
		.argument("<model.json>", "a model saved by train --out")
		.option("--json", "print JSON")
		.action(async (model: string, flags: InspectFlags) => {
			const { inspectCommand } = await import("./commands/inspect");
			setCode(await inspectCommand(model, flags, io));
		});

	p.command("export")
		.description("write a saved model as an ONNX file (for ONNX Runtime, PyTorch and other tools)")
		.argument("<model.json>", "a model saved by train --out")
		.argument("<model.onnx>", "the ONNX file to write")
		.option("--opset <n>", "ONNX opset version, 13 to 21 (default: 13)")
		.option("--dtype <type>", "float32 or float64 (default: the model's)")
		.option(
			"--input-shape <sizes>",
			"one sample's shape, e.g. 28,28,1 (needed when the model starts with a conv or pooling layer)",
		)
		.option("--input-name <name>", "name of the graph's input (default: input)")
		.option("--output-name <name>", "name of the graph's output (default: output)")
		.option("--json", "print JSON")
		.action(async (model: string, onnx: string, flags: ExportFlags) => {
			const { exportCommand } = await import("./commands/export");
			setCode(await exportCommand(model, onnx, flags, io));
		});
	return p;
}

function commanderExitCode(e: CommanderError): number {
	if (e.code === "commander.helpDisplayed" || e.code === "commander.version") return EXIT_OK;
	return EXIT_USAGE;
}

/**
 * Runs the command line `argv` (without the node and script paths) against `io`
 * and resolves with the exit code: 0 done, 1 failure, 2 usage mistake, 130
 * interrupted (143 after SIGTERM). Never rejects: every error becomes one line
 * `backprop: error: ...` on stderr, control characters escaped (and its stack
 * too with --debug).
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
	let code = EXIT_OK;
	const debug = argv.includes("--debug");
	try {
		await program(io, (c) => {
			code = c;
		}).parseAsync([...argv], { from: "user" });
		return code;
	} catch (e) {
		if (e instanceof CommanderError) {
			// Help and "no command given" have already been printed in full.
			if (e.code !== "commander.help" && e.code !== "commander.helpDisplayed" && e.code !== "commander.version") {
				io.stderr.write(`backprop: error: ${printable(oneLine(e.message).replace(/^error: /, ""))}\n`);
			}
			return commanderExitCode(e);
		}
		// Data errors name the file, line and column already: they are the user's to fix.
		const known = e instanceof CliError || e instanceof DataError;
		// Messages quote CSV cells and file names: their control characters are shown, not obeyed.
		const message = printable(e instanceof Error ? oneLine(e.message) : oneLine(String(e)));
		io.stderr.write(
			`backprop: error: ${known ? message : `unexpected: ${message}${debug ? "" : " (run again with --debug for details)"}`}\n`,
		);
		if (debug && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
		return e instanceof CliError ? e.exitCode : EXIT_FAILURE;
	}
}
