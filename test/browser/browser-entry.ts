/** The browser bundle's entry for core-in-browser.test.ts: exposes runCore and runWasmCore on the page. */
import { runCore } from "./gender-core";
import { runWasmCore } from "./wasm-core";

const page = globalThis as unknown as { runCore: typeof runCore; runWasmCore: typeof runWasmCore };
page.runCore = runCore;
page.runWasmCore = runWasmCore;
