/**
 * Every package's main entry runs in a browser: bundled for one, with Node's
 * modules left out, it loads in a context that has no `process`, no `require`
 * and no file system. Code that needs Node sits behind a `/node` entry point, or
 * loads its Node modules on first use.
 */
import { runInNewContext } from "node:vm";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const MAIN_ENTRIES = ["tensor", "autograd", "nn", "data", "viz", "onnx"];

/** The package's main entry as one browser script, with `node:` imports left as imports. */
async function browserBundle(pkg: string): Promise<string> {
	const result = await build({
		entryPoints: [`packages/${pkg}/src/index.ts`],
		bundle: true,
		platform: "browser",
		format: "iife",
		globalName: "entry",
		external: ["node:*"],
		write: false,
		logLevel: "silent",
	});
	return result.outputFiles[0]?.text ?? "";
}

describe("main entries in a browser", () => {
	it.each(MAIN_ENTRIES)("@backprop/%s loads without process, require or the file system", async (pkg) => {
		const code = await browserBundle(pkg);
		// A static Node import turns into a require() call that runs at load time.
		const context: Record<string, unknown> = { console, TextEncoder, TextDecoder, URL, setTimeout, clearTimeout };
		context.globalThis = context;
		context.self = context;
		runInNewContext(`${code}\nglobalThis.loaded = entry;`, context);
		expect(context.process).toBeUndefined();
		expect(Object.keys(context.loaded as object).length).toBeGreaterThan(0);
	});
});
