/**
 * The README's examples gallery: each example runs through its npm script (compiled JavaScript,
 * `npm run build` makes it) with small settings and gets its answer.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = resolve(fileURLToPath(import.meta.url), "../../..");
const run = promisify(execFile);
const npmRun = async (script: string, ...args: string[]) =>
	(await run("npm", ["run", "--silent", script, "--", ...args], { cwd: ROOT, timeout: 120_000 })).stdout;

describe("the examples gallery", () => {
	it("has one npm script per example folder", () => {
		const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
		for (const name of ["gender", "xor", "spirals", "sine"])
			expect(scripts[`example:${name}`]).toBe(`node examples/${name}/dist/main.js`);
	});

	it("xor: the 2-8-1 network gets all four corners right", async () => {
		const out = await npmRun("example:xor", "--epochs", "300");
		expect(out).toContain("0 xor 1 = 1");
		expect(out).toMatch(/accuracy 1\n/);
	});

	it("spirals: a short run prints its accuracy, above chance", async () => {
		const out = await npmRun("example:spirals", "--epochs", "60", "--quiet");
		const accuracy = Number(/accuracy ([\d.]+)/.exec(out)?.[1]);
		expect(accuracy).toBeGreaterThan(0.5);
		expect(accuracy).toBeLessThanOrEqual(1);
	});

	it("sine: the fit's final mean squared error is small", async () => {
		const out = await npmRun("example:sine", "--epochs", "200", "--quiet");
		const mse = Number(/final mse ([\d.e+-]+)/.exec(out)?.[1]);
		// sin has variance 1/2 over a period; a network that learned nothing stays near 0.5.
		expect(mse).toBeLessThan(0.1);
	});

	it("a bad flag is one line naming it, exit code 1", async () => {
		await expect(npmRun("example:xor", "--epochs", "many")).rejects.toMatchObject({
			stderr: expect.stringContaining("xor: error: --epochs: expected a whole number, got 'many'"),
		});
	});
});
