/**
 * Writing a file whole or not at all, the way npm's `write-file-atomic` does
 * (symlinks followed, mode and owner kept, temporary file in the same folder,
 * flushed, then renamed over the target), plus two things it lacks: refusing
 * targets that are not regular files, and removing the temporary files of writers
 * that were killed mid-write. Its temporary names carry no process id, so stale
 * ones could not be told from live ones; ours do.
 */
import { randomBytes } from "node:crypto";
import type { Stats } from "node:fs";
import { unlinkSync } from "node:fs";
import { chmod, chown, lstat, open, readdir, readlink, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

/** Thrown for a write target that exists but is not a regular file (a device, socket, FIFO, folder). */
export class NotRegularFileError extends Error {
	override name = "NotRegularFileError";
	/** `path` as given; `kind` what is there ("a character device", ...). */
	constructor(
		readonly path: string,
		readonly kind: string,
	) {
		super(`${path} is ${kind}, not a regular file; refusing to replace it`);
	}
}

/** What sits at a path, in words, for errors. */
function kindOf(info: Stats): string {
	if (info.isDirectory()) return "a folder";
	if (info.isCharacterDevice()) return "a character device";
	if (info.isBlockDevice()) return "a block device";
	if (info.isFIFO()) return "a named pipe (FIFO)";
	if (info.isSocket()) return "a socket";
	return "not a regular file";
}

// Symlinks are followed by hand (not with realpath) so a link to a file not yet
// created still names where to create it, as `ln -s` users expect.
const MAX_LINKS = 40;

/**
 * Where a write to `path` lands: the absolute path with symbolic links followed
 * (through links to files not yet created), and what is there now (null for
 * nothing). Throws NotRegularFileError for a device, socket, FIFO or folder,
 * an Error for a loop of symbolic links, and the file system's error (its code
 * intact) when a folder on the way cannot be read.
 */
export async function resolveWriteTarget(path: string): Promise<{ path: string; existing: Stats | null }> {
	let target = resolve(path);
	for (let hops = 0; ; hops++) {
		const info = await lstat(target).catch((e: NodeJS.ErrnoException) => {
			if (e.code === "ENOENT") return null;
			throw e;
		});
		if (info === null) return { path: target, existing: null };
		if (!info.isSymbolicLink()) {
			if (!info.isFile()) throw new NotRegularFileError(path, kindOf(info));
			return { path: target, existing: info };
		}
		if (hops >= MAX_LINKS) throw new Error(`${path}: too many levels of symbolic links`);
		target = resolve(dirname(target), await readlink(target));
	}
}

// Our temporary files: `.<name>.<pid>.<8 hex digits>.tmp` next to `<name>`.
function tempName(target: string): string {
	return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

/**
 * Checks that a file can be created next to `target` (its folder exists and is
 * writable) by creating and removing an empty file named as this writer's
 * temporary files, so one that a crash leaves is cleaned up like them. Rejects
 * with the file system's error (its code, such as EACCES or EROFS, intact).
 */
export async function probeWrite(target: string): Promise<void> {
	const probe = tempName(target);
	const handle = await open(probe, "wx");
	await handle.close();
	await unlink(probe);
}

function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function isRunning(pid: number): boolean {
	if (pid === process.pid) return true;
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		// EPERM: it runs, under another user.
		return (e as NodeJS.ErrnoException).code === "EPERM";
	}
}

/**
 * Removes the temporary files of earlier writes to `target` (our naming only,
 * `.<name>.<pid>.<hex>.tmp`) whose process no longer runs: what a SIGKILL or a
 * second Ctrl-C during a save leaves. Files of running writers are kept. Returns
 * the names removed; never throws (a folder it cannot read is left as it is).
 */
export async function removeStaleTempFiles(target: string): Promise<string[]> {
	const folder = dirname(target);
	const pattern = new RegExp(`^\\.${escapeRegExp(basename(target))}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`);
	const names = await readdir(folder).catch(() => [] as string[]);
	const removed: string[] = [];
	for (const name of names) {
		const pid = Number(pattern.exec(name)?.[1] ?? Number.NaN);
		if (!Number.isSafeInteger(pid) || pid <= 0 || isRunning(pid)) continue;
		const ok = await unlink(join(folder, name)).then(
			() => true,
			() => false,
		);
		if (ok) removed.push(name);
	}
	return removed;
}

// Temporary files being written now, removed if the process exits mid-write
// (process.exit from a second Ctrl-C runs 'exit' listeners; SIGKILL cannot be
// caught: removeStaleTempFiles cleans up after that).
const live = new Set<string>();
let exitHookInstalled = false;
function track(temp: string): void {
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.on("exit", () => {
			for (const t of live) {
				try {
					unlinkSync(t);
				} catch {
					// already gone
				}
			}
		});
	}
	live.add(temp);
}

// As write-file-atomic: a failed chown is fine when the system has none, or when
// we are not root (we can only give files away as root).
function chownFailureIsFine(e: NodeJS.ErrnoException): boolean {
	if (e.code === "ENOSYS") return true;
	const root = process.getuid?.() === 0;
	return !root && (e.code === "EINVAL" || e.code === "EPERM");
}

/**
 * Writes `text` (or bytes) to `path` atomically: into a temporary file in the same folder,
 * flushed to disk, then renamed over the target. A symbolic link is followed and
 * its target written; an existing file keeps its mode and owner (a hard link to
 * it is detached: the name gets a new file). Stale temporary files of killed
 * writes to the same path are removed first. A failure (or a crash) never leaves
 * a truncated file at `path`, and the temporary file is removed. Rejects with
 * NotRegularFileError for a device, socket, FIFO or folder at `path` (nothing is
 * written), and with the file system's error (its `code`, such as ENOENT,
 * intact) otherwise.
 */
export async function writeFileAtomic(path: string, text: string | Uint8Array): Promise<void> {
	const { path: target, existing } = await resolveWriteTarget(path);
	await removeStaleTempFiles(target);
	const temp = tempName(target);
	let handle: Awaited<ReturnType<typeof open>> | null = null;
	track(temp);
	try {
		handle = await open(temp, "wx", existing ? existing.mode & 0o7777 : 0o666);
		await (typeof text === "string" ? handle.writeFile(text, "utf8") : handle.writeFile(text));
		await handle.sync();
		await handle.close();
		handle = null;
		if (existing) {
			await chown(temp, existing.uid, existing.gid).catch((e: NodeJS.ErrnoException) => {
				if (!chownFailureIsFine(e)) throw e;
			});
			// After chown, which may clear set-id bits; and past the umask.
			await chmod(temp, existing.mode & 0o7777);
		}
		// The target may have become something else meanwhile; never replace a device.
		const now = await stat(target).catch(() => null);
		if (now && !now.isFile()) throw new NotRegularFileError(path, kindOf(now));
		await rename(temp, target);
	} catch (e) {
		await handle?.close().catch(() => undefined);
		await unlink(temp).catch(() => undefined);
		throw e;
	} finally {
		live.delete(temp);
	}
}
