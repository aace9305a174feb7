/**
 * TypeDoc plugin: names each entry point's module after the import that reaches it
 * ("packages/nn/src/index.ts" → "@backprop/nn", "packages/onnx/src/node.ts" → "@backprop/onnx/node")
 * instead of its folder path.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { Converter, ReflectionKind } from "typedoc";

/** @param {import("typedoc").Application} app */
export function load(app) {
	app.converter.on(Converter.EVENT_CREATE_DECLARATION, (_context, reflection) => {
		if (!reflection.kindOf(ReflectionKind.Module)) return;
		const file = reflection.sources?.[0]?.fullFileName;
		if (!file) return;
		const pkgDir = dirname(dirname(file));
		let json;
		try {
			json = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
		} catch {
			return;
		}
		const source = `./${relative(pkgDir, file)}`;
		for (const [subpath, target] of Object.entries(json.exports ?? {})) {
			if (target?.["@backprop/source"] === source) reflection.name = join(json.name, subpath);
		}
	});
}
