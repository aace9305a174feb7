/**
 * The gender example as a user runs it: `npm start` in a child process, its
 * files, and its answers to bad flags.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadModel } from "@backprop/nn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODEL_FILE, PICTURE_FILES } from "../../examples/gender/index";
import { checkSvg } from "../viz/svg";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The compiled example, as `npm start` runs it (`npm run build` makes it). */
const MAIN = join(ROOT, "examples/gender/dist/main.js");

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs a command in ROOT with colours off; kills it (and fails) after `timeoutMs`. */
function run(command: string, args: readonly string[], timeoutMs = 60_000): Promise<Run> {
	return new Promise((resolvePromise, reject) => {
		// FORCE_COLOR removed, not emptied: Node warns on stderr when both are set.
		const { FORCE_COLOR: _force, ...env } = process.env;
		const child = spawn(command, args, {
			cwd: ROOT,
			env: { ...env, NO_COLOR: "1" },
			stdio: ["ignore", "pipe", "pipe"],
		});
		let stdout = "";
		let stderr = "";
		child.stdout.on("data", (d: Buffer) => {
			stdout += d.toString();
		});
		child.stderr.on("data", (d: Buffer) => {
			stderr += d.toString();
		});
		const timer = setTimeout(() => {
			child.kill("SIGKILL");
			reject(new Error(`${command} ${args.join(" ")} ran longer than ${timeoutMs} ms\n${stdout}\n${stderr}`));
		}, timeoutMs);
		child.on("error", reject);
		child.on("close", (code) => {
			clearTimeout(timer);
			resolvePromise({ code, stdout, stderr });
		});
	});
}

/** The compiled example run directly with node, without npm's own lines around it. */
const example = (...args: string[]) => run(process.execPath, [MAIN, ...args]);

let tmp: string;
beforeAll(async () => {
	tmp = await mkdtemp(join(tmpdir(), "backprop-gender-"));
});
afterAll(async () => {
	await rm(tmp, { recursive: true, force: true });
});

describe("npm start -- --quiet --out <tmp>", () => {
	let result: Run;
	beforeAll(async () => {
		result = await run("npm", ["start", "--", "--quiet", "--out", join(tmp, "out")]);
	}, 90_000);

	it("exits 0 and prints every step, the tutorial's lines among them", () => {
		expect(result.code, result.stderr).toBe(0);
		const out = result.stdout;
		for (const heading of [
			"1  One neuron",
			"2  The network",
			"3  The loss",
			"4  Backpropagation for Alice",
			"5  Training",
			"6  Predictions",
			"7  Pictures",
			"8  The saved model",
		]) {
			expect(out).toContain(heading);
		}
		expect(out).toContain("0.9990889488055994");
		expect(out).toContain("0.7216325609518421");
		expect(out).toMatch(/Epoch 100 loss: 0\.0\d\d\n/);
		expect(out).toMatch(/Epoch 1000 loss: 0\.00\d\n/);
		expect(out.match(/Epoch \d+ loss/g)).toHaveLength(10);
		expect(out).toMatch(/Emily: 0\.9\d\d - F\n/);
		expect(out).toMatch(/Frank: 0\.0\d\d - M\n/);
		expect(out).toContain("6 of 6 right");
		expect(out).toContain("agree to 1e-12");
		expect(out).toContain("same 6 predictions, bit for bit");
	});

	it("is quiet: no progress bar, no terminal chart, no colour codes", () => {
		expect(result.stdout).not.toContain("┤");
		expect(result.stdout).not.toContain("\x1b[");
		expect(result.stderr).toBe("");
	});

	it("writes both SVGs as well-formed documents with an <svg> root", async () => {
		const loss = checkSvg(await readFile(join(tmp, "out", PICTURE_FILES.lossCurve), "utf8"));
		expect(loss.counts.path).toBeGreaterThan(0);
		const boundary = checkSvg(await readFile(join(tmp, "out", PICTURE_FILES.decisionBoundary), "utf8"));
		expect(boundary.counts.path).toBeGreaterThan(20); // the filled bands, the six markers
		const text = await readFile(join(tmp, "out", PICTURE_FILES.decisionBoundary), "utf8");
		for (const name of ["Alice", "Bob", "Charlie", "Diana", "Emily", "Frank"]) expect(text).toContain(`>${name}<`);
	});

	it("writes a model file that loads and answers like the run said", async () => {
		const model = await loadModel(join(tmp, "out", MODEL_FILE));
		expect(model.parameters()).toHaveLength(4);
	});
});

describe("flags", () => {
	it("--verbose prints the loss every 10 epochs, and --epochs/--seed/--lr are used", async () => {
		const r = await example(
			"--quiet",
			"--verbose",
			"--epochs",
			"30",
			"--seed",
			"3",
			"--lr=0.2",
			"--out",
			join(tmp, "v"),
		);
		expect(r.code, r.stderr).toBe(0);
		expect(r.stdout.match(/Epoch \d+ loss/g)).toEqual(["Epoch 10 loss", "Epoch 20 loss", "Epoch 30 loss"]);
		expect(r.stdout).toContain("seed 3");
		expect(r.stdout).toContain("SGD lr 0.2, 30 epochs");
	});

	it("--help prints the usage and exits 0", async () => {
		const r = await example("--help");
		expect(r.code).toBe(0);
		expect(r.stdout).toContain("--seed N");
	});

	// Every bad flag is checked against parseGenderArgs in gender-args.test.ts; these
	// run the real process to check what the user sees: one line, exit 2, no trace.
	const bad: [string[], RegExp][] = [
		[["--bogus"], /unknown flag --bogus/],
		[["--seed", "-1"], /--seed must be a non-negative integer, got "-1"/],
		[["--lr", "fast"], /--lr must be a positive number, got "fast"/],
		[["--epochs"], /--epochs needs a value/],
	];
	it.concurrent.each(bad)("%j: one line, exit 2, no stack trace", async (args, message) => {
		const r = await example(...args);
		expect(r.code).toBe(2);
		expect(r.stdout).toBe("");
		const lines = r.stderr.trimEnd().split("\n");
		expect(lines, r.stderr).toHaveLength(1);
		expect(lines[0]).toMatch(/^gender: error: /);
		expect(lines[0]).toMatch(message);
		expect(r.stderr).not.toMatch(/^\s+at /m);
	});

	it("through npm start too: exit 2 and the one error line", async () => {
		const r = await run("npm", ["start", "--silent", "--", "--epochs", "ten"]);
		expect(r.code).toBe(2);
		expect(r.stderr.split("\n").filter((l) => l.startsWith("gender: error:"))).toEqual([
			'gender: error: --epochs must be a non-negative integer, got "ten"',
		]);
		expect(r.stderr).not.toMatch(/^\s+at /m);
	});

	it("an output folder that cannot be made: one line, exit 1, and no endless mkdir under /proc", async () => {
		const r = await example("--quiet", "--out", "/proc/backprop-gender-test/out");
		expect(r.code).toBe(1);
		expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
		expect(r.stderr).toMatch(/^gender: error: cannot create the folder/);
	});
});
