import { defineConfig } from "vitest/config";

export default defineConfig({
	test: {
		include: ["test/**/*.test.ts"],
		// Property tests and process-spawning tests can be slow on a shared 2-core machine.
		testTimeout: 120_000,
		hookTimeout: 120_000,
		passWithNoTests: false,
	},
});
