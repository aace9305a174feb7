/** The repository's packages as the packaging tests see them: folders, names, built entry files. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const REPO = resolve(fileURLToPath(import.meta.url), "../../..");

/** One workspace package: its folder and its package.json. */
export interface WorkspacePackage {
	folder: string;
	name: string;
	json: {
		name: string;
		version: string;
		private?: boolean;
		exports?: Record<string, Record<string, string>>;
		[key: string]: unknown;
	};
}

/** Every packages/X that has a package.json, by folder name. */
export function workspacePackages(): WorkspacePackage[] {
	const dir = join(REPO, "packages");
	return readdirSync(dir)
		.filter((name) => existsSync(join(dir, name, "package.json")))
		.sort()
		.map((name) => {
			const json = JSON.parse(readFileSync(join(dir, name, "package.json"), "utf8"));
			return { folder: join(dir, name), name: json.name, json };
		});
}

/** Throws, naming the file, when a package's built entry is missing (`npm run build` makes them). */
export function requireBuilt(pkg: WorkspacePackage): void {
	for (const [subpath, target] of Object.entries(pkg.json.exports ?? {})) {
		for (const file of [target.import, target.types]) {
			if (!file || !existsSync(join(pkg.folder, file)))
				throw new Error(`${pkg.name} exports["${subpath}"]: ${file} is not built; run npm run build first`);
		}
	}
}
