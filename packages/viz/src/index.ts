/**
 * @backprop/viz: pictures and terminal output that code, examples and the
 * command share — SVG charts (the loss curve, a classifier's decision boundary,
 * isolines), the computation graph of a loss with every value's data and
 * gradient, the loss curve drawn in text, and colours. Runs in a browser; the
 * progress bar, which needs a terminal, is in `@backprop/viz/node`.
 */
export * from "./charts/decision-boundary";
export { isoline, type Segment } from "./charts/isoline";
export * from "./charts/loss-curve";
export { type DrawGraphOptions, drawGraph } from "./graph";
export * from "./terminal/ascii-chart";
export * from "./terminal/colors";
