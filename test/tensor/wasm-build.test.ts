import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileKernels, generatedPath, renderModule } from "../../packages/tensor/scripts/build-wasm";

describe("wasm backend build", () => {
	// The committed module must be what its AssemblyScript source compiles to, so a
	// change to packages/tensor/assembly without `npm run build:wasm` fails here.
	it("rebuilding the kernels reproduces module.generated.ts byte for byte", async () => {
		const binary = await compileKernels();
		expect(binary.length).toBeGreaterThan(1000);
		expect(renderModule(binary)).toBe(readFileSync(generatedPath, "utf8"));
	});
});
