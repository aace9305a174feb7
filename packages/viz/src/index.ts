/**
 * @backprop/viz: pictures of what the framework computes — the computation
 * graph of a loss as SVG, with every value's data and gradient.
 */
export { type DrawGraphOptions, drawGraph } from "./graph";
