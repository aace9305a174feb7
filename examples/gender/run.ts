/** The whole example in order: steps 1–4 explained, then training, predictions, pictures, the saved model. */
import { isAbsolute, relative } from "node:path";
import { GENDER_EXAMPLES, GENDER_TRAINING, genderFeatures, genderTarget } from "@backprop/data";
import { type Colors, createColors, renderAsciiLossCurve } from "@backprop/viz";
import { createProgressBar } from "@backprop/viz/node";
import type { GenderOptions } from "./args";
import { showBackprop, showLoss, showNetwork, showNeuron } from "./explain";
import { ensureFolder } from "./folder";
import { writeAliceGraph } from "./graph-picture";
import { saveAndReload } from "./model-file";
import { createPrinter, mark, type Printer, vector } from "./output";
import { writePictures } from "./pictures";
import { predictPeople } from "./predictions";
import { TRAINING_DEFAULTS, type TrainGenderResult, trainGender } from "./training";

/** Where the example writes: results on stdout, the progress bar on stderr. */
export interface GenderIO {
	stdout: NodeJS.WritableStream & { isTTY?: boolean };
	stderr: NodeJS.WritableStream & { isTTY?: boolean };
	/** Colours for stdout (default: on for a terminal, off with NO_COLOR). */
	colors?: Colors;
}

/** A path as people like to read it: relative to the working folder when inside it. */
function shown(path: string): string {
	const rel = relative(process.cwd(), path);
	return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

async function showTraining(p: Printer, io: GenderIO, options: GenderOptions): Promise<TrainGenderResult> {
	p.heading(5, "Training");
	p.table(
		[
			[p.c.dim("name"), p.c.dim("weight"), p.c.dim("height"), p.c.dim("input (-135 lb, -66 in)"), p.c.dim("gender")],
			...GENDER_TRAINING.map((person) => [
				person.name,
				`${person.weight} lb`,
				`${person.height} in`,
				vector(genderFeatures(person)),
				`${person.gender} = ${genderTarget(person.gender)}`,
			]),
		],
		["left", "right", "right", "left", "left"],
	);
	p.line("");
	const initNote = options.seed === TRAINING_DEFAULTS.seed ? "" : p.c.dim(" (from --seed)");
	p.table([
		[p.c.dim("network"), `[2, 2, 1], sigmoid, initial weights N(0, 1) from seed ${options.seed}${initNote}`],
		[
			p.c.dim("training"),
			`MSE, SGD lr ${options.lr}, ${options.epochs} epochs, one person at a time in the table's order`,
		],
	]);
	p.line("");
	const every = options.verbose ? 10 : 100;
	const bar = createProgressBar({ total: options.epochs, stream: io.stderr, enabled: !options.quiet });
	let result: TrainGenderResult;
	try {
		result = await trainGender({
			seed: options.seed,
			epochs: options.epochs,
			lr: options.lr,
			onEpoch(epoch, loss) {
				bar.update(epoch, { loss });
				// The tutorial's line, at its interval and for the last epoch.
				if (epoch % every === 0 || epoch === options.epochs) {
					bar.log(`  Epoch ${epoch} loss: ${loss.toFixed(3)}`, io.stdout);
				}
			},
		});
	} finally {
		bar.stop();
	}
	const updates = options.epochs * GENDER_TRAINING.length;
	p.line(p.c.dim(`  trained in ${result.seconds.toFixed(2)} s (${updates} updates)`));
	if (!options.quiet) {
		p.line("");
		p.line(p.c.dim("  loss (MSE over the four people) after each epoch, log scale"));
		const chart = renderAsciiLossCurve(result.losses, {
			height: 10,
			width: 60,
			logScale: result.losses.every((v) => v > 0),
			color: p.c.enabled,
		});
		p.line(...chart.split("\n").map((l) => `  ${l}`));
	}
	return result;
}

function showPredictions(p: Printer, result: TrainGenderResult): boolean {
	p.heading(6, "Predictions");
	const asked = predictPeople(result.model, GENDER_EXAMPLES);
	// The tutorial's own lines, e.g. "Emily: 0.951 - F".
	for (const a of asked) p.line(`  ${p.c.bold(`${a.person.name}: ${a.output.toFixed(3)} - ${a.guess}`)}`);
	p.line("");
	const all = [...predictPeople(result.model, GENDER_TRAINING), ...asked];
	p.table(
		[
			[p.c.dim("name"), p.c.dim(""), p.c.dim("input"), p.c.dim("output"), p.c.dim("guess"), p.c.dim("gender"), ""],
			...all.map((a, i) => [
				a.person.name,
				p.c.dim(i < GENDER_TRAINING.length ? "training" : "new"),
				vector(a.input),
				a.output.toFixed(3),
				a.guess,
				a.person.gender,
				mark(p.c, a.correct),
			]),
		],
		["left", "left", "left", "right", "left", "left"],
	);
	const right = all.filter((a) => a.correct).length;
	p.line("", `  ${right} of ${all.length} right ${p.c.dim("(0.5 and above means F)")}`);
	return right === all.length;
}

/**
 * Runs the example with `options`, writing to `io`, and resolves with the exit
 * code: 0 when everything worked, 1 when the reloaded model answered differently.
 * Rejects with what training, plotting or file writing reject with (e.g. an
 * output folder that cannot be created).
 */
export async function runGender(options: GenderOptions, io: GenderIO): Promise<number> {
	const p = createPrinter(io.stdout, io.colors ?? createColors(io.stdout));
	// Made first, so a folder that cannot be created fails before any work.
	const out = await ensureFolder(options.out);

	p.line(p.c.bold("backprop: the tutorial, rebuilt"));
	p.line(p.c.dim("A neuron, a 2-2-1 network, its loss and its gradient, then training it to tell gender from"));
	p.line(p.c.dim("weight and height: every number beside the tutorial's."));
	showNeuron(p);
	showNetwork(p);
	showLoss(p);
	showBackprop(p);
	const result = await showTraining(p, io, options);
	showPredictions(p, result);

	p.heading(7, "Pictures");
	const pictures = await writePictures(result.model, result.losses, out);
	const graph = await writeAliceGraph(out);
	p.table([
		["loss curve", shown(pictures.lossCurve)],
		["decision boundary", shown(pictures.decisionBoundary)],
		["Alice's graph", shown(graph)],
	]);

	p.heading(8, "The saved model");
	const check = await saveAndReload(result.model, out, [...GENDER_TRAINING, ...GENDER_EXAMPLES]);
	p.table([
		["saved", `${shown(check.path)} ${p.c.dim("(saveModel)")}`],
		[
			"reloaded",
			check.identical
				? `${mark(p.c, true)} loadModel gives the same ${check.compared} predictions, bit for bit`
				: `${mark(p.c, false)} loadModel's predictions differ by up to ${check.maxDifference}`,
		],
	]);
	p.line("");
	return check.identical ? 0 : 1;
}
