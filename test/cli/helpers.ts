/** Running the real `backprop` command in temporary folders, and the data the tests write. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { run } from "@backprop/cli";

/** The repository root. */
export const REPO = resolve(fileURLToPath(import.meta.url), "../../..");
/** The command's entry, as `npx backprop` runs it. */
export const BIN = join(REPO, "packages/cli/bin/backprop.js");

/** What a finished command left: exit code (or signal) and its output. */
export interface CliResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

/** The test runner's environment without colour forcing, as a plain shell would have it. */
export function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
	delete env.FORCE_COLOR;
	delete env.NO_COLOR;
	Object.assign(env, extra);
	return env;
}

/** A started command: the child, its result, and a way to wait for text on its stderr. */
export interface Running {
	child: ChildProcess;
	result: Promise<CliResult>;
	/** Resolves once stderr contains `text`; rejects if the command ends first. */
	stderrIncludes(text: string): Promise<void>;
}

/** Starts `node packages/cli/bin/backprop.js ...args` in `cwd`, stdin closed, output piped. */
export function start(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = plainEnv()): Running {
	const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
	let stdout = "";
	let stderr = "";
	const waiters: { text: string; resolve: () => void }[] = [];
	child.stdout?.setEncoding("utf8").on("data", (s: string) => {
		stdout += s;
	});
	child.stderr?.setEncoding("utf8").on("data", (s: string) => {
		stderr += s;
		for (const w of waiters.filter((w) => stderr.includes(w.text))) {
			waiters.splice(waiters.indexOf(w), 1);
			w.resolve();
		}
	});
	const result = new Promise<CliResult>((resolvePromise, reject) => {
		child.on("error", reject);
		child.on("close", (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
	});
	return {
		child,
		result,
		stderrIncludes(text) {
			if (stderr.includes(text)) return Promise.resolve();
			return new Promise<void>((resolveWait, reject) => {
				waiters.push({ text, resolve: resolveWait });
				result.then(
					(r) =>
						reject(
							new Error(`the command ended (code ${r.code}) before printing ${JSON.stringify(text)}:\n${r.stderr}`),
						),
					reject,
				);
			});
		},
	};
}

/** Runs the command to the end. */
export function backprop(args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<CliResult> {
	return start(args, cwd, env).result;
}

/** A new empty temporary folder. */
export function tempFolder(): Promise<string> {
	return mkdtemp(join(tmpdir(), "backprop-cli-"));
}

/** Removes a temporary folder. */
export function removeFolder(folder: string): Promise<void> {
	return rm(folder, { recursive: true, force: true });
}

/** Writes `files` (name → content) into `folder`. */
export async function writeFiles(folder: string, files: Record<string, string>): Promise<void> {
	for (const [name, content] of Object.entries(files)) await writeFile(join(folder, name), content);
}

/** The names in `folder`, sorted (hidden temporary files included). */
export async function listFolder(folder: string): Promise<string[]> {
	return (await readdir(folder)).sort();
}

// A small deterministic generator (mulberry32), so the CSVs are the same on every run.
function generator(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A regression CSV: `x1,x2,y` with y = 3·x1 − 2·x2 + 1 plus a little noise, x in [-2, 2]. */
export function regressionCsv(rows = 120, seed = 1): string {
	const rand = generator(seed);
	const lines = ["x1,x2,y"];
	for (let i = 0; i < rows; i++) {
		const a = rand() * 4 - 2;
		const b = rand() * 4 - 2;
		const y = 3 * a - 2 * b + 1 + (rand() - 0.5) * 0.1;
		lines.push(`${a.toFixed(4)},${b.toFixed(4)},${y.toFixed(4)}`);
	}
	return `${lines.join("\n")}\n`;
}

/** A classification CSV: `length,width,colour` around three centres, labelled red, green and blue. */
export function classificationCsv(rows = 120, seed = 2): string {
	const rand = generator(seed);
	const centres: [string, number, number][] = [
		["red", 0, 0],
		["green", 3, 3],
		["blue", 0, 4],
	];
	const lines = ["length,width,colour"];
	for (let i = 0; i < rows; i++) {
		const [label, cx, cy] = centres[i % 3] as [string, number, number];
		lines.push(`${(cx + (rand() - 0.5) * 1.5).toFixed(3)},${(cy + (rand() - 0.5) * 1.5).toFixed(3)},${label}`);
	}
	return `${lines.join("\n")}\n`;
}

/** The lines of `text`, without the empty one after the last newline. */
export function lines(text: string): string[] {
	const all = text.split("\n");
	if (all[all.length - 1] === "") all.pop();
	return all;
}

/** A memory stream standing in for stdout or stderr. */
class MemoryStream extends Writable {
	text = "";
	override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
		this.text += chunk.toString();
		done();
	}
}

/** Runs the command in this process through `run(argv, io)`, with memory streams and no environment. */
export async function runInProcess(
	argv: readonly string[],
	cwd: string,
	signal?: AbortSignal,
): Promise<{ code: number; stdout: string; stderr: string }> {
	const stdout = new MemoryStream();
	const stderr = new MemoryStream();
	const code = await run(argv, { stdout, stderr, env: {}, cwd, ...(signal ? { signal } : {}) });
	return { code, stdout: stdout.text, stderr: stderr.text };
}
