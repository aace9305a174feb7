/** The network: two small convolution blocks and a linear classifier. */
import { Conv2D, Dense, Dropout, Flatten, MaxPool2D, Sequential } from "@backprop/nn";
import { Rng } from "@backprop/tensor";

/** Conv(1→16, 3x3 same, relu) → MaxPool 2 → Conv(16→32, 3x3 same, relu) → MaxPool 2 → Flatten → Dropout 0.25 → Dense(128→10). */
export function digitsModel(seed: number): Sequential {
	return new Sequential([
		new Conv2D(1, 16, 3, { padding: "same", activation: "relu", init: "heUniform", seed }),
		new MaxPool2D({ poolSize: 2 }),
		new Conv2D(16, 32, 3, { padding: "same", activation: "relu", init: "heUniform", seed: seed + 1 }),
		new MaxPool2D({ poolSize: 2 }),
		new Flatten(),
		new Dropout(0.25, { seed: seed + 2 }),
		new Dense(128, 10, { rng: new Rng(seed + 3) }),
	]);
}
