/** TensorFlow.js activation names and @backprop/nn's. */
import { fail, type LayerConfig } from "./artifacts";

// Those that compute the same function; softmax over the last axis in both.
const ACTIVATIONS: Record<string, string> = {
	linear: "linear",
	relu: "relu",
	sigmoid: "sigmoid",
	tanh: "tanh",
	softmax: "softmax",
	softplus: "softplus",
	elu: "elu",
};

// Refused with a reason rather than only "not supported".
const REASONS: Record<string, string> = {
	hard_sigmoid:
		"hard_sigmoid (TensorFlow.js's default recurrent activation) is a piecewise-linear sigmoid @backprop/nn does not have",
	hardSigmoid: "hardSigmoid is a piecewise-linear sigmoid @backprop/nn does not have",
};

/** The @backprop/nn name of the activation in option `key`; TfjsModelError naming the layer and option otherwise. */
export function activationOf(layer: LayerConfig, where: string, key = "activation", fallback = "linear"): string {
	const name = layer.config[key] ?? fallback;
	if (typeof name === "string" && Object.hasOwn(ACTIVATIONS, name)) return ACTIVATIONS[name];
	const reason = typeof name === "string" && Object.hasOwn(REASONS, name) ? `: ${REASONS[name]}` : "";
	fail(
		where,
		`${key} ${JSON.stringify(name)} is not supported${reason} (supported: ${Object.keys(ACTIVATIONS).join(", ")})`,
	);
}
