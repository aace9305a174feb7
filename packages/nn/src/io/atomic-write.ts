/** Writing a file whole or not at all. */
import { randomBytes } from "node:crypto";
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes `text` (or bytes) to `path` atomically: into a temporary file in the same folder,
 * flushed to disk, then renamed over `path`. A failure (or a crash) never leaves a
 * truncated file at `path`, and the temporary file is removed. Rejects with the
 * file system's error (its `code`, such as ENOENT, intact).
 */
export async function writeFileAtomic(path: string, text: string | Uint8Array): Promise<void> {
	const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
	let handle: Awaited<ReturnType<typeof open>> | null = null;
	try {
		handle = await open(temp, "wx");
		await (typeof text === "string" ? handle.writeFile(text, "utf8") : handle.writeFile(text));
		await handle.sync();
		await handle.close();
		handle = null;
		await rename(temp, path);
	} catch (e) {
		await handle?.close().catch(() => undefined);
		await unlink(temp).catch(() => undefined);
		throw e;
	}
}
