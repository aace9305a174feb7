#!/usr/bin/env node
/**
 * Sets the publishing fields of every packages/X/package.json the same way (run once per new
 * package, or after changing the policy here): not private, `exports` with the source / types /
 * import conditions for each entry, `files`, `sideEffects`, `engines`, `license`, `repository`;
 * and writes its tsconfig.json: the shared package settings, and references to exactly the
 * @backprop packages it depends on (what `npm run build` checks).
 * `npm test` checks that every package has them (test/packaging/package-fields.test.ts).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Packages whose import does something beyond defining exports: tensor and autograd attach the
 * op methods to Tensor's and Variable's prototypes; nn and onnx register built-in layers and op rows through
 * bare imports. The build fails (esbuild's warning is made an error) if a package marked free of
 * side effects has such an import.
 */
const WITH_SIDE_EFFECTS = new Set(["@backprop/tensor", "@backprop/autograd", "@backprop/nn", "@backprop/onnx"]);

for (const name of readdirSync("packages")) {
	const file = join("packages", name, "package.json");
	if (!existsSync(file)) continue;
	const json = JSON.parse(readFileSync(file, "utf8"));
	const exportsIn = json.exports ?? { ".": "./src/index.ts" };
	const exportsOut = {};
	for (const [subpath, target] of Object.entries(exportsIn)) {
		const source = typeof target === "string" ? target : target["@backprop/source"];
		const stem = source.replace(/^\.\/src\//, "./dist/").replace(/\.ts$/, "");
		exportsOut[subpath] = { "@backprop/source": source, types: `${stem}.d.ts`, import: `${stem}.js` };
	}
	const { private: _p, exports: _e, types: _t, ...rest } = json;
	const out = {
		name: rest.name,
		version: rest.version,
		description: rest.description,
		license: "MIT",
		type: "module",
		repository: { type: "git", url: "git+https://example.invalid/backprop.git", directory: `packages/${name}` },
		engines: { node: ">=20" },
		// The shared chunks esbuild splits out may be imported bare (for evaluation order): never
		// let a bundler drop them.
		sideEffects: WITH_SIDE_EFFECTS.has(rest.name) ? true : ["./dist/chunks/*.js"],
		exports: exportsOut,
		types: exportsOut["."].types,
		files: ["dist", "src", "README.md"],
		...Object.fromEntries(
			Object.entries(rest).filter(
				([k]) =>
					![
						"name",
						"version",
						"description",
						"license",
						"type",
						"repository",
						"engines",
						"sideEffects",
						"files",
					].includes(k),
			),
		),
	};
	if (out.bin) out.files.splice(1, 0, "bin");
	writeFileSync(file, `${JSON.stringify(out, null, "\t")}\n`);
	const references = Object.keys({ ...out.dependencies, ...out.peerDependencies })
		.filter((dep) => dep.startsWith("@backprop/"))
		.map((dep) => ({ path: `../${dep.slice("@backprop/".length)}` }));
	const tsconfig = {
		extends: "../../tsconfig.package.json",
		compilerOptions: { rootDir: "src", outDir: "dist", tsBuildInfoFile: "dist/tsconfig.tsbuildinfo" },
		include: ["src"],
		references,
	};
	writeFileSync(join("packages", name, "tsconfig.json"), `${JSON.stringify(tsconfig, null, "\t")}\n`);
}
