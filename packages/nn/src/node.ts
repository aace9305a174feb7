/**
 * @backprop/nn/node: everything in @backprop/nn, plus the file side, for Node only: saving and
 * loading models by path, the atomic writes under them, and modelCheckpoint (a fit callback that
 * saves). The main entry imports no Node
 * module, so it bundles for and runs in a browser (there, store modelToJSON's document yourself).
 */

export { type ModelCheckpointOptions, modelCheckpoint } from "./callbacks/model-checkpoint";
export * from "./index";
export {
	NotRegularFileError,
	probeWrite,
	removeStaleTempFiles,
	resolveWriteTarget,
	writeFileAtomic,
} from "./io/atomic-write";
export { loadModel, MAX_MODEL_FILE_BYTES, saveModel } from "./io/save-load";
