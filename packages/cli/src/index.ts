/**
 * @backprop/cli: the `backprop` command, and the presentation pieces it shares
 * with the examples — SVG charts, terminal progress and charts, colours, and the
 * tutorial's data.
 */
export * from "./datasets/gender";
export * from "./plots/decision-boundary";
export * from "./plots/loss-curve";
export * from "./terminal/ascii-chart";
export * from "./terminal/colors";
export * from "./terminal/progress";
export { CliError, EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UsageError } from "./errors";
export type { CliIo, OutputStream } from "./io";
export { main } from "./main";
export { run, VERSION } from "./run";
