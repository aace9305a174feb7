/** The browser bundle's entry for core-in-browser.test.ts: exposes runCore on the page. */
import { runCore } from "./gender-core";

(globalThis as unknown as { runCore: typeof runCore }).runCore = runCore;
