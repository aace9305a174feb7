/** The data package's error: bad data, named by its source, line and column. */

/**
 * Data that cannot be used: invalid CSV, a missing column, a value that is not a
 * number, an unknown label. The message names the source (a file path or the
 * name given to the data) and, where there is one, the line and column.
 */
export class DataError extends Error {
	override name = "DataError";
}

/**
 * A column name that the table does not have, or a column chosen for two jobs.
 * `option` says which choice was wrong ("target" or "features"), so a command
 * can point at the flag that made it.
 */
export class ColumnError extends DataError {
	override name = "ColumnError";

	/** `message` names the column and the table; `option` the choice it came from. */
	constructor(
		message: string,
		readonly option: "target" | "features" | null = null,
	) {
		super(message);
	}
}

/** Quotes a value from the data for a message, shortened past 60 characters: `'abc'`. */
export function quote(value: string): string {
	return `'${value.length > 60 ? `${value.slice(0, 60)}…` : value}'`;
}

/** A message folded onto one line: line breaks become spaces, blank lines go. */
export function oneLine(message: string): string {
	return message
		.split(/\r?\n/)
		.map((s) => s.trim())
		.filter((s) => s.length > 0)
		.join(" ");
}
