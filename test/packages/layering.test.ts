/**
 * Dependencies run one way: tensor ← autograd ← nn ← data, viz, onnx ← cli. Every
 * entry of every package is bundled by esbuild with the other packages left out,
 * and the @backprop imports in its metafile must all be of lower layers and be
 * declared in the package's package.json. No package reaches into another's
 * files either: imports name a package entry, never a path inside it.
 */
import { readFileSync } from "node:fs";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

// Layer of each package: a package may import only packages of lower layers.
const LAYERS: Record<string, number> = { tensor: 0, autograd: 1, nn: 2, data: 3, viz: 3, onnx: 3, cli: 4 };

interface PackageJson {
	/** Each entry's conditions; "@backprop/source" names its TypeScript source. */
	exports: Record<string, { "@backprop/source": string }>;
	dependencies?: Record<string, string>;
}

function packageJson(pkg: string): PackageJson {
	return JSON.parse(readFileSync(`packages/${pkg}/package.json`, "utf8")) as PackageJson;
}

/** The @backprop modules that the package's entries import, as written ("@backprop/data/node"). */
async function backpropImports(pkg: string): Promise<Set<string>> {
	const entries = Object.values(packageJson(pkg).exports).map(
		(p) => `packages/${pkg}/${p["@backprop/source"].replace(/^\.\//, "")}`,
	);
	const result = await build({
		entryPoints: entries,
		bundle: true,
		platform: "node",
		format: "esm",
		packages: "external",
		outdir: "unused",
		metafile: true,
		write: false,
		logLevel: "silent",
	});
	const found = new Set<string>();
	for (const input of Object.values(result.metafile.inputs)) {
		for (const imported of input.imports) if (imported.path.startsWith("@backprop/")) found.add(imported.path);
	}
	return found;
}

describe("package layering", () => {
	it.each(Object.keys(LAYERS))("@backprop/%s imports only lower packages it declares", async (pkg) => {
		const declared = Object.keys(packageJson(pkg).dependencies ?? {});
		for (const path of await backpropImports(pkg)) {
			const [, name, ...rest] = path.split("/");
			const target = name as string;
			expect(LAYERS[target], `${pkg} imports ${path}`).toBeDefined();
			expect(LAYERS[target], `${pkg} imports ${path}, which is not below it`).toBeLessThan(LAYERS[pkg]);
			expect(declared, `${pkg} imports ${path} without declaring it`).toContain(`@backprop/${target}`);
			// Only the package's entries: "@backprop/data" or "@backprop/data/node", nothing deeper.
			const subpath = rest.length === 0 ? "." : `./${rest.join("/")}`;
			expect(Object.keys(packageJson(target).exports), `${pkg} imports ${path}`).toContain(subpath);
		}
	});
});
