/**
 * The atomic writer behind saveModel and the command's output files: it follows
 * symbolic links, keeps an existing file's mode and owner, refuses paths that are
 * not regular files, and removes the temporary files of writers that died.
 * (Device nodes are tested through the command, in a private mount namespace:
 * test/cli/output-files.test.ts.)
 */
import { execFileSync, spawn } from "node:child_process";
import { chmod, chown, lstat, mkdir, readdir, readFile, readlink, stat, symlink, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { NotRegularFileError, probeWrite, removeStaleTempFiles, writeFileAtomic } from "@backprop/nn/node";
import { describe, expect, it } from "vitest";
import { rejected, withTempDir } from "./helpers";

/** The pid of a process that has ended (a `true` that ran and exited). */
async function deadPid(): Promise<number> {
	const child = spawn("true");
	await new Promise((resolve) => child.on("exit", resolve));
	return child.pid as number;
}

describe("writeFileAtomic writes where the user meant, keeping what the file was", () => {
	it("writes through a symbolic link to its target and leaves the link a link", async () => {
		await withTempDir(async (dir) => {
			await writeFile(join(dir, "real.json"), "old");
			await symlink("real.json", join(dir, "link.json"));
			await writeFileAtomic(join(dir, "link.json"), "new");
			expect((await lstat(join(dir, "link.json"))).isSymbolicLink()).toBe(true);
			expect(await readlink(join(dir, "link.json"))).toBe("real.json");
			expect(await readFile(join(dir, "real.json"), "utf8")).toBe("new");
			expect((await readdir(dir)).sort()).toEqual(["link.json", "real.json"]);
		});
	});

	it("follows a chain of links, and a link to a file not yet created creates that file", async () => {
		await withTempDir(async (dir) => {
			await mkdir(join(dir, "models"));
			await symlink(join(dir, "models", "m.json"), join(dir, "a"));
			await symlink("a", join(dir, "b"));
			await writeFileAtomic(join(dir, "b"), "made");
			expect(await readFile(join(dir, "models", "m.json"), "utf8")).toBe("made");
			expect((await lstat(join(dir, "a"))).isSymbolicLink()).toBe(true);
			expect((await lstat(join(dir, "b"))).isSymbolicLink()).toBe(true);
		});
	});

	it("refuses a loop of symbolic links", async () => {
		await withTempDir(async (dir) => {
			await symlink("b", join(dir, "a"));
			await symlink("a", join(dir, "b"));
			expect((await rejected(writeFileAtomic(join(dir, "a"), "x"))).message).toMatch(
				/too many levels of symbolic links/,
			);
		});
	});

	it("keeps an existing file's mode (600 stays 600, 755 stays 755) and owner (uid and gid 1234 stay)", async () => {
		await withTempDir(async (dir) => {
			const secret = join(dir, "secret.json");
			await writeFile(secret, "old");
			await chmod(secret, 0o600);
			// The test runs as root (as CI does), so it can give the file away.
			await chown(secret, 1234, 1234);
			await writeFileAtomic(secret, "new");
			const after = await stat(secret);
			expect(after.mode & 0o7777).toBe(0o600);
			expect([after.uid, after.gid]).toEqual([1234, 1234]);
			expect(await readFile(secret, "utf8")).toBe("new");

			const script = join(dir, "run.sh");
			await writeFile(script, "old");
			await chmod(script, 0o755);
			await writeFileAtomic(script, "new");
			expect((await stat(script)).mode & 0o7777).toBe(0o755);
		});
	});

	it("refuses a named pipe, a socket and a folder, naming what is there, and leaves each as it was", async () => {
		await withTempDir(async (dir) => {
			const fifo = join(dir, "pipe");
			execFileSync("mkfifo", [fifo]);
			const e = await rejected(writeFileAtomic(fifo, "x"));
			expect(e).toBeInstanceOf(NotRegularFileError);
			expect(e.message).toBe(`${fifo} is a named pipe (FIFO), not a regular file; refusing to replace it`);
			expect((await lstat(fifo)).isFIFO()).toBe(true);

			const socketPath = join(dir, "sock");
			const server = createServer();
			await new Promise<void>((resolve) => server.listen(socketPath, resolve));
			try {
				expect((await rejected(writeFileAtomic(socketPath, "x"))).message).toBe(
					`${socketPath} is a socket, not a regular file; refusing to replace it`,
				);
				expect((await lstat(socketPath)).isSocket()).toBe(true);
			} finally {
				await new Promise((resolve) => server.close(resolve));
			}

			await mkdir(join(dir, "folder"));
			expect((await rejected(writeFileAtomic(join(dir, "folder"), "x"))).message).toMatch(/is a folder, not a regular/);
			// A link to the pipe is the pipe.
			await symlink("pipe", join(dir, "to-pipe"));
			expect((await rejected(writeFileAtomic(join(dir, "to-pipe"), "x"))).message).toMatch(/is a named pipe/);
			expect((await readdir(dir)).sort()).toEqual(["folder", "pipe", "to-pipe"]);
		});
	});
});

describe("temporary files of writers that died are removed by the next write", () => {
	it("removes `.m.json.<pid>.<hex>.tmp` of an ended process, keeps a running writer's and anything else", async () => {
		await withTempDir(async (dir) => {
			const dead = await deadPid();
			const sleeper = spawn("sleep", ["30"]);
			try {
				const names = {
					stale: `.m.json.${dead}.0123abcd.tmp`,
					running: `.m.json.${sleeper.pid}.89abcdef.tmp`,
					ours: `.m.json.${process.pid}.deadbeef.tmp`,
					otherTarget: `.other.json.${dead}.0123abcd.tmp`,
					notOurs: `.m.json.${dead}.tmp`,
					userBackup: "m.json.1",
				};
				for (const name of Object.values(names)) await writeFile(join(dir, name), "partial");
				await writeFileAtomic(join(dir, "m.json"), "whole");
				const left = (await readdir(dir)).sort();
				expect(left).toEqual(
					["m.json", names.running, names.ours, names.otherTarget, names.notOurs, names.userBackup].sort(),
				);
				// Nothing left to remove now.
				expect(await removeStaleTempFiles(join(dir, "m.json"))).toEqual([]);
			} finally {
				sleeper.kill("SIGKILL");
			}
		});
	});

	it("probeWrite creates and removes a file next to the target, and rejects with ENOENT for a missing folder", async () => {
		await withTempDir(async (dir) => {
			await probeWrite(join(dir, "m.json"));
			expect(await readdir(dir)).toEqual([]);
			const e = await rejected(probeWrite(join(dir, "gone", "m.json")));
			expect((e as NodeJS.ErrnoException).code).toBe("ENOENT");
		});
	});

	it("a write that failed leaves no temporary file (the folder was removed under it)", async () => {
		await withTempDir(async (dir) => {
			const e = await rejected(writeFileAtomic(join(dir, "gone", "m.json"), "x"));
			expect((e as NodeJS.ErrnoException).code).toBe("ENOENT");
			expect(await readdir(dir)).toEqual([]);
		});
	});
});
