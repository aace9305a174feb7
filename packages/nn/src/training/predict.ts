import { noGrad, variable } from "@backprop/autograd";
import type { DType, Tensor } from "@backprop/tensor";
import { type DataLike, toDataTensor } from "../data";
import type { Module } from "../module";

/** The model's parameter dtype (float64 for a model without parameters). */
export function modelDtype(model: Module): DType {
	return model.parameters()[0]?.dtype ?? "float64";
}

/**
 * Runs the model on `x` ([n, features], or one sample [features]) without
 * recording a graph, in the model's dtype. Throws what the layers throw for a bad
 * shape (ShapeError), TypeError/Error for non-numeric or non-finite data.
 */
export function predict(model: Module, x: DataLike): Tensor {
	const input = toDataTensor(x, "x", "predict", modelDtype(model));
	return noGrad(() => model.forward(variable(input)).value);
}
