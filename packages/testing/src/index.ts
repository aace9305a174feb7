/**
 * @backprop/testing: property-based testing for code built on backprop —
 * fast-check arbitraries for shapes, tensors (both dtypes, broadcasting pairs,
 * values away from kinks) and random layer stacks, and gradient properties that
 * check an op's backward against finite differences with a shrunk counterexample.
 */
export {
	buildLayerStack,
	type LayerStackCase,
	type LayerStackOptions,
	layerStackArb,
	STACK_LOSSES,
	type StackLoss,
	stackKinkDistance,
} from "./arbitraries/layer-stacks";
export {
	broadcastableTo,
	broadcastOf,
	broadcastPairArb,
	type Shape,
	type ShapeOptions,
	shapeArb,
} from "./arbitraries/shapes";
export {
	anyTensorArb,
	broadcastTensorsArb,
	distinctTensorArb,
	dtypeArb,
	type TensorArbOptions,
	tensorArb,
} from "./arbitraries/tensors";
export { uniformArb, type ValueKind, valueArb, valueAwayFrom } from "./arbitraries/values";
export {
	assertGradients,
	assertOpGradient,
	GradientCheckError,
	type GradientPropertyOptions,
	TORCH_TOLERANCES,
} from "./gradient-property";
export { modelGradCheck, withParameters } from "./model-grad-check";
