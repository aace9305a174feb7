/**
 * @backprop/viz: pictures and terminal output that code, examples and the
 * command share — SVG charts (the loss curve, a classifier's decision boundary,
 * isolines), the loss curve drawn in text, and colours. Runs in a browser; the
 * progress bar, which needs a terminal, is in `@backprop/viz/node`.
 */
export * from "./charts/decision-boundary";
export { isoline, type Segment } from "./charts/isoline";
export * from "./charts/loss-curve";
export * from "./terminal/ascii-chart";
export * from "./terminal/colors";
