/**
 * The command's output files, checked before the first epoch: never an input of
 * the run nor another output (compared as real paths), always creatable (a probe
 * file), written through symbolic links with mode and owner kept, and never for
 * a network too large to train or save.
 */
import { spawn } from "node:child_process";
import { chmod, link, mkdir, readdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadModel, modelToJSON, saveModel, sequential } from "@backprop/nn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkModelSize, parameterCount } from "../../packages/cli/src/model-size";
import {
	BIN,
	type CliResult,
	listFolder,
	plainEnv,
	regressionCsv,
	removeFolder,
	runInProcess,
	tempFolder,
} from "./helpers";

const DATA = regressionCsv(30);

describe("an output path that is an input or another output is refused before training", () => {
	let folder: string;
	beforeAll(async () => {
		folder = await tempFolder();
		await writeFile(join(folder, "data.csv"), DATA);
		await symlink("data.csv", join(folder, "link.csv"));
		await link(join(folder, "data.csv"), join(folder, "hard.csv"));
		await mkdir(join(folder, "sub"));
	});
	afterAll(() => removeFolder(folder));

	const cases: [string, string[], string][] = [
		[
			"--out the training data",
			["train", "data.csv", "--out", "data.csv"],
			"--out data.csv is the same file as the training data data.csv",
		],
		[
			"--plot the training data",
			["train", "data.csv", "--plot", "data.csv"],
			"--plot data.csv is the same file as the training data data.csv",
		],
		[
			"--out and --plot the same file",
			["train", "data.csv", "--out", "x.json", "--plot", "x.json"],
			"--plot x.json is the same file as the --out file x.json",
		],
		[
			"the data through another spelling",
			["train", "./sub/../data.csv", "--out", "data.csv"],
			"--out data.csv is the same file as the training data ./sub/../data.csv",
		],
		[
			"--out a symbolic link to the data",
			["train", "data.csv", "--out", "link.csv"],
			"--out link.csv is the same file as the training data data.csv",
		],
		[
			"--out a hard link to the data",
			["train", "data.csv", "--out", "hard.csv"],
			"--out hard.csv is the same file as the training data data.csv",
		],
		[
			"data read through a link, --out its target",
			["train", "link.csv", "--plot", "data.csv"],
			"--plot data.csv is the same file as the training data link.csv",
		],
	];
	for (const [name, argv, says] of cases) {
		it(`${name}: exit 2, nothing trained, nothing written`, async () => {
			const r = await runInProcess([...argv, "--epochs", "3"], folder);
			expect(r.code).toBe(2);
			expect(r.stderr).toBe(`backprop: error: ${says}; writing it would overwrite that (choose another path)\n`);
			expect(r.stdout).toBe("");
			expect(await readFile(join(folder, "data.csv"), "utf8")).toBe(DATA);
			expect(await listFolder(folder)).toEqual(["data.csv", "hard.csv", "link.csv", "sub"]);
		});
	}
});

describe("export: the ONNX output may not be the model file itself", () => {
	it("export m.json m.json (or a link to it): exit 2, the model left as it was", async () => {
		const folder = await tempFolder();
		try {
			const trained = await runInProcess(["train", "--epochs", "2", "--out", "m.json", "--quiet"], folder);
			expect(trained.code).toBe(0);
			const before = await readFile(join(folder, "m.json"), "utf8");
			await symlink("m.json", join(folder, "m.onnx"));
			for (const output of ["m.json", "m.onnx"]) {
				const r = await runInProcess(["export", "m.json", output], folder);
				expect(r.code).toBe(2);
				expect(r.stderr).toBe(
					`backprop: error: output ${output} is the same file as the model m.json; writing it would overwrite that (choose another path)\n`,
				);
			}
			expect(await readFile(join(folder, "m.json"), "utf8")).toBe(before);
		} finally {
			await removeFolder(folder);
		}
	});
});

describe("output files are written through links, keeping mode and owner", () => {
	it("--out through a symbolic link updates the link's target; a 600 file stays 600 and keeps its owner", async () => {
		const folder = await tempFolder();
		try {
			await writeFile(join(folder, "data.csv"), DATA);
			await mkdir(join(folder, "models"));
			await writeFile(join(folder, "models", "real.json"), "old");
			await chmod(join(folder, "models", "real.json"), 0o600);
			await symlink("models/real.json", join(folder, "current.json"));
			await writeFile(join(folder, "loss.svg"), "old");
			await chmod(join(folder, "loss.svg"), 0o640);
			const { chown } = await import("node:fs/promises");
			await chown(join(folder, "loss.svg"), 4321, 4321);

			const r = await runInProcess(
				["train", "data.csv", "--epochs", "2", "--out", "current.json", "--plot", "loss.svg", "--quiet"],
				folder,
			);
			expect(r.code).toBe(0);
			expect((await readdir(folder)).sort()).toEqual(["current.json", "data.csv", "loss.svg", "models"]);
			const model = await loadModel(join(folder, "models", "real.json"));
			expect(model.layers.length).toBe(2);
			expect((await stat(join(folder, "models", "real.json"))).mode & 0o777).toBe(0o600);
			const svg = await stat(join(folder, "loss.svg"));
			expect([svg.mode & 0o777, svg.uid, svg.gid]).toEqual([0o640, 4321, 4321]);
			expect(await readFile(join(folder, "loss.svg"), "utf8")).toMatch(/^<svg/);
		} finally {
			await removeFolder(folder);
		}
	});
});

/** Runs the command as the unprivileged user `nobody` (uid 65534): root may write anywhere. */
function asNobody(args: readonly string[], cwd: string): Promise<CliResult> {
	const child = spawn(process.execPath, [BIN, ...args], {
		cwd,
		env: plainEnv(),
		stdio: ["ignore", "pipe", "pipe"],
		uid: 65534,
		gid: 65534,
	});
	let stdout = "";
	let stderr = "";
	child.stdout.setEncoding("utf8").on("data", (s: string) => {
		stdout += s;
	});
	child.stderr.setEncoding("utf8").on("data", (s: string) => {
		stderr += s;
	});
	return new Promise((resolve, reject) => {
		child.on("error", reject);
		child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
	});
}

describe("an output that cannot be created is found before the first epoch", () => {
	it("a read-only folder for --out or --plot: exit 1 naming the flag and folder, no epoch run, nothing written", async () => {
		// The tests run as root (as CI does); the command runs as nobody, for whom permissions hold.
		expect(process.getuid?.()).toBe(0);
		const folder = await tempFolder();
		try {
			await chmod(folder, 0o755);
			await writeFile(join(folder, "data.csv"), DATA);
			await chmod(join(folder, "data.csv"), 0o644);
			await mkdir(join(folder, "locked"), { mode: 0o555 });
			await chmod(join(folder, "locked"), 0o555);

			for (const flag of ["--out", "--plot"]) {
				const r = await asNobody(["train", "data.csv", "--epochs", "20000", flag, "locked/result"], folder);
				expect(r.code).toBe(1);
				expect(r.stderr).toBe(
					`backprop: error: ${flag} locked/result: cannot create files in folder ${join(folder, "locked")}: permission denied\n`,
				);
				expect(r.stdout).toBe("");
			}
			expect(await readdir(join(folder, "locked"))).toEqual([]);

			// The folder itself not writable: --out next to the data, in a folder of root's.
			await chmod(folder, 0o555);
			const r = await asNobody(["train", "data.csv", "--epochs", "20000", "--out", "model.json"], folder);
			expect(r.code).toBe(1);
			expect(r.stderr).toMatch(
				/^backprop: error: --out model\.json: cannot create files in folder .*: permission denied/,
			);
			await chmod(folder, 0o755);
			expect(await listFolder(folder)).toEqual(["data.csv", "locked"]);
		} finally {
			await chmod(folder, 0o755);
			await removeFolder(folder);
		}
	});
});

describe("layer sizes too large to train or save are refused before anything is built", () => {
	const cases: [string, string][] = [
		// 2·5400 + 5400 + 5400·5400 + 5400 + 5400·1 + 1 = 29 187 001 parameters; × 25 bytes = 729 675 025 bytes.
		["2,5400,5400,1", "29,187,001 parameters would make a model file of up to 730 MB"],
		// 2·30000 + 30000 + 30000² + 30000 + 30000 + 1 = 900 150 001 parameters.
		["2,30000,30000,1", "900,150,001 parameters would make a model file of up to 22,504 MB"],
		// 2·10⁶ + 10⁶ + 10¹² + 10⁶ + 10⁶ + 1 = 1 000 005 000 001 parameters.
		["2,1e6,1e6,1", "1,000,005,000,001 parameters would make a model file of up to 25,000,126 MB"],
	];
	for (const [layers, says] of cases) {
		it(`--layers ${layers}: exit 2 naming the sizes and the estimate`, async () => {
			const folder = await tempFolder();
			try {
				const r = await runInProcess(["train", "--layers", layers, "--out", "m.json"], folder);
				expect(r.code).toBe(2);
				expect(r.stderr).toBe(
					`backprop: error: --layers ${layers.replaceAll("1e6", "1000000")}: ${says}, more than the 537 MB a model file may be; use smaller layers\n`,
				);
				expect(await listFolder(folder)).toEqual([]);
			} finally {
				await removeFolder(folder);
			}
		});
	}

	it("memory: refuses what the machine cannot hold, naming its memory", () => {
		// 2·1000 + 1000 + 1000·1000 + 1000 + 1000 + 1 = 1 005 001 parameters; Adam keeps
		// 5 float64 copies (40.2 MB), the save an array (8.04 MB) and the text (25.13 MB): 73.37 MB.
		expect(parameterCount([2, 1000, 1000, 1])).toBe(1_005_001);
		expect(() => checkModelSize([2, 1000, 1000, 1], "adam", 64e6)).toThrow(
			"--layers 2,1000,1000,1: 1,005,001 parameters need about 74 MB of memory to train and save, more than this machine's 64 MB; use smaller layers",
		);
		expect(() => checkModelSize([2, 1000, 1000, 1], "adam", 80e6)).not.toThrow();
	});

	it("the saved-size estimate (25 bytes a parameter) bounds a real save", async () => {
		const folder = await tempFolder();
		try {
			const model = sequential([3, 200, 200, 2], { seed: 3 });
			await saveModel(model, join(folder, "m.json"));
			const bytes = (await stat(join(folder, "m.json"))).size;
			const parameters = parameterCount([3, 200, 200, 2]);
			expect(model.parameters().reduce((n, p) => n + p.value.size, 0)).toBe(parameters);
			// The document's other fields are a few hundred bytes: well inside the slack.
			expect(bytes).toBeLessThan(parameters * 25);
			expect(bytes).toBeGreaterThan(parameters * 15);
			expect(JSON.stringify(modelToJSON(model)).length + 1).toBe(bytes);
		} finally {
			await removeFolder(folder);
		}
	});
});
