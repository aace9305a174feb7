import { defineConfig } from "vitest/config";

// The suite runs twice, once per tensor backend (BACKPROP_BACKEND picks it; child
// processes the tests spawn inherit it). Tests of the wasm backend's own build,
// accuracy and memory (test/**/wasm-*.test.ts) run once, in the wasm project; the
// benchmark harness's test once, in the js project (its engines pick their backend).
const WASM_ONLY = "test/**/wasm-*.test.ts";
const JS_ONLY = ["test/bench/**"];

// Tests import the packages' TypeScript sources: each package's `exports` names its source under
// the "@backprop/source" condition (dist/ is what Node and bundlers get).
const conditions = ["@backprop/source", "import", "module", "node", "default"];

export default defineConfig({
	resolve: { conditions },
	ssr: { resolve: { conditions, externalConditions: ["@backprop/source"] } },
	test: {
		include: ["test/**/*.test.ts"],
		// Property tests and process-spawning tests can be slow on a shared 2-core machine.
		testTimeout: 120_000,
		hookTimeout: 120_000,
		passWithNoTests: false,
		projects: [
			{ extends: true, test: { name: "js", env: { BACKPROP_BACKEND: "js" }, exclude: [WASM_ONLY] } },
			{
				extends: true,
				test: { name: "wasm", env: { BACKPROP_BACKEND: "wasm" }, exclude: JS_ONLY },
			},
		],
	},
});
