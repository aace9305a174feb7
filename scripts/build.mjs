#!/usr/bin/env node
/**
 * `npm run build`: every packages/* to its dist/, then every examples/* /main.ts to its dist/.
 *
 * Types: `tsc -b` over the packages' project references (each packages/X/tsconfig.json is a
 * composite project that references the packages it depends on), emitting declarations and
 * declaration maps only. JavaScript: esbuild, one ES module per entry point named in the
 * package's `exports` (the "@backprop/source" condition names the source file), shared code
 * split into chunks, dependencies left as imports, with source maps. tsc does not emit the
 * JavaScript because the sources import each other without file extensions (moduleResolution
 * "bundler"), which Node's ES-module loader cannot follow; esbuild resolves them at build time.
 * The `.d.ts` files get `.js` extensions added to their relative imports for the same reason, so
 * they also work for projects on `moduleResolution: "nodenext"`.
 *
 * The script is generic: a new packages/X with `exports` and a tsconfig.json that references its
 * @backprop dependencies builds with no change here. It fails with a clear message when a
 * package's tsconfig references do not match the @backprop dependencies in its package.json.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { emptyNodeBuiltins } from "./browser-node-builtins.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE = "@backprop/source";

/** The workspace packages in dependency order (a package after every @backprop package it uses). */
export function packagesInOrder() {
	const dir = join(ROOT, "packages");
	const all = readdirSync(dir)
		.filter((name) => existsSync(join(dir, name, "package.json")))
		.map((name) => {
			const json = JSON.parse(readFileSync(join(dir, name, "package.json"), "utf8"));
			const deps = Object.keys({ ...json.dependencies, ...json.peerDependencies }).filter((d) =>
				d.startsWith("@backprop/"),
			);
			return { name: json.name, folder: join(dir, name), json, deps };
		});
	const byName = new Map(all.map((p) => [p.name, p]));
	const ordered = [];
	const state = new Map();
	const visit = (p, path) => {
		if (state.get(p.name) === "done") return;
		if (state.get(p.name) === "visiting") throw new Error(`build: dependency cycle: ${[...path, p.name].join(" → ")}`);
		state.set(p.name, "visiting");
		for (const d of p.deps) {
			const dep = byName.get(d);
			if (!dep) throw new Error(`build: ${p.name} depends on ${d}, which is not a folder under packages/`);
			visit(dep, [...path, p.name]);
		}
		state.set(p.name, "done");
		ordered.push(p);
	};
	for (const p of all.sort((a, b) => a.name.localeCompare(b.name))) visit(p, []);
	return ordered;
}

/** Entry points of a package: exports subpath → source file, from the "@backprop/source" conditions. */
function entryPoints(pkg) {
	const entries = [];
	for (const [subpath, target] of Object.entries(pkg.json.exports ?? {})) {
		const source = typeof target === "object" ? target[SOURCE] : undefined;
		if (typeof source !== "string")
			throw new Error(`build: ${pkg.name}: exports["${subpath}"] has no "${SOURCE}" condition naming its source`);
		entries.push(join(pkg.folder, source));
	}
	if (entries.length === 0) throw new Error(`build: ${pkg.name} has no exports`);
	return entries;
}

function checkReferences(pkg, byName) {
	const tsconfig = JSON.parse(readFileSync(join(pkg.folder, "tsconfig.json"), "utf8"));
	const refs = (tsconfig.references ?? []).map((r) => resolve(pkg.folder, r.path)).sort();
	const wanted = pkg.deps.map((d) => byName.get(d).folder).sort();
	if (JSON.stringify(refs) !== JSON.stringify(wanted)) {
		const names = pkg.deps.map((d) => `{ "path": "../${relative(join(ROOT, "packages"), byName.get(d).folder)}" }`);
		throw new Error(
			`build: ${relative(ROOT, pkg.folder)}/tsconfig.json: "references" must list exactly the @backprop dependencies of its package.json: [${names.join(", ")}]`,
		);
	}
}

/** Adds `.js` (or `/index.js`) to the relative imports of the emitted `.d.ts` files. */
function fixDeclarationSpecifiers(dir) {
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) {
			fixDeclarationSpecifiers(path);
			continue;
		}
		if (!name.endsWith(".d.ts")) continue;
		const text = readFileSync(path, "utf8");
		const fixed = text.replace(
			/((?:from|import)\s*\(?\s*["'])(\.\.?\/[^"']*|\.\.?)(["'])/g,
			(all, head, spec, tail) => {
				if (/\.(js|json)$/.test(spec)) return all;
				const base = resolve(dirname(path), spec);
				if (existsSync(`${base}.d.ts`)) return `${head}${spec}.js${tail}`;
				if (existsSync(join(base, "index.d.ts"))) return `${head}${spec}/index.js${tail}`;
				return all;
			},
		);
		if (fixed !== text) writeFileSync(path, fixed);
	}
}

async function buildJs(entries, outdir, outbase) {
	const result = await build({
		entryPoints: entries,
		outdir,
		outbase,
		bundle: true,
		splitting: true,
		format: "esm",
		platform: "neutral",
		target: "es2022",
		packages: "external",
		external: ["node:*"],
		sourcemap: true,
		logLevel: "warning",
		chunkNames: "chunks/[name]-[hash]",
	});
	if (result.warnings.length > 0)
		throw new Error(`build: esbuild warned about ${relative(ROOT, outbase)} (above); a warning here is an error`);
}

async function main() {
	const packages = packagesInOrder();
	const byName = new Map(packages.map((p) => [p.name, p]));
	for (const p of packages) checkReferences(p, byName);

	const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
	try {
		execFileSync(process.execPath, [tsc, "-b", ...packages.map((p) => p.folder)], { cwd: ROOT, stdio: "inherit" });
	} catch {
		throw new Error("build: tsc -b failed (errors above)");
	}
	for (const p of packages) {
		const dist = join(p.folder, "dist");
		for (const name of readdirSync(dist))
			if (name.endsWith(".js") || name.endsWith(".js.map") || name === "chunks")
				rmSync(join(dist, name), { recursive: true, force: true });
		fixDeclarationSpecifiers(dist);
		await buildJs(entryPoints(p), dist, join(p.folder, "src"));
	}

	const examplesDir = join(ROOT, "examples");
	const examples = readdirSync(examplesDir).filter((name) => existsSync(join(examplesDir, name, "main.ts")));
	for (const name of examples) {
		const dist = join(examplesDir, name, "dist");
		rmSync(dist, { recursive: true, force: true });
		await buildJs([join(examplesDir, name, "main.ts")], dist, join(examplesDir, name));
	}
	// A browser example (examples/X/page.ts, with index.html and maybe worker.ts): bundled whole,
	// packages included, minified, for the browser.
	const pages = readdirSync(examplesDir).filter((name) => existsSync(join(examplesDir, name, "page.ts")));
	for (const name of pages) {
		const folder = join(examplesDir, name);
		const dist = join(folder, "dist");
		rmSync(dist, { recursive: true, force: true });
		const entries = ["page.ts", "worker.ts"].filter((f) => existsSync(join(folder, f))).map((f) => join(folder, f));
		const result = await build({
			entryPoints: entries,
			outdir: dist,
			bundle: true,
			format: "esm",
			platform: "browser",
			target: "es2022",
			minify: true,
			plugins: [emptyNodeBuiltins],
			sourcemap: true,
			logLevel: "warning",
		});
		if (result.warnings.length > 0) throw new Error(`build: esbuild warned about examples/${name} (above)`);
		copyFileSync(join(folder, "index.html"), join(dist, "index.html"));
	}
	process.stdout.write(
		`built ${packages.map((p) => p.name).join(", ")}; examples ${examples.join(", ")}; pages ${pages.join(", ")}\n`,
	);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	main().catch((e) => {
		process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
		process.exitCode = 1;
	});
}
