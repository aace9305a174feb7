/**
 * @backprop/cli: the `backprop` command, and the presentation pieces it shares
 * with the examples — SVG charts, terminal progress and charts, colours, and the
 * tutorial's data.
 */
export * from "./datasets/gender";
export { CliError, EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UsageError } from "./errors";
export type { CliIo, OutputStream } from "./io";
export { main } from "./main";
export * from "./plots/decision-boundary";
export * from "./plots/loss-curve";
export { run, VERSION } from "./run";
export * from "./terminal/ascii-chart";
export * from "./terminal/colors";
export * from "./terminal/progress";
