/**
 * The core bundled for the browser with esbuild (from the packages' dist/, as a user's bundler
 * would take them) and run in headless Chromium: tensors, a gradient, the gender network trained;
 * every float64 result equals Node's bit for bit. The bundle imports no Node module.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error a plain JavaScript module without declarations
import { emptyNodeBuiltins } from "../../scripts/browser-node-builtins.mjs";
import { launchChromium, watchedPage } from "./chromium";
import { type CoreResult, runCore } from "./gender-core";

const HERE = fileURLToPath(new URL(".", import.meta.url));
let browser: Browser;
let bundle: string;

beforeAll(async () => {
	const result = await build({
		entryPoints: [join(HERE, "browser-entry.ts")],
		bundle: true,
		format: "iife",
		platform: "browser",
		target: "es2022",
		plugins: [emptyNodeBuiltins],
		write: false,
		logLevel: "silent",
	});
	bundle = result.outputFiles[0]!.text;
	browser = await launchChromium();
}, 180_000);

afterAll(async () => {
	await browser?.close();
});

describe("the core in headless Chromium", () => {
	it("bundles for the browser without any Node module", () => {
		expect(bundle).not.toMatch(/\brequire\(["']node:|from ["']node:|import\(["']node:/);
		expect(bundle.length).toBeGreaterThan(10_000);
	});

	it("creates tensors, takes a gradient and trains the gender network exactly as Node does", async () => {
		const { page, errors } = await watchedPage(browser);
		await page.goto("about:blank");
		await page.addScriptTag({ content: bundle });
		const inBrowser = await page.evaluate(() =>
			(globalThis as unknown as { runCore: () => Promise<CoreResult> }).runCore(),
		);
		const inNode = await runCore();
		// Broadcasting [[1,2,3],[4,5,6]] + [10,20,30] by hand.
		expect(inBrowser.broadcast).toEqual([
			[11, 22, 33],
			[14, 25, 36],
		]);
		// The trained network gets the six people right: F (1) above 0.5, M (0) below.
		expect(inBrowser.predictions.map((p) => (p > 0.5 ? 1 : 0))).toEqual([1, 0, 0, 1, 1, 0]);
		expect(inBrowser.bits).toBe(inNode.bits);
		expect(errors).toEqual([]);
	});
});
