/** A run's files must be distinct: no output may overwrite an input, nor another output. */
import { realpath, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { resolveWriteTarget } from "@backprop/nn/node";
import { UsageError } from "./errors";

/** A file a run reads or writes, as the user named it. */
export interface RunFile {
	/** How the messages name its role: "--out", "--plot", "the training data". */
	role: string;
	/** The path as given. */
	path: string;
	/** True for a file the run writes. */
	output: boolean;
}

interface Located {
	file: RunFile;
	/** The real path, symbolic links followed (for an output, where the write lands). */
	real: string;
	/** Device and inode of an existing file, so hard links count as the same file. */
	id: string | null;
}

async function locate(file: RunFile, cwd: string): Promise<Located> {
	const full = resolve(cwd, file.path);
	const real = file.output
		? await resolveWriteTarget(full).then(
				(t) => t.path,
				() => full,
			)
		: await realpath(full).catch(() => full);
	const info = await stat(real).catch(() => null);
	return { file, real, id: info ? `${info.dev}:${info.ino}` : null };
}

/**
 * Refuses, before any work, an output that is the same file as an input or as
 * another output, comparing real paths (so `./data.csv`, a symbolic link to it,
 * and a hard link all count as data.csv). Throws UsageError (exit 2) naming both
 * roles and paths.
 */
export async function refuseOverlappingFiles(files: readonly RunFile[], cwd: string): Promise<void> {
	const located = await Promise.all(files.map((f) => locate(f, cwd)));
	for (let i = 0; i < located.length; i++) {
		for (let j = 0; j < i; j++) {
			const a = located[j] as Located;
			const b = located[i] as Located;
			if (!a.file.output && !b.file.output) continue;
			const same = a.real === b.real || (a.id !== null && a.id === b.id);
			if (!same) continue;
			const [out, other] = b.file.output ? [b, a] : [a, b];
			const what = other.file.output ? `the ${other.file.role} file` : other.file.role;
			throw new UsageError(
				`${out.file.role} ${out.file.path} is the same file as ${what} ${other.file.path}; writing it would overwrite that (choose another path)`,
			);
		}
	}
}
