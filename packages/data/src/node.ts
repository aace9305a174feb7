/**
 * @backprop/data/node: reading data files from disk. Kept apart from the main
 * entry, which runs in a browser too.
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { parseCsv, type Table } from "./csv";
import { DataError, oneLine } from "./errors";
import { readUtf8Text } from "./utf8-text";

// A file larger than this is refused before reading: tables are kept in memory.
const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** Options for {@link readTextFile} and {@link readCsvFile}. */
export interface ReadFileOptions {
	/** Folder a relative path is resolved against (default: the process's). */
	cwd?: string;
	/** What messages call the file (default "data file"): "cannot read data file x.csv: ...". */
	what?: string;
}

/** A short reason for a file-system error: "no such file", "permission denied", "it is a folder", or its message. */
export function describeFsError(e: NodeJS.ErrnoException): string {
	if (e.code === "ENOENT") return "no such file";
	if (e.code === "EACCES" || e.code === "EPERM") return "permission denied";
	if (e.code === "EISDIR") return "it is a folder";
	if (e.code === "EROFS") return "read-only file system";
	return oneLine(e.message);
}

/**
 * Reads a file as UTF-8 text. Rejects with DataError naming the file as given
 * when it is missing, a folder, unreadable, larger than 256 MiB (counting the
 * bytes read: a device has no size), or not UTF-8 text (gzip, ZIP, UTF-16,
 * binary, or Latin-1 text, naming the line).
 */
export async function readTextFile(path: string, options: ReadFileOptions = {}): Promise<string> {
	const what = options.what ?? "data file";
	const full = resolve(options.cwd ?? process.cwd(), path);
	const info = await stat(full).catch((e: NodeJS.ErrnoException) => {
		throw new DataError(`cannot read ${what} ${path}: ${describeFsError(e)}`);
	});
	if (info.isDirectory()) throw new DataError(`cannot read ${what} ${path}: it is a folder`);
	if (info.size > MAX_FILE_BYTES) throw new DataError(`cannot read ${what} ${path}: ${info.size} bytes is too large`);
	// The cap applies to the bytes read too: a device or pipe has no size to check.
	return readUtf8Text(full, path, MAX_FILE_BYTES).catch((e: NodeJS.ErrnoException) => {
		if (e instanceof DataError) throw e;
		throw new DataError(`cannot read ${what} ${path}: ${describeFsError(e)}`);
	});
}

/**
 * Reads a CSV file with a header row into a {@link Table} whose source is `path`
 * as given. Rejects with DataError for a file that cannot be read (see readTextFile)
 * and for bad CSV (see parseCsv).
 */
export async function readCsvFile(path: string, options: ReadFileOptions = {}): Promise<Table> {
	return parseCsv(await readTextFile(path, options), path);
}
