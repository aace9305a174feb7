/**
 * The playground (`npm run playground`, built by `npm run build`) in headless Chromium: it loads
 * with no console error, XOR trains to 100% accuracy within a bounded number of epochs, the
 * boundary canvas changes between the first and the last frame, and the controls change the
 * network. With UPDATE_SCREENSHOT=1 it also writes docs/playground.png from the trained state.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, watchedPage } from "../browser/chromium";

const ROOT = resolve(fileURLToPath(import.meta.url), "../../..");
const MAX_EPOCHS = 400;
let server: Server;
let browser: Browser;
let page: Page;
let errors: string[];

const stat = async (name: "epoch" | "accuracy") => Number(await page.locator("#stats").getAttribute(`data-${name}`));
const canvasPixels = () =>
	page.evaluate(() => (document.getElementById("boundary") as HTMLCanvasElement).toDataURL("image/png"));
const frames = async () => Number(await page.evaluate(() => document.body.dataset.frames ?? "0"));
const nextFrame = async (after: number) =>
	page.waitForFunction((n) => Number(document.body.dataset.frames ?? 0) > n, after);

beforeAll(async () => {
	const { startPlayground } = (await import(join(ROOT, "examples/playground/serve.mjs"))) as {
		startPlayground(port: number): Promise<Server>;
	};
	server = await startPlayground(0);
	browser = await launchChromium();
	({ page, errors } = await watchedPage(browser));
	await page.setViewportSize({ width: 1280, height: 720 });
	await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
	await page.waitForFunction(() => Number(document.body.dataset.frames ?? 0) >= 1);
}, 180_000);

afterAll(async () => {
	await browser?.close();
	await new Promise((r) => server?.close(r));
});

describe("the playground in headless Chromium", () => {
	it("loads and draws a first frame with no console error", async () => {
		expect(await stat("epoch")).toBe(0);
		expect(await page.locator("#description").textContent()).toContain("2-8-8-1 tanh → sigmoid");
		expect(errors).toEqual([]);
	});

	it("trains XOR to 100% accuracy within a bounded number of epochs; the boundary canvas changes", async () => {
		const first = await canvasPixels();
		await page.click("#train");
		await page.waitForFunction(
			(max) => {
				const s = document.getElementById("stats")!.dataset;
				return Number(s.accuracy) === 1 || Number(s.epoch) >= max;
			},
			MAX_EPOCHS,
			{ timeout: 120_000 },
		);
		await page.click("#pause");
		expect(await stat("accuracy")).toBe(1);
		expect(await stat("epoch")).toBeLessThanOrEqual(MAX_EPOCHS + 50);
		expect(await canvasPixels()).not.toBe(first);
		if (process.env.UPDATE_SCREENSHOT === "1") await page.screenshot({ path: join(ROOT, "docs/playground.png") });
		expect(errors).toEqual([]);
	});

	it("step trains one epoch; reset starts over", async () => {
		const epoch = await stat("epoch");
		const seen = await frames();
		await page.click("#step");
		await nextFrame(seen);
		// A frame still in flight from before the pause may come first; wait for the step's.
		await page.waitForFunction((e) => Number(document.getElementById("stats")!.dataset.epoch) >= e + 1, epoch);
		await page.click("#reset");
		// A frame of the step may still arrive after the click; the reset's frame brings epoch 0.
		await page.waitForFunction(() => Number(document.getElementById("stats")!.dataset.epoch) === 0);
		expect(await stat("epoch")).toBe(0);
	});

	it("the controls change the network, and a bad value is named", async () => {
		let seen = await frames();
		await page.fill("#hidden", "3");
		await page.selectOption("#activation", "relu");
		await nextFrame(seen);
		await page.waitForFunction(() => document.getElementById("description")!.textContent!.startsWith("2-3-1 relu"));
		// 2·3 + 3 weights and biases, then 3·1 + 1: 13 parameters.
		expect(await page.locator("#description").textContent()).toContain("13 parameters");
		seen = await frames();
		await page.selectOption("#dataset", "people");
		await nextFrame(seen);
		await expect.poll(() => page.locator("#t-neuron").textContent()).toBe("0.9990889488055994");
		expect(await page.locator("#t-ff").textContent()).toBe("0.7216325609518421");
		expect(Number(await page.locator("#t-alice").textContent())).toBeCloseTo(0.0214695352658111, 12);
		await page.fill("#hidden", "0");
		await page.dispatchEvent("#hidden", "change");
		expect(await page.locator("#error").textContent()).toBe(
			"hidden layers: whole numbers from 1 to 64, comma separated",
		);
		expect(errors).toEqual([]);
	});
});
