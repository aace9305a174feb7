/** The messages between the playground's page and its training worker. */

/** The datasets the page offers. */
export type DatasetName = "people" | "xor" | "circles" | "spirals";

/** What the network and its training look like; changing any of it resets the network. */
export interface PlaygroundConfig {
	dataset: DatasetName;
	hidden: number[];
	activation: "tanh" | "relu" | "sigmoid";
	optimizer: "sgd" | "adam";
	lr: number;
	batchSize: number;
	seed: number;
}

/** Page → worker. */
export type Command =
	| { type: "configure"; config: PlaygroundConfig }
	| { type: "train" }
	| { type: "pause" }
	| { type: "step" }
	| { type: "reset" };

/** The tutorial's step-by-step figures, computed with the framework (gender dataset only). */
export interface TutorialNumbers {
	neuron: number;
	feedForward: number;
	aliceGradient: number;
}

/** Worker → page: one frame of the training's state. */
export interface Frame {
	type: "frame";
	epoch: number;
	loss: number;
	accuracy: number;
	lossHistory: number[];
	/** P(label 1) on a GRID×GRID lattice over the plane, row by row from the top. */
	grid: number[];
	points: number[][];
	labels: number[];
	description: string;
	running: boolean;
	tutorial: TutorialNumbers | null;
}

/** Cells per side of the decision-boundary lattice. */
export const GRID = 40;
/** The plane shown: [-EXTENT, EXTENT]². */
export const EXTENT = 1.2;
