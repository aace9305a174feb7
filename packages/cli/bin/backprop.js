#!/usr/bin/env node
// The `backprop` command: registers tsx so Node runs the TypeScript sources, then starts the CLI.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
await main();
