/**
 * Reading CSV files into text cells with csv-parse: a header row, then data
 * rows, each remembering the line it came from so errors can point at it.
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { CsvError, parse } from "csv-parse/sync";
import { CliError, oneLine, quote } from "./errors";
import { readUtf8Text } from "./utf8-text";

/** One data row: its cells as text and the line of the file it ends on (1-based). */
export interface TableRow {
	line: number;
	cells: string[];
}

/** A CSV file: its path as the user gave it, the column names and the data rows. */
export interface Table {
	path: string;
	header: string[];
	rows: TableRow[];
}

// A CSV file larger than this is refused before reading: this tool keeps data in memory.
const MAX_CSV_BYTES = 256 * 1024 * 1024;

/**
 * Reads a file as UTF-8 text, resolving `path` against `cwd`. Throws CliError
 * (exit 1) naming the file when it is missing, a folder, unreadable, too large
 * (counting the bytes read: a device has no size), or not UTF-8 text.
 */
export async function readTextFile(path: string, cwd: string, what = "file"): Promise<string> {
	const full = resolve(cwd, path);
	const info = await stat(full).catch((e: NodeJS.ErrnoException) => {
		throw new CliError(`cannot read ${what} ${path}: ${describeFsError(e)}`);
	});
	if (info.isDirectory()) throw new CliError(`cannot read ${what} ${path}: it is a folder`);
	if (info.size > MAX_CSV_BYTES) throw new CliError(`cannot read ${what} ${path}: ${info.size} bytes is too large`);
	// The cap applies to the bytes read too: a device or pipe has no size to check.
	return readUtf8Text(full, path, MAX_CSV_BYTES).catch((e: NodeJS.ErrnoException) => {
		if (e instanceof CliError) throw e;
		throw new CliError(`cannot read ${what} ${path}: ${describeFsError(e)}`);
	});
}

/** A short reason for a file-system error: "no such file", "permission denied", or its message. */
export function describeFsError(e: NodeJS.ErrnoException): string {
	if (e.code === "ENOENT") return "no such file";
	if (e.code === "EACCES" || e.code === "EPERM") return "permission denied";
	if (e.code === "EISDIR") return "it is a folder";
	if (e.code === "EROFS") return "read-only file system";
	return oneLine(e.message);
}

interface ParsedRecord {
	record: string[];
	info: { lines: number };
}

/**
 * Reads a CSV file with a header row. Throws CliError (exit 1) naming the file,
 * and the line where there is one, for: a missing or unreadable file, invalid
 * CSV (an unclosed quote...), an empty file, a header without data rows, an
 * empty or repeated column name, and a row whose number of values differs from
 * the header's.
 */
export async function readTable(path: string, cwd: string): Promise<Table> {
	const text = await readTextFile(path, cwd, "data file");
	let records: ParsedRecord[];
	try {
		records = parse(text, {
			bom: true,
			info: true,
			relax_column_count: true,
			skip_empty_lines: true,
			trim: true,
		}) as unknown as ParsedRecord[];
	} catch (e) {
		if (e instanceof CsvError) throw new CliError(`${path}: invalid CSV: ${oneLine(e.message)}`);
		throw e;
	}
	// A file of blank lines (or of a lone empty field) has no header.
	const first = records[0];
	if (first === undefined || (first.record.length === 1 && first.record[0] === "" && records.length === 1)) {
		throw new CliError(`${path} is empty: expected a header row and data rows`);
	}
	const header = first.record;
	header.forEach((name, i) => {
		if (name === "") throw new CliError(`${path}: line ${first.info.lines}: column ${i + 1} of the header has no name`);
		const j = header.indexOf(name);
		if (j !== i)
			throw new CliError(
				`${path}: line ${first.info.lines}: columns ${j + 1} and ${i + 1} are both named ${quote(name)}`,
			);
	});
	if (records.length === 1) throw new CliError(`${path} has a header row but no data rows`);
	const rows = records.slice(1).map(({ record, info }): TableRow => {
		if (record.length !== header.length) {
			throw new CliError(
				`${path}: line ${info.lines} has ${record.length} value${record.length === 1 ? "" : "s"}, but the header has ${header.length} columns`,
			);
		}
		return { line: info.lines, cells: record };
	});
	return { path, header, rows };
}
