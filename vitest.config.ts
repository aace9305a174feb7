import { defineConfig } from "vitest/config";

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
	},
});
