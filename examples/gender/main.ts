// Placeholder until the gender example lands: a short demo of the tensor layer.
import { tensor } from "@backprop/tensor";

const x = tensor([[2, 3]]);
const w = tensor([[0], [1]]);
console.log("one neuron, sigmoid(x·w + 4):", x.matmul(w).add(4).sigmoid().item());
