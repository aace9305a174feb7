#!/usr/bin/env node
// The `backprop` command: the compiled CLI (`npm run build` makes dist/; `npm ci` runs it).
import { main } from "../dist/index.js";

await main();
