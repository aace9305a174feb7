/**
 * The CNN workload on backprop: `conv2d` and `maxPool2d` from @backprop/autograd
 * for the convolution block (the Conv2D layer is built on them), `Dense`, `SGD`
 * and `getLoss('crossEntropy')` from @backprop/nn for the rest. The packages are
 * imported when the case is prepared, as the other training workloads do.
 */
import { type DType, type Tensor, tensor } from "@backprop/tensor";
import { asDtype } from "../data";
import type { ConvCase } from "../workloads/conv";
import type { Runner } from "../workloads/types";

function tensorOf(values: ArrayLike<number>, shape: number[], dtype: DType): Tensor {
	return tensor(asDtype(values, dtype), { shape, dtype });
}

/** One step: conv 3x3 'same' + bias + ReLU, max pool 2, Dense, cross-entropy, backward, SGD. */
export async function backpropConv(data: ConvCase, dtype: DType): Promise<Runner> {
	const ag = await import("@backprop/autograd");
	const nn = await import("@backprop/nn");
	const { batch, side, filters, classes } = data;
	const features = (side / 2) * (side / 2) * filters;
	const wConv = ag.variable(tensorOf(data.wConv, [3, 3, 1, filters], dtype), { requiresGrad: true });
	const bConv = ag.variable(tensorOf(data.bConv, [filters], dtype), { requiresGrad: true });
	const dense = new nn.Dense(features, classes, {
		weights: tensorOf(data.wDense, [features, classes], dtype),
		bias: tensorOf(data.bDense, [classes], dtype),
		dtype,
	});
	const optimizer = new nn.SGD([wConv, bConv, ...dense.parameters()], { lr: data.lr });
	const crossEntropy = nn.getLoss("crossEntropy");
	const x = ag.variable(tensorOf(data.x, [batch, side, side, 1], dtype));
	const y = tensorOf(data.y, [batch, classes], dtype);
	const step = () => {
		optimizer.zeroGrad();
		const hidden = ag
			.conv2d(x, wConv, { padding: "same" })
			.add(bConv)
			.relu()
			.maxPool2d({ poolSize: 2 })
			.reshape([batch, features]);
		const loss = crossEntropy(dense.forward(hidden), y);
		loss.backward();
		optimizer.step();
		return loss;
	};
	return {
		check() {
			const losses = new Float64Array(data.checkSteps);
			for (let s = 0; s < data.checkSteps; s++) losses[s] = step().value.item();
			return { losses };
		},
		run: () => {
			step();
		},
	};
}
