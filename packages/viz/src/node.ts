/**
 * @backprop/viz/node: output that needs a terminal (Node streams), kept apart
 * from the main entry, which runs in a browser too.
 */
export * from "./terminal/fit-progress";
export * from "./terminal/progress";
