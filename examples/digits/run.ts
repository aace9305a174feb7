/** Trains the digits CNN and reports on the test set. */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Adam, evaluate, predict, fit as trainModel } from "@backprop/nn";
import { readDigits, splitDigits } from "./data";
import { digitsModel } from "./model";
import { confusionMatrix, formatConfusion, type Mistake, mistakesSvg } from "./report";

/** Settings of one run. */
export interface DigitsOptions {
	epochs: number;
	seed: number;
	out: string;
	/** Use only the first rows of the training split (for quick tests). */
	trainRows?: number;
}

/** What a run measured. */
export interface DigitsResult {
	accuracy: number;
	testRows: number;
	trainRows: number;
	seconds: number;
	confusion: number[][];
	svgPath: string;
}

/** Trains, evaluates, prints the confusion matrix and writes the SVG of mistakes. */
export async function runDigits(options: DigitsOptions, log: (line: string) => void): Promise<DigitsResult> {
	const { train, test } = splitDigits(readDigits(), options.seed);
	const rows = Math.min(options.trainRows ?? train.digits.length, train.digits.length);
	const x = train.images.slice(0, rows);
	const y = train.labels.slice(0, rows);
	const model = digitsModel(options.seed);
	log(model.summary([8, 8, 1]));
	const optimizer = new Adam(model.parameters(), { lr: 0.005 });
	const started = performance.now();
	await trainModel(model, x, y, {
		loss: "crossEntropy",
		optimizer,
		epochs: options.epochs,
		batchSize: 32,
		seed: options.seed,
		metrics: ["accuracy"],
		callbacks: {
			onEpochEnd(epoch, logs) {
				log(
					`epoch ${epoch + 1}/${options.epochs}  loss ${logs.loss?.toFixed(4)}  accuracy ${logs.accuracy?.toFixed(4)}`,
				);
				return undefined;
			},
		},
	});
	const seconds = (performance.now() - started) / 1000;
	const { accuracy = Number.NaN } = evaluate(model, test.images, test.labels, {
		loss: "crossEntropy",
		metrics: ["accuracy"],
	});
	const predictions = Array.from(predict(model, test.images).argmax(1).dataSync());
	const confusion = confusionMatrix(test.digits, predictions);
	const mistakes: Mistake[] = [];
	predictions.forEach((p, i) => {
		if (p !== test.digits[i])
			mistakes.push({ pixels: test.pixels[i] as number[], label: test.digits[i], prediction: p });
	});
	log(`\ntrained on ${rows} images for ${options.epochs} epochs in ${seconds.toFixed(1)} s`);
	log(
		`test accuracy: ${(accuracy * 100).toFixed(2)}% (${test.digits.length - mistakes.length}/${test.digits.length})\n`,
	);
	log(formatConfusion(confusion));
	const svgPath = join(options.out, "digits-misclassified.svg");
	await writeFile(svgPath, mistakesSvg(mistakes));
	log(`\nwrote ${svgPath} (${mistakes.length} misclassified digits)`);
	return { accuracy, testRows: test.digits.length, trainRows: rows, seconds, confusion, svgPath };
}
