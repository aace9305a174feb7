/**
 * Saving TensorFlow.js layers models for the loadTfjsModel tests: tfjs-layers'
 * `model.save` through a file-system IO handler that writes model.json and weight
 * shards as tfjs-node's `file://` handler does, and tfjs's own predictions.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Tensor } from "@backprop/tensor";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import { expect } from "vitest";

/** Sets up tfjs's cpu backend and a scratch folder; returns the folder and its cleanup. */
export async function tfjsScratch(): Promise<{ folder: string; cleanup: () => Promise<void> }> {
	// PROD silences tfjs's "install tfjs-node" banner.
	tf.env().set("PROD", true);
	await tf.setBackend("cpu");
	const folder = await mkdtemp(join(tmpdir(), "backprop-tfjs-"));
	return { folder, cleanup: () => rm(folder, { recursive: true, force: true }) };
}

/** An IO handler writing `dir/model.json` and the weights in shards of at most `shardBytes`. */
export function fileHandler(dir: string, shardBytes = 4 * 1024 * 1024): tf.io.IOHandler {
	return {
		async save(artifacts) {
			const data = new Uint8Array(artifacts.weightData as ArrayBuffer);
			const paths: string[] = [];
			const count = Math.ceil(data.length / shardBytes);
			for (let at = 0, i = 1; at < data.length; at += shardBytes, i++) {
				const path = `group1-shard${i}of${count}.bin`;
				await writeFile(join(dir, path), data.subarray(at, at + shardBytes));
				paths.push(path);
			}
			const modelJson = {
				modelTopology: artifacts.modelTopology,
				format: artifacts.format,
				generatedBy: artifacts.generatedBy,
				convertedBy: artifacts.convertedBy,
				weightsManifest: [{ paths, weights: artifacts.weightSpecs }],
			};
			await writeFile(join(dir, "model.json"), JSON.stringify(modelJson));
			return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
		},
	};
}

/** Saves `model` into `folder/name` (emptied first) in shards of at most `shardBytes`; returns the folder. */
export async function saveTfjs(
	folder: string,
	name: string,
	model: tfl.Sequential,
	shardBytes?: number,
): Promise<string> {
	const dir = join(folder, name);
	await rm(dir, { recursive: true, force: true });
	await mkdir(dir, { recursive: true });
	await model.save(fileHandler(dir, shardBytes));
	return dir;
}

/** A saved model's model.json (parsed) and all its shards concatenated in manifest order. */
export async function readSaved(dir: string): Promise<{ doc: TfjsModelDoc; weights: Uint8Array }> {
	const doc = JSON.parse(await readFile(join(dir, "model.json"), "utf8")) as TfjsModelDoc;
	const shards = await Promise.all(doc.weightsManifest[0].paths.map((p) => readFile(join(dir, p))));
	return { doc, weights: new Uint8Array(Buffer.concat(shards)) };
}

/** The parts of model.json the tests edit. */
export interface TfjsModelDoc {
	modelTopology: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
	weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[];
}

/** tfjs's prediction for `x` (a backprop tensor of any shape), as plain numbers. */
export function tfjsPredict(model: tfl.Sequential, x: Tensor): number[] {
	return tf.tidy(() => Array.from((model.predict(tf.tensor(x.dataSync(), [...x.shape])) as tf.Tensor).dataSync()));
}

/** The largest absolute difference of two equally long lists. */
export function maxDifference(a: ArrayLike<number>, b: readonly number[]): number {
	expect(a.length).toBe(b.length);
	return Math.max(...b.map((v, i) => Math.abs(a[i] - v)));
}

/** Seeded random kernels and biases (tfjs starts biases at zero, which would not test them). */
export function seeded(seed: number) {
	return {
		kernelInitializer: tfl.initializers.glorotNormal({ seed }),
		biasInitializer: tfl.initializers.randomNormal({ seed: seed + 100, stddev: 0.5 }),
	};
}
