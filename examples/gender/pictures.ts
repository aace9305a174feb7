/** Step 7: the loss curve and the decision boundary as SVG files. */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GENDER_EXAMPLES, GENDER_TRAINING, genderFeatures } from "@backprop/data";
import { type Module, predict } from "@backprop/nn";
import { renderDecisionBoundarySvg, renderLossCurveSvg } from "@backprop/viz";

/** File names of the pictures inside the output folder. */
export const PICTURE_FILES = { lossCurve: "loss-curve.svg", decisionBoundary: "decision-boundary.svg" } as const;

/**
 * The decision boundary over the weight/height plane in pounds and inches (the
 * network sees them shifted by 135 lb and 66 in), with the six people marked.
 * Rejects with what the plotting rejects with.
 */
export function genderBoundarySvg(model: Module): Promise<string> {
	const people = [
		...GENDER_TRAINING.map((p) => ({ p, group: "training" })),
		...GENDER_EXAMPLES.map((p) => ({ p, group: "new" })),
	];
	return renderDecisionBoundarySvg(
		(rows) =>
			predict(
				model,
				rows.map(([weight, height]) => genderFeatures({ weight: weight ?? 0, height: height ?? 0 })),
			).dataSync(),
		people.map(({ p, group }) => ({ x: p.weight, y: p.height, label: p.gender, name: p.name, group })),
		{
			title: "What the network learned: P(F) over weight and height",
			xTitle: "weight (lb)",
			yTitle: "height (in)",
			classNames: ["M", "F"],
			classTitle: "gender",
			xDomain: [110, 170],
			yDomain: [57, 75],
		},
	);
}

/**
 * Writes the loss curve (log scale) and the decision boundary into `dir` (which
 * must exist) and resolves with their paths. Rejects with what the plotting or
 * the file system rejects with.
 */
export async function writePictures(
	model: Module,
	losses: readonly number[],
	dir: string,
): Promise<{ lossCurve: string; decisionBoundary: string }> {
	const paths = {
		lossCurve: join(dir, PICTURE_FILES.lossCurve),
		decisionBoundary: join(dir, PICTURE_FILES.decisionBoundary),
	};
	const [lossSvg, boundarySvg] = await Promise.all([
		renderLossCurveSvg(losses, {
			title: "Training loss: MSE over the four people after each epoch",
			yTitle: "MSE (log scale)",
			logScale: losses.every((v) => v > 0),
		}),
		genderBoundarySvg(model),
	]);
	await Promise.all([writeFile(paths.lossCurve, lossSvg), writeFile(paths.decisionBoundary, boundarySvg)]);
	return paths;
}
