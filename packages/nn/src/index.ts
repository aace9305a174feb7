/**
 * @backprop/nn: layers, pluggable activations and losses, optimizers, the
 * training loop, and saving and loading models, on @backprop/autograd.
 */
export {
	type ActivationFunction,
	type ActivationSpec,
	activationNames,
	type ElementwiseActivation,
	getActivation,
	isRegisteredActivation,
	registerActivation,
} from "./activations";
export { BINARY_THRESHOLD, binaryClass } from "./binary";
export {
	type EarlyStoppingOptions,
	type EarlyStoppingState,
	earlyStopping,
} from "./callbacks/early-stopping";
export { type ModelCheckpointOptions, modelCheckpoint } from "./callbacks/model-checkpoint";
export type { MonitorMode } from "./callbacks/monitor";
export { type ReduceLROnPlateauOptions, reduceLROnPlateau } from "./callbacks/reduce-lr-on-plateau";
export {
	type CosineDecayOptions,
	cosineDecay,
	type ExponentialDecayOptions,
	exponentialDecay,
	learningRateSchedule,
	type Schedule,
	type ScheduleFn,
	type StepDecayOptions,
	stepDecay,
} from "./callbacks/schedules";
export { type CompileOptions, compile, type TrainingStep } from "./compile/compile";
export { type DataLike, toDataTensor } from "./data";
export {
	getInitializer,
	type InitContext,
	type InitializerFn,
	type InitializerSpec,
	initializerNames,
	registerInitializer,
} from "./initializers";
export {
	CHECKPOINT_FORMAT,
	type Checkpoint,
	type CheckpointInput,
	checkpointFromJSON,
	checkpointToJSON,
} from "./io/checkpoint";
export { loadCheckpoint, loadModel, saveCheckpoint, saveModel, writeFileAtomic } from "./io/files";
export { MAX_MODEL_FILE_BYTES } from "./io/limits";
export {
	checkModelJSON,
	type DenseJSON,
	type LayerJSON,
	MODEL_FORMAT,
	MODEL_VERSION,
	ModelFormatError,
	type ModelJSON,
	modelFromJSON,
	modelToJSON,
	type StoredTensor,
} from "./io/model-json";
export type { Json, JsonObject } from "./json";
export {
	type ConfigConstructor,
	type LayerContext,
	type LayerFactory,
	layerTypes,
	type ModuleClass,
	registerLayer,
} from "./layer-registry";
export { Activation } from "./layers/activation";
export { BatchNorm, type BatchNormOptions } from "./layers/batch-norm";
export { Conv2D, type Conv2DLayerOptions } from "./layers/conv2d";
export { Dense, type DenseOptions } from "./layers/dense";
export { Dropout, type DropoutOptions } from "./layers/dropout";
export { Embedding, type EmbeddingOptions } from "./layers/embedding";
export { Flatten, Reshape } from "./layers/flatten";
export { LayerNorm, type LayerNormOptions } from "./layers/layer-norm";
export { LSTM, type LSTMOptions } from "./layers/lstm";
export { Permute } from "./layers/permute";
export { AvgPool2D, GlobalAvgPool2D, MaxPool2D, type Pool2DLayerOptions } from "./layers/pooling";
export { Sequential, type SequentialOptions, sequential } from "./layers/sequential";
export {
	type BinaryCrossEntropyOptions,
	binaryCrossEntropy,
	crossEntropy,
	getLoss,
	huber,
	type Loss,
	type LossSpec,
	lossNames,
	mae,
	mse,
	registerLoss,
} from "./losses";
export {
	type AccuracyOptions,
	accuracy,
	binaryAccuracy,
	getMetric,
	type Metric,
	type MetricContext,
	type MetricSpec,
	metricNames,
	registerMetric,
} from "./metrics";
export { allModules, enterMode, isModuleLike, Module, type ModuleLike, withMode } from "./module";
export { type NameKind, registeredNames, resolveName } from "./names";
export { Adam, type AdamOptions } from "./optimizers/adam";
export { AdamW, type AdamWOptions } from "./optimizers/adamw";
export { type ClipOptions, clipGradNorm, clipGradValue } from "./optimizers/clipping";
export { createOptimizer, type OptimizerName, optimizerNames } from "./optimizers/index";
export { Optimizer, type OptimizerState } from "./optimizers/optimizer";
export { RMSProp, type RMSPropOptions } from "./optimizers/rmsprop";
export { SGD, type SGDOptions } from "./optimizers/sgd";
export { closestName, UnknownNameError } from "./registry";
export { type SummaryRow, summarize, summaryRows } from "./summary";
export { type Callbacks, combineCallbacks, type TrainingContext } from "./training/callbacks";
export { type EvaluateOptions, evaluate, type Logs } from "./training/evaluate";
export { type FitOptions, fit } from "./training/fit";
export type { History } from "./training/history";
export { modelDtype, predict } from "./training/predict";
export { resetTraining, type TrainingState, trainingState } from "./training/state";
export { epochLogger } from "./training/verbose";
