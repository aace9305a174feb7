/**
 * Every package packed with `npm pack` and installed from the tarballs into a fresh project in
 * the system's temporary folder (outside the repository), where plain Node, the `backprop`
 * command and `tsc` use them. Nothing of the repository is reachable there except through the
 * tarballs: the test checks that no installed file resolves into the repository.
 */
import { execFileSync } from "node:child_process";
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	realpathSync,
	rmSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, requireBuilt, workspacePackages } from "./workspace";

const packages = workspacePackages();
let project: string;

function sh(command: string, args: string[], cwd: string): string {
	return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });
}

/** Every path under `dir` (symbolic links followed once) that resolves into the repository. */
function pathsIntoRepo(dir: string): string[] {
	const found: string[] = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		const real = realpathSync(path);
		if (real === REPO || real.startsWith(`${REPO}/`)) found.push(path);
		else if (entry.isDirectory()) found.push(...pathsIntoRepo(path));
	}
	return found;
}

const XOR = `import { fit, predict, sequential } from "@backprop/nn";
const x = [[0, 0], [0, 1], [1, 0], [1, 1]];
const y = [[0], [1], [1], [0]];
const net = sequential([2, 8, 1], { activation: "tanh", outputActivation: "sigmoid", seed: 1 });
await fit(net, x, y, { loss: "binaryCrossEntropy", optimizer: "adam", lr: 0.05, epochs: 300, batchSize: 4, shuffle: false });
console.log(JSON.stringify(predict(net, x).toArray().map((row) => row[0])));
`;

const TYPED = `import { tensor, type Tensor } from "@backprop/tensor";
import { variable, type Variable } from "@backprop/autograd";
import { sequential, predict, type Sequential, type History } from "@backprop/nn";
import { saveModel } from "@backprop/nn/node";
import { toOnnx } from "@backprop/onnx";
import { loadTfjsModel } from "@backprop/onnx/node";
import { run } from "@backprop/cli";

const t: Tensor = tensor([[1, 2]]);
const v: Variable = variable(t, { requiresGrad: true });
const net: Sequential = sequential([2, 3, 1], { activation: "tanh" });
const out: Tensor = predict(net, [[0, 1]]);
const bytes: Uint8Array = toOnnx(net);
const h: History | undefined = undefined;
export { v, out, bytes, h, saveModel, loadTfjsModel, run };
// skipLibCheck would turn a type that failed to resolve into any: these fail to compile if so.
type NotAny<T> = 0 extends 1 & T ? never : true;
export const resolved: [NotAny<Tensor>, NotAny<Variable>, NotAny<Sequential>, NotAny<History>] = [true, true, true, true];
export const functions: [
	NotAny<typeof toOnnx>,
	NotAny<typeof loadTfjsModel>,
	NotAny<typeof run>,
	NotAny<typeof saveModel>,
	NotAny<ReturnType<typeof predict>>,
] = [true, true, true, true, true];
// @ts-expect-error a layer size must be a number
sequential(["2"]);
`;

beforeAll(() => {
	for (const pkg of packages) requireBuilt(pkg);
	project = mkdtempSync(join(tmpdir(), "backprop-pack-"));
	const tarballs = join(project, "tarballs");
	mkdirSync(tarballs);
	const dependencies: Record<string, string> = {};
	for (const pkg of packages) {
		const [packed] = JSON.parse(sh("npm", ["pack", "--json", "--pack-destination", tarballs], pkg.folder));
		dependencies[pkg.name] = `file:tarballs/${packed.filename}`;
	}
	const typescript = JSON.parse(readFileSync(join(REPO, "node_modules/typescript/package.json"), "utf8")).version;
	dependencies.typescript = typescript;
	dependencies["@types/node"] = "^20";
	writeFileSync(
		join(project, "package.json"),
		JSON.stringify({ name: "consumer", private: true, type: "module", dependencies }, null, 2),
	);
	sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], project);
}, 600_000);

afterAll(() => {
	if (project) rmSync(project, { recursive: true, force: true });
});

describe("the packed packages in a fresh project", () => {
	it("are installed from the tarballs, with nothing resolving into the repository and no tsx", () => {
		for (const pkg of packages) expect(existsSync(join(project, "node_modules", pkg.name, "dist"))).toBe(true);
		expect(pathsIntoRepo(join(project, "node_modules"))).toEqual([]);
		expect(existsSync(join(project, "node_modules/tsx"))).toBe(false);
	});

	it("plain node trains XOR with @backprop/nn and prints its predictions", () => {
		writeFileSync(join(project, "xor.mjs"), XOR);
		const predictions: number[] = JSON.parse(sh(process.execPath, ["xor.mjs"], project));
		// XOR: 0,1,1,0 — a trained net is on the right side of 0.5 for all four.
		expect(predictions.map((p) => (p > 0.5 ? 1 : 0))).toEqual([0, 1, 1, 0]);
	});

	it("node_modules/.bin/backprop trains the built-in data and predicts", () => {
		const bin = join(project, "node_modules/.bin/backprop");
		expect(sh(bin, ["--help"], project)).toContain("Usage: backprop");
		sh(bin, ["train", "--quiet", "--epochs", "200", "--out", "model.json"], project);
		const out = JSON.parse(sh(bin, ["predict", "model.json", "--input", "-7,-3", "--json"], project));
		expect(out.input).toEqual([-7, -3]);
		expect(out.output).toHaveLength(1);
	});

	it("tsc type-checks a TypeScript file against the public types (nodenext, strict)", () => {
		writeFileSync(join(project, "typed.ts"), TYPED);
		writeFileSync(
			join(project, "tsconfig.json"),
			JSON.stringify({
				compilerOptions: {
					target: "ES2022",
					module: "nodenext",
					moduleResolution: "nodenext",
					strict: true,
					noEmit: true,
					// Third-party declarations (onnx-proto's need protobufjs's global Long) are not ours to check.
					skipLibCheck: true,
					types: ["node"],
				},
				files: ["typed.ts"],
			}),
		);
		const tsc = join(project, "node_modules/.bin/tsc");
		let output = "";
		try {
			output = sh(tsc, ["-p", "."], project);
		} catch (e) {
			output = String((e as { stdout?: string }).stdout ?? e);
		}
		expect(output).toBe("");
	});
});
