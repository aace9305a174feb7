/**
 * The core bundled for the browser with esbuild (from the packages' dist/, as a user's bundler
 * would take them) and run in headless Chromium: tensors, a gradient, the gender network trained;
 * every float64 result equals Node's bit for bit. The bundle imports no Node module. It runs twice:
 * before `wasmReady()` (the `wasm` backend runs the js kernels until its module has loaded) and
 * after it, when float32 matmul and sigmoid run the WebAssembly kernels and must give Node's bits.
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
import { runWasmCore, type WasmCoreResult } from "./wasm-core";

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

	it("creates tensors, takes a gradient and trains the gender network exactly as Node does (module not loaded)", async () => {
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

	it("loads the wasm backend and runs its float32 kernels with Node's bits, float64 figures unchanged", async () => {
		const { page, errors } = await watchedPage(browser);
		await page.goto("about:blank");
		await page.addScriptTag({ content: bundle });
		const inBrowser = await page.evaluate(async () => {
			const g = globalThis as unknown as {
				runWasmCore: () => Promise<WasmCoreResult>;
				runCore: () => Promise<CoreResult>;
			};
			const wasm = await g.runWasmCore();
			return { wasm, core: await g.runCore() };
		});
		const inNode = { wasm: await runWasmCore(), core: await runCore() };
		// The page's default backend is wasm (no BACKPROP_BACKEND there) and its module loaded asynchronously.
		expect(inBrowser.wasm.ready).toBe(true);
		expect(inBrowser.wasm.backend).toBe("wasm");
		// Chromium granted the same reservation as Node: 512 MiB less the 64 KiB of static data.
		expect(inNode.wasm.arenaBytes).toBe(512 * 1024 * 1024 - 65536);
		expect(inBrowser.wasm.arenaBytes).toBe(inNode.wasm.arenaBytes);
		// Node's wasm kernels ran: float32 results differ from the js backend's (float32 accumulation,
		// polynomial exp), so the browser matching Node's wasm bits means its wasm kernels ran too.
		expect(inNode.wasm.matmul.wasm).not.toBe(inNode.wasm.matmul.js);
		expect(inNode.wasm.sigmoid.wasm).not.toBe(inNode.wasm.sigmoid.js);
		expect(inBrowser.wasm.matmul).toEqual(inNode.wasm.matmul);
		expect(inBrowser.wasm.sigmoid).toEqual(inNode.wasm.sigmoid);
		// 64 * 64 float32 values, 2048 float32 values: 8 hex digits each.
		expect(inBrowser.wasm.matmul.wasm.length).toBe(64 * 64 * 8);
		expect(inBrowser.wasm.sigmoid.wasm.length).toBe(2048 * 8);
		// The tutorial's float64 figures stay exact with the module loaded.
		expect(inBrowser.core.bits).toBe(inNode.core.bits);
		expect(errors).toEqual([]);
	});
});
