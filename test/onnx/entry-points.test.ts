/** The main entry runs in a browser (no Node module anywhere under it); the node entry adds the file system. */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import * as main from "@backprop/onnx";
import * as node from "@backprop/onnx/node";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "../../packages/onnx/src");

function sources(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
	);
}

describe("entry points", () => {
	it("no file but node.ts imports a Node built-in module", () => {
		const files = sources(SRC).filter((f) => relative(SRC, f) !== "node.ts");
		expect(files.length).toBeGreaterThan(10);
		const offenders = files.filter((f) => /from "(node:|fs|path|os)["/]/.test(readFileSync(f, "utf8")));
		expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
		expect(readFileSync(join(SRC, "node.ts"), "utf8")).toMatch(/from "node:fs\/promises"/);
	});

	it("the node entry has everything the main entry has, and its own loadTfjsModel", () => {
		for (const name of Object.keys(main)) expect(Object.keys(node), name).toContain(name);
		expect(node.loadTfjsModel).not.toBe(main.loadTfjsModel);
		expect(node.toOnnx).toBe(main.toOnnx);
	});
});
