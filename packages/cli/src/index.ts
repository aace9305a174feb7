/**
 * @backprop/cli: the `backprop` command — flags, commands and messages on top of
 * @backprop/nn, @backprop/data and @backprop/viz.
 */
export { CliError, EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UsageError } from "./errors";
export type { CliIo, OutputStream } from "./io";
export { main } from "./main";
export { run, VERSION } from "./run";
