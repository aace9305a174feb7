/**
 * `npm run docs`: the API reference built by TypeDoc from the doc comments of every package's
 * entry points. Any warning (a link to something not exported, a broken link) fails the build
 * (treatWarningsAsErrors in typedoc.json), and so fails this test.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { workspacePackages } from "../packaging/workspace";

const ROOT = resolve(fileURLToPath(import.meta.url), "../../..");
const out = mkdtempSync(join(tmpdir(), "backprop-api-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("npm run docs", () => {
	it("builds the API reference without a warning, one module per package entry point", async () => {
		const typedoc = join(ROOT, "node_modules/typedoc/bin/typedoc");
		const { stdout, stderr } = await promisify(execFile)(process.execPath, [typedoc, "--out", out], {
			cwd: ROOT,
			timeout: 300_000,
		});
		expect(`${stdout}${stderr}`).not.toMatch(/\[warning\]|\[error\]/);
		for (const pkg of workspacePackages())
			for (const subpath of Object.keys(pkg.json.exports ?? {})) {
				const name = join(pkg.name, subpath).replace(/[@/]/g, "_").replace(/^_/, "_");
				expect(existsSync(join(out, "modules", `${name}.html`)), `${pkg.name} ${subpath}`).toBe(true);
			}
	});
});
