/**
 * Steps 1–4 of the tutorial, computed with the framework's public API. Each
 * function returns the numbers the example prints, so the tests check exactly
 * what a reader sees.
 */
import { type Variable, variable } from "@backprop/autograd";
import { Dense, mse, type Sequential, sequential } from "@backprop/nn";
import { tensor } from "@backprop/tensor";

/** The tutorial's figures, as it prints them. */
export const TUTORIAL_FIGURES = {
	neuron: 0.9990889488055994,
	hidden: 0.9526,
	network: 0.7216325609518421,
	mse: 0.5,
	alice: {
		h1: 0.0474,
		o1: 0.524,
		dL_dypred: -0.952,
		dypred_dh1: 0.25,
		dh1_dw1: -0.0904,
		dL_dw1: 0.0215,
	},
} as const;

/** Step 1's numbers. */
export interface NeuronStep {
	weights: [number, number];
	bias: number;
	input: [number, number];
	/** w·x + b, before the sigmoid (7). */
	sum: number;
	/** sigmoid(w·x + b) from the Dense layer. */
	output: number;
}

/**
 * Step 1, one neuron: `new Dense(2, 1, { activation: "sigmoid", weights: [[0], [1]], bias: [4] })`
 * on x = [2, 3]. The tutorial gets 0.9990889488055994.
 */
export function oneNeuron(): NeuronStep {
	const neuron = new Dense(2, 1, { activation: "sigmoid", weights: [[0], [1]], bias: [4] });
	const x = tensor([[2, 3]]);
	const sum = x.matmul(neuron.weight.value).add(neuron.bias?.value ?? 0);
	return {
		weights: [0, 1],
		bias: 4,
		input: [2, 3],
		sum: sum.item(),
		output: neuron.forward(variable(x)).item(),
	};
}

/** The two Dense layers of a [2, 2, 1] network, typed as such. Throws TypeError for anything else. */
export function denseLayers(model: Sequential): [Dense, Dense] {
	const [hidden, output] = model.layers;
	if (model.layers.length !== 2 || !(hidden instanceof Dense) || !(output instanceof Dense)) {
		throw new TypeError("expected a [2, 2, 1] network of two Dense layers");
	}
	return [hidden, output];
}

/** Step 2's numbers. */
export interface NetworkStep {
	input: [number, number];
	/** Outputs of h1 and h2 (both sigmoid(3)). */
	hidden: [number, number];
	/** o1, the network's output. */
	output: number;
}

/**
 * Step 2, the network: `sequential([2, 2, 1], { activation: "sigmoid", outputActivation: "sigmoid" })` with
 * every neuron's weights set to [0, 1] and biases to 0, on x = [2, 3]. The
 * tutorial gets 0.7216325609518421.
 */
export function tinyNetwork(): NetworkStep {
	const model = sequential([2, 2, 1], { activation: "sigmoid", outputActivation: "sigmoid" });
	for (const layer of denseLayers(model)) {
		// W is [inputs, units]: each unit's column is its weights [w1, w2] = [0, 1].
		layer.weight.value = tensor([new Array<number>(layer.units).fill(0), new Array<number>(layer.units).fill(1)]);
		if (layer.bias) layer.bias.value = tensor(new Array<number>(layer.units).fill(0));
	}
	const [hiddenLayer] = denseLayers(model);
	const x = variable([[2, 3]]);
	const hidden = hiddenLayer.forward(x).value.dataSync();
	return {
		input: [2, 3],
		hidden: [hidden[0], hidden[1]],
		output: model.forward(x).item(),
	};
}

/** Step 3's numbers. */
export interface LossStep {
	yTrue: number[];
	yPred: number[];
	/** (y_true - y_pred)² per person. */
	squaredErrors: number[];
	/** Their mean, through the nn `mse` loss. */
	mse: number;
}

/** Step 3, the loss: MSE of y_true = [1, 0, 0, 1] against y_pred = [0, 0, 0, 0], which the tutorial makes 0.5. */
export function tutorialLoss(): LossStep {
	const yTrue = [1, 0, 0, 1];
	const yPred = [0, 0, 0, 0];
	return {
		yTrue,
		yPred,
		squaredErrors: yTrue.map((t, i) => (t - yPred[i]) ** 2),
		mse: mse(variable(yPred), tensor(yTrue)).item(),
	};
}

/** Step 4's numbers. */
export interface BackpropStep {
	input: [number, number];
	target: number;
	/** x1·w1 + x2·w2 + b1 (-3). */
	sumH1: number;
	/** h1 = sigmoid(sumH1). */
	h1: number;
	/** h2 (equal to h1: same weights). */
	h2: number;
	/** h1·w5 + h2·w6 + b3. */
	sumO1: number;
	/** o1 = y_pred. */
	o1: number;
	/** The loss for Alice alone, (1 - o1)². */
	loss: number;
	/** dL/dy_pred = -2(1 - y_pred). */
	dL_dypred: number;
	/** dy_pred/dh1 = w5 · sigmoid'(sumO1) = w5 · o1(1 - o1). */
	dypred_dh1: number;
	/** dh1/dw1 = x1 · sigmoid'(sumH1) = x1 · h1(1 - h1). */
	dh1_dw1: number;
	/** The tutorial's chain rule: the product of the three factors. */
	chainRule: number;
	/** What loss.backward() put in the first layer's weight gradient at [0][0] (w1). */
	autodiff: number;
}

/** Alice's forward pass through the tutorial's network with every weight 1 and every bias 0, not yet differentiated. */
export interface AliceGraph {
	hiddenLayer: Dense;
	outputLayer: Dense;
	input: [number, number];
	target: number;
	x: Variable;
	h: Variable;
	o: Variable;
	/** (1 - o1)²: draw its graph (drawGraph) or differentiate it (backward). */
	loss: Variable;
}

/** Alice (x = [-2, -1], y = 1) through the 2-2-1 network with every weight 1 and every bias 0. */
export function alicesGraph(): AliceGraph {
	const hiddenLayer = new Dense(2, 2, {
		activation: "sigmoid",
		weights: [
			[1, 1],
			[1, 1],
		],
		bias: [0, 0],
	});
	const outputLayer = new Dense(2, 1, { activation: "sigmoid", weights: [[1], [1]], bias: [0] });
	const input: [number, number] = [-2, -1];
	const target = 1;
	const x = variable([input]);
	const h = hiddenLayer.forward(x);
	const o = outputLayer.forward(h);
	const loss = mse(o, tensor([[target]]));
	return { hiddenLayer, outputLayer, input, target, x, h, o, loss };
}

/**
 * Step 4, backpropagation for Alice: x = [-2, -1], y = 1, every weight 1 and
 * every bias 0. The forward values and the tutorial's chain rule for dL/dw1 by
 * hand, beside the gradient the autodiff engine finds for w1.
 */
export function alicesBackprop(): BackpropStep {
	const { hiddenLayer, outputLayer, input, target, h, o, loss } = alicesGraph();
	loss.backward();
	const grad = hiddenLayer.weight.grad;
	if (!grad) throw new Error("backward left no gradient on the first layer's weight");

	// The tutorial's names: w1, w2 feed h1 (column 0 of W); w5 is h1's weight into o1.
	const W = hiddenLayer.weight.value;
	const [w1, w2, b1] = [W.get(0, 0), W.get(1, 0), hiddenLayer.bias?.value.get(0) ?? 0];
	const [w5, w6, b3] = [outputLayer.weight.value.get(0, 0), outputLayer.weight.value.get(1, 0), 0];
	const [h1, h2] = [h.value.get(0, 0), h.value.get(0, 1)];
	const o1 = o.item();
	const dL_dypred = -2 * (target - o1);
	const dypred_dh1 = w5 * o1 * (1 - o1);
	const dh1_dw1 = input[0] * h1 * (1 - h1);
	return {
		input,
		target,
		sumH1: input[0] * w1 + input[1] * w2 + b1,
		h1,
		h2,
		sumO1: h1 * w5 + h2 * w6 + b3,
		o1,
		loss: loss.item(),
		dL_dypred,
		dypred_dh1,
		dh1_dw1,
		chainRule: dL_dypred * dypred_dh1 * dh1_dw1,
		autodiff: grad.get(0, 0),
	};
}
