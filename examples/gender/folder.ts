/** Creating the output folder without Node's recursive mkdir. */
import { mkdir, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";

/**
 * Creates `dir` and its missing parents, one level at a time, and resolves with
 * its absolute path. Node's `mkdir(dir, { recursive: true })` spins forever at
 * full CPU where a parent exists but answers ENOENT for any child (/proc, /sys, a
 * dangling symlink), so each level is made once and any failure is final.
 * Rejects with an Error naming the folder: a part of the path is a file, or a
 * level cannot be created (permissions, a read-only or virtual file system).
 */
export async function ensureFolder(dir: string): Promise<string> {
	const target = resolve(dir);
	const missing: string[] = [];
	for (let d = target; ; d = dirname(d)) {
		const info = await stat(d).catch(() => null);
		if (info) {
			if (!info.isDirectory()) throw new Error(`cannot create the folder ${target}: ${d} is not a folder`);
			break;
		}
		missing.push(d);
		if (dirname(d) === d) break;
	}
	for (const d of missing.reverse()) {
		await mkdir(d).catch((e: NodeJS.ErrnoException) => {
			if (e.code !== "EEXIST") throw new Error(`cannot create the folder ${target}: ${e.message}`);
		});
	}
	return target;
}
