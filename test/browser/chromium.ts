/**
 * Headless Chromium for the browser tests: the binary inside the `@sparticuz/chromium` npm package
 * (no download), driven by `playwright-core`. A browser that cannot start is an error, never a skip.
 */
import chromiumBinary from "@sparticuz/chromium";
import { type Browser, chromium, type Page } from "playwright-core";

/** Flags: no sandbox (root in a container), headless, and nothing that reaches the network by itself. */
const FLAGS = [
	"--no-sandbox",
	"--headless=new",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-default-apps",
	"--disable-sync",
	"--disable-domain-reliability",
	"--no-pings",
	"--no-first-run",
	"--metrics-recording-only",
	"--disable-gpu",
];

/** Starts headless Chromium; throws with the reason when it cannot. */
export async function launchChromium(): Promise<Browser> {
	const executablePath = await chromiumBinary.executablePath();
	try {
		return await chromium.launch({ executablePath, args: FLAGS, timeout: 90_000 });
	} catch (e) {
		throw new Error(`headless Chromium (${executablePath}) did not start: ${(e as Error).message}`);
	}
}

/** A page whose console errors and uncaught exceptions are collected in `errors`. */
export async function watchedPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
	const page = await browser.newPage();
	const errors: string[] = [];
	page.on("console", (m) => {
		if (m.type() === "error") errors.push(m.text());
	});
	page.on("pageerror", (e) => errors.push(e.message));
	return { page, errors };
}
