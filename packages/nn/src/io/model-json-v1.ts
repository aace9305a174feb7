/** Version 1 model documents (Dense layers only, written before version 2): still read. */
import { type DType, tensor } from "@backprop/tensor";
import { activationNames } from "../activations";
import { Dense } from "../layers/dense";
import { MAX_LAYER_PARAMETERS, MAX_UNITS } from "./builtin-layers";
import { count, describe, fail, field, isPlainObject, type StoredTensor, storedTensor } from "./document-checks";

/** One dense layer as version 1 stored it. */
export interface DenseJSON {
	type: "dense";
	inputs: number;
	units: number;
	activation: string;
	init: string;
	useBias: boolean;
	weight: StoredTensor;
	bias: StoredTensor | null;
}

/** The Dense layers of a version 1 document's `layers` list, each field checked (shapes must chain). */
export function denseLayersV1(layers: readonly unknown[], dtype: DType): Dense[] {
	const known = new Set(activationNames());
	let previousUnits: number | null = null;
	// Array.from, not map: a hole in a sparse list (an object given directly) must not be skipped.
	return Array.from(layers, (raw, i) => {
		const path = `model.layers[${i}]`;
		if (!isPlainObject(raw)) fail(path, `expected an object, got ${describe(raw)}`);
		const type = field(raw, "type", path);
		if (type !== "dense") fail(`${path}.type`, `unknown layer type ${describe(type)} (known: dense)`);
		const inputs = count(raw, "inputs", path, MAX_UNITS);
		const units = count(raw, "units", path, MAX_UNITS);
		if (inputs * units > MAX_LAYER_PARAMETERS)
			fail(path, `${inputs}×${units} weights is more than ${MAX_LAYER_PARAMETERS}`);
		if (previousUnits !== null && inputs !== previousUnits) {
			fail(`${path}.inputs`, `${inputs} does not match the ${previousUnits} units of layer ${i - 1}`);
		}
		previousUnits = units;
		const activation = field(raw, "activation", path);
		if (typeof activation !== "string" || !known.has(activation)) {
			fail(`${path}.activation`, `unknown activation ${describe(activation)} (known: ${[...known].join(", ")})`);
		}
		const useBias = field(raw, "useBias", path);
		if (typeof useBias !== "boolean") fail(`${path}.useBias`, `expected true or false, got ${describe(useBias)}`);
		const init = Object.hasOwn(raw, "init") ? raw.init : "glorotUniform";
		if (typeof init !== "string") fail(`${path}.init`, `expected a name, got ${describe(init)}`);
		const weight = storedTensor(field(raw, "weight", path), `${path}.weight`, [inputs, units]);
		const biasRaw = field(raw, "bias", path);
		if (!useBias && biasRaw !== null) fail(`${path}.bias`, "must be null when useBias is false");
		const bias = useBias ? storedTensor(biasRaw, `${path}.bias`, [units]) : null;
		return new Dense(inputs, units, {
			activation,
			useBias,
			dtype,
			weights: tensor(weight, { dtype, shape: [inputs, units] }),
			...(bias ? { bias: tensor(bias, { dtype }) } : {}),
			// Only a name to keep (the weights are given, so no initializer runs).
			init,
		});
	});
}
