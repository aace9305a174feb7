#!/usr/bin/env node
/**
 * `npm run size`: the browser bundle of the core (@backprop/tensor, autograd and nn, all of their
 * exports, from the built dist/), bundled and minified by esbuild, then gzipped at level 9.
 */
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { emptyNodeBuiltins } from "./browser-node-builtins.mjs";

const result = await build({
	stdin: {
		contents: 'export * from "@backprop/tensor";\nexport * from "@backprop/autograd";\nexport * from "@backprop/nn";\n',
		resolveDir: process.cwd(),
		loader: "js",
	},
	bundle: true,
	minify: true,
	format: "esm",
	platform: "browser",
	plugins: [emptyNodeBuiltins],
	write: false,
});
const bytes = result.outputFiles[0].contents;
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
process.stdout.write(
	`core browser bundle (tensor + autograd + nn): ${kb(bytes.length)} minified, ${kb(gzipSync(bytes, { level: 9 }).length)} gzipped\n`,
);
