/**
 * @backprop/nn/node: model files and the atomic file writing under them, loaded
 * at import (the main entry loads saveModel and loadModel on first use so that it
 * runs in a browser too).
 */
export {
	NotRegularFileError,
	probeWrite,
	removeStaleTempFiles,
	resolveWriteTarget,
	writeFileAtomic,
} from "./io/atomic-write";
export { loadModel, saveModel } from "./io/save-load";
