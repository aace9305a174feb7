/**
 * Reading a text file as UTF-8, refusing what is not: compressed, binary and
 * UTF-16 files, and Latin-1 text, each said in words. Reads at most a given
 * number of bytes, so a device or pipe that never ends (`/dev/zero`) is refused
 * after the cap rather than read until memory runs out.
 */
import { open } from "node:fs/promises";
import { DataError } from "./errors";

// Enough of a file's start to tell its kind.
const SNIFF_BYTES = 64 * 1024;
const CHUNK_BYTES = 1024 * 1024;

/** What the first bytes of a file say it is, when it is clearly not UTF-8 text; null otherwise. */
function sniff(start: Buffer): string | null {
	if (start[0] === 0x1f && start[1] === 0x8b) return "it looks like gzip-compressed data; decompress it first";
	if (start.subarray(0, 4).equals(Buffer.from("PK\x03\x04", "latin1")))
		return "it looks like a ZIP archive (a spreadsheet? export it as CSV)";
	if ((start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff))
		return "it looks like UTF-16 text; save it as UTF-8";
	if (start.indexOf(0) >= 0) {
		// ASCII in UTF-16 has a zero byte next to every character.
		const utf16 = start.length >= 2 && (start[0] === 0) !== (start[1] === 0);
		return utf16 ? "it looks like UTF-16 text; save it as UTF-8" : "it holds binary data (zero bytes)";
	}
	return null;
}

// The 1-based line of the first character that is not valid UTF-8.
function firstBadLine(bytes: Buffer): number {
	const text = bytes.toString("utf8");
	const bad = text.indexOf("\uFFFD");
	return text.slice(0, Math.max(bad, 0)).split("\n").length;
}

/**
 * Reads the file at `full` as UTF-8 text, at most `maxBytes` bytes. `shown` is
 * the path as the user gave it, for messages. Rejects with DataError naming it
 * for a file of more than `maxBytes` bytes, and for one that is not UTF-8 text:
 * gzip, ZIP, UTF-16, binary (zero bytes), or invalid UTF-8 (naming the line:
 * Latin-1 text, most often). A UTF-8 byte-order mark is kept (CSV parsing drops
 * it). Rejects with the file system's error when the file cannot be read.
 */
export async function readUtf8Text(full: string, shown: string, maxBytes: number): Promise<string> {
	const handle = await open(full, "r");
	const chunks: Buffer[] = [];
	let total = 0;
	try {
		for (;;) {
			const want = total < SNIFF_BYTES ? SNIFF_BYTES - total : Math.min(CHUNK_BYTES, maxBytes + 1 - total);
			const { bytesRead, buffer } = await handle.read(Buffer.alloc(Math.max(want, 1)), 0, Math.max(want, 1));
			if (bytesRead === 0) break;
			chunks.push(buffer.subarray(0, bytesRead));
			total += bytesRead;
			if (total > maxBytes) throw new DataError(`cannot read ${shown}: more than ${maxBytes} bytes is too large`);
			if (total >= SNIFF_BYTES && total - bytesRead < SNIFF_BYTES) {
				const why = sniff(Buffer.concat(chunks));
				if (why !== null) throw new DataError(`${shown}: not a UTF-8 text CSV: ${why}`);
			}
		}
	} finally {
		await handle.close();
	}
	const bytes = Buffer.concat(chunks);
	const why = total < SNIFF_BYTES ? sniff(bytes) : null;
	if (why !== null) throw new DataError(`${shown}: not a UTF-8 text CSV: ${why}`);
	try {
		return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
	} catch {
		throw new DataError(
			`${shown}: not a UTF-8 text CSV: line ${firstBadLine(bytes)} has bytes that are not UTF-8 (Latin-1 or Windows-1252 text? save it as UTF-8)`,
		);
	}
}
