/**
 * Device nodes as the command's files, in a private mount namespace: `unshare -m`
 * mounts a fresh tmpfs and makes its own null, full, zero and urandom nodes there,
 * so the machine's real /dev is never touched. An output path that is a device is
 * refused (the device stays a device); a device as the CSV is refused as binary
 * data, after reading no more than its first 64 KiB.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, regressionCsv } from "./helpers";

// Runs in the namespace: mounts a tmpfs on $MNT, makes the devices, then runs each
// command line and prints its exit code and stderr between markers, then what
// each device node is afterwards.
const SCRIPT = `
set -eu
mount -t tmpfs tmpfs "$MNT"
cd "$MNT"
mknod null c 1 3
mknod full c 1 7
mknod zero c 1 5
mknod urandom c 1 9
ln -s null to-null
cp "$DATA" data.csv
run() {
	set +e
	"$NODE" "$BIN" "$@" >/dev/null 2>err
	code=$?
	set -e
	printf '=== %s\\n%s' "$code" "$(cat err)"
	printf '\\n'
}
run train data.csv --epochs 2 --out full
run train data.csv --epochs 2 --plot null
run train data.csv --epochs 2 --out to-null
run train zero --epochs 2
run train urandom --epochs 2
printf '=== kinds\\n'
stat -c '%n %F' null full zero urandom
`;

interface NamespaceRun {
	results: { code: number; stderr: string }[];
	kinds: string;
}

function inNamespace(mountPoint: string, dataPath: string): Promise<NamespaceRun> {
	return new Promise((resolve, reject) => {
		execFile(
			"unshare",
			["--mount", "--propagation", "private", "sh", "-c", SCRIPT],
			{ env: { ...process.env, MNT: mountPoint, DATA: dataPath, NODE: process.execPath, BIN }, timeout: 300_000 },
			(error, stdout, stderr) => {
				if (error) {
					reject(new Error(`unshare failed (the tests need root, as CI has): ${error.message}\n${stderr}`));
					return;
				}
				const parts = stdout.split(/^=== /m).slice(1);
				const kinds = (parts.pop() ?? "").replace(/^kinds\n/, "");
				const results = parts.map((p) => {
					const [first, ...rest] = p.split("\n");
					return { code: Number(first), stderr: rest.join("\n").trim() };
				});
				resolve({ results, kinds });
			},
		);
	});
}

describe("device nodes (in a private mount namespace)", () => {
	let outside: string;
	let run: NamespaceRun;
	beforeAll(async () => {
		outside = await mkdtemp(join(tmpdir(), "backprop-dev-"));
		await writeFile(join(outside, "data.csv"), regressionCsv(20));
		// The mount point: an empty folder next to the data, covered by the namespace's tmpfs.
		await mkdir(join(outside, "mnt"));
		run = await inNamespace(join(outside, "mnt"), join(outside, "data.csv"));
	});
	afterAll(() => rm(outside, { recursive: true, force: true }));

	it("--out full (a character device): exit 1 naming it, before training", () => {
		expect(run.results[0]).toEqual({
			code: 1,
			stderr: "backprop: error: --out full: it is a character device, not a regular file",
		});
	});

	it("--plot null, and --out through a symbolic link to null: refused the same way", () => {
		expect(run.results[1]).toEqual({
			code: 1,
			stderr: "backprop: error: --plot null: it is a character device, not a regular file",
		});
		expect(run.results[2]).toEqual({
			code: 1,
			stderr: "backprop: error: --out to-null: it is a character device, not a regular file",
		});
	});

	it("the devices are still devices afterwards", () => {
		expect(run.kinds.trim().split("\n")).toEqual([
			"null character special file",
			"full character special file",
			"zero character special file",
			"urandom character special file",
		]);
	});

	it("zero and urandom as the CSV: not a UTF-8 text CSV (binary), not a read of gigabytes", () => {
		expect(run.results[3]).toEqual({
			code: 1,
			stderr: "backprop: error: zero: not a UTF-8 text CSV: it holds binary data (zero bytes)",
		});
		// 64 KiB of random bytes hold zero bytes (about 256 of them) for certain in practice.
		expect(run.results[4]).toEqual({
			code: 1,
			stderr: "backprop: error: urandom: not a UTF-8 text CSV: it holds binary data (zero bytes)",
		});
	});
});
