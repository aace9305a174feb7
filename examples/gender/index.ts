/**
 * The gender example's pieces, for tests and for readers who want to reuse them:
 * the step computations the example prints, training, predictions, flags.
 */
export { DEFAULT_OUT, type GenderOptions, parseGenderArgs, USAGE, UsageError } from "./args";
export { aliceGraphSvg, GRAPH_FILE, writeAliceGraph } from "./graph-picture";
export { MODEL_FILE, type ReloadCheck, saveAndReload } from "./model-file";
export { formatTable } from "./output";
export { genderBoundarySvg, PICTURE_FILES, writePictures } from "./pictures";
export { type PersonPrediction, predictPeople } from "./predictions";
export { type GenderIO, runGender } from "./run";
export {
	alicesBackprop,
	type BackpropStep,
	denseLayers,
	type LossStep,
	type NetworkStep,
	type NeuronStep,
	oneNeuron,
	TUTORIAL_FIGURES,
	tinyNetwork,
	tutorialLoss,
} from "./steps";
export { TRAINING_DEFAULTS, type TrainGenderOptions, type TrainGenderResult, trainGender } from "./training";
