/**
 * Every packages/X is a publishable library: not private, `exports` with types and import for
 * each entry (and the source condition the tests and the typecheck use), files, engines, license,
 * repository, sideEffects, a README, a composite tsconfig; no run-time dependency on tsx.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { workspacePackages } from "./workspace";

const packages = workspacePackages();

describe.each(packages.map((p) => [p.name, p] as const))("%s", (_name, pkg) => {
	it("has the publishing fields", () => {
		const json = pkg.json;
		expect(json.private).toBeUndefined();
		expect(json.license).toBe("MIT");
		expect(json.engines).toEqual({ node: ">=20" });
		expect(json.repository).toMatchObject({ type: "git", directory: `packages/${pkg.folder.split("/").at(-1)}` });
		expect([true, JSON.stringify(["./dist/chunks/*.js"])]).toContain(
			json.sideEffects === true ? true : JSON.stringify(json.sideEffects),
		);
		expect(json.files).toEqual(expect.arrayContaining(["dist", "README.md"]));
		expect(Object.keys(json.exports ?? {})).toContain(".");
		for (const [subpath, target] of Object.entries(json.exports ?? {})) {
			const stem = target["@backprop/source"]!.replace("./src/", "./dist/").replace(/\.ts$/, "");
			expect(target, subpath).toEqual({
				"@backprop/source": expect.stringMatching(/^\.\/src\/.+\.ts$/),
				types: `${stem}.d.ts`,
				import: `${stem}.js`,
			});
		}
	});

	it("has a README and a composite tsconfig; tsx is no run-time dependency", () => {
		expect(existsSync(join(pkg.folder, "README.md"))).toBe(true);
		const tsconfig = JSON.parse(readFileSync(join(pkg.folder, "tsconfig.json"), "utf8"));
		expect(tsconfig.extends).toBe("../../tsconfig.package.json");
		const deps = { ...(pkg.json.dependencies as object), ...(pkg.json.peerDependencies as object) };
		expect(Object.keys(deps)).not.toContain("tsx");
	});

	it("imports no Node module from its main entry unless it is the command", () => {
		if (pkg.name === "@backprop/cli") return;
		const main = readFileSync(join(pkg.folder, pkg.json.exports!["."]!.import!), "utf8");
		expect(main).not.toMatch(/from\s*["']node:|import\(["']node:/);
	});
});
