import { noGrad, variable } from "@backprop/autograd";
import type { DType, Tensor } from "@backprop/tensor";
import { type DataLike, toDataTensor } from "../data";
import { type ModuleLike, withMode } from "../module";

/** The model's parameter dtype (float64 for a model without parameters). */
export function modelDtype(model: ModuleLike): DType {
	return model.parameters()[0]?.dtype ?? "float64";
}

/**
 * Runs the model on `x` ([n, features], or one sample [features]) without
 * recording a graph, in the model's dtype, in evaluation mode (each module's
 * mode is restored afterwards). Throws what the layers throw for a bad
 * shape (ShapeError), TypeError/Error for non-numeric or non-finite data.
 */
export function predict(model: ModuleLike, x: DataLike): Tensor {
	const input = toDataTensor(x, "x", "predict", modelDtype(model));
	return noGrad(() => withMode(model, false, () => model.forward(variable(input)).value));
}
