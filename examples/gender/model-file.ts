/** Step 8: save the trained model, load it back, and check it answers the same. */
import { join } from "node:path";
import type { Person } from "@backprop/data";
import { loadModel, type Sequential, saveModel } from "@backprop/nn";
import { predictPeople } from "./predictions";

/** File name of the model inside the output folder. */
export const MODEL_FILE = "model.json";

/** What {@link saveAndReload} found. */
export interface ReloadCheck {
	/** Where the model was written. */
	path: string;
	/** People compared. */
	compared: number;
	/** Whether every output of the reloaded model equals the trained model's, bit for bit. */
	identical: boolean;
	/** The largest difference between the two models' outputs. */
	maxDifference: number;
}

/**
 * Saves `model` as `dir/model.json` with saveModel, loads it with loadModel and
 * compares both models' outputs for `people`. Rejects with what saveModel and
 * loadModel reject with (a missing folder, an unreadable or invalid file).
 */
export async function saveAndReload(model: Sequential, dir: string, people: readonly Person[]): Promise<ReloadCheck> {
	const path = join(dir, MODEL_FILE);
	await saveModel(model, path);
	const reloaded = await loadModel(path);
	const before = predictPeople(model, people);
	const after = predictPeople(reloaded, people);
	let maxDifference = 0;
	let identical = true;
	before.forEach((b, i) => {
		const a = after[i] as (typeof after)[number];
		maxDifference = Math.max(maxDifference, Math.abs(a.output - b.output));
		if (!Object.is(a.output, b.output)) identical = false;
	});
	return { path, compared: people.length, identical, maxDifference };
}
