/**
 * Parsing CSV text into a table of text cells with csv-parse: a header row, then
 * data rows, each remembering the line it came from so errors can point at it.
 */
// The browser build carries its own Buffer, so it runs in Node and in a browser alike.
import { CsvError, parse } from "csv-parse/browser/esm/sync";
import { DataError, oneLine, quote } from "./errors";

/** One data row: its cells as text and the line of the text it ends on (1-based). */
export interface TableRow {
	line: number;
	cells: string[];
}

/** A CSV table: what messages call it, the column names and the data rows. */
export interface Table {
	/** The file path as the user gave it, or another name for the data; messages start with it. */
	source: string;
	header: string[];
	rows: TableRow[];
}

interface ParsedRecord {
	record: string[];
	info: { lines: number };
}

/**
 * Parses CSV `text` with a header row (a leading byte-order mark and spaces
 * around values are dropped, blank lines skipped). `source` names the data in
 * messages (default "CSV"). Throws DataError naming the source, and the line
 * where there is one, for: invalid CSV (an unclosed quote...), empty text, a
 * header without data rows, an empty or repeated column name, and a row whose
 * number of values differs from the header's.
 */
export function parseCsv(text: string, source = "CSV"): Table {
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
		if (e instanceof CsvError) throw new DataError(`${source}: invalid CSV: ${oneLine(e.message)}`);
		throw e;
	}
	// Text of blank lines (or of a lone empty field) has no header.
	const first = records[0];
	if (first === undefined || (first.record.length === 1 && first.record[0] === "" && records.length === 1)) {
		throw new DataError(`${source} is empty: expected a header row and data rows`);
	}
	const header = first.record;
	header.forEach((name, i) => {
		if (name === "")
			throw new DataError(`${source}: line ${first.info.lines}: column ${i + 1} of the header has no name`);
		const j = header.indexOf(name);
		if (j !== i)
			throw new DataError(
				`${source}: line ${first.info.lines}: columns ${j + 1} and ${i + 1} are both named ${quote(name)}`,
			);
	});
	if (records.length === 1) throw new DataError(`${source} has a header row but no data rows`);
	const rows = records.slice(1).map(({ record, info }): TableRow => {
		if (record.length !== header.length) {
			throw new DataError(
				`${source}: line ${info.lines} has ${record.length} value${record.length === 1 ? "" : "s"}, but the header has ${header.length} columns`,
			);
		}
		return { line: info.lines, cells: record };
	});
	return { source, header, rows };
}
