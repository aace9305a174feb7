/**
 * What the tutorial's tiny network (2-2-1, sigmoid, MSE, per-sample SGD lr 0.1, the
 * bench's `loop` variant) costs on the `js` and on the `wasm` tensor backend, measured
 * two steady ways on the packages' compiled dist/ (run `npm run build` first):
 *
 *   node benchmarks/tiny-backends.mjs [--rounds N] [--dtype float64|float32]
 *     CPU-time medians (process.cpuUsage) of 1000-epoch trainings, one child process
 *     per backend per round, the backends interleaved round by round.
 *   node benchmarks/tiny-backends.mjs --callgrind [--dtype float64|float32]
 *     valgrind --tool=callgrind instruction counts of a child that trains W epochs
 *     (warm-up) and of one that trains W + 4000 (node --predictable): the difference,
 *     per 1000 epochs, is steady training; start-up (loading, module validation,
 *     compiling) is excluded.
 *
 * The child mode (`--child EPOCHS`) trains and prints its CPU times; BACKPROP_BACKEND
 * picks the backend.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SELF = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
const option = (name, fallback) => {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : fallback;
};
const dtype = option("--dtype", "float64");
const WARM_EPOCHS = 1000;
const EPOCHS = 1000;
// Callgrind counts this many epochs (after the warm-up) and reports them per 1000.
const COUNTED_EPOCHS = 4000;

/** The child: trains `epochs` epochs `repeats` times (fresh weights each time), prints each training's CPU ms. */
async function child(epochs, repeats) {
	const { variable } = await import("@backprop/autograd");
	const { Dense, SGD, Sequential, getLoss } = await import("@backprop/nn");
	const { getBackend, tensor } = await import("@backprop/tensor");
	const people = [
		[-2, -1],
		[25, 6],
		[17, 4],
		[-15, -6],
	];
	const xs = people.map((p) => variable(tensor([p], { dtype }), { requiresGrad: false }));
	const ys = [1, 0, 0, 1].map((g) => variable(tensor([[g]], { dtype }), { requiresGrad: false }));
	const mse = getLoss("mse");
	const train = (n) => {
		// Fixed initial weights (the bench draws them from a seeded normal; any will do here).
		const hidden = new Dense(2, 2, {
			activation: "sigmoid",
			weights: tensor(
				[
					[0.3, -0.7],
					[0.5, 0.2],
				],
				{ dtype },
			),
			bias: tensor([0.1, -0.4], { dtype }),
			dtype,
		});
		const output = new Dense(2, 1, {
			activation: "sigmoid",
			weights: tensor([[0.8], [-0.6]], { dtype }),
			bias: tensor([0.05], { dtype }),
			dtype,
		});
		const model = new Sequential([hidden, output]);
		const optimizer = new SGD(model.parameters(), { lr: 0.1 });
		for (let epoch = 0; epoch < n; epoch++) {
			for (let s = 0; s < xs.length; s++) {
				optimizer.zeroGrad();
				mse(model.forward(xs[s]), ys[s]).backward();
				optimizer.step();
			}
		}
	};
	const times = [];
	for (let r = 0; r < repeats; r++) {
		const c0 = process.cpuUsage();
		train(epochs);
		const c = process.cpuUsage(c0);
		times.push((c.user + c.system) / 1000);
	}
	console.log(JSON.stringify({ backend: getBackend().name, times }));
}

function median(xs) {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function runChild(backend, childArgs, prefix = [], nodeFlags = []) {
	const [cmd, ...rest] = [...prefix, process.execPath, ...nodeFlags, SELF, "--dtype", dtype, "--child", ...childArgs];
	const r = spawnSync(cmd, rest, { env: { ...process.env, BACKPROP_BACKEND: backend }, encoding: "utf8" });
	if (r.status !== 0) throw new Error(`${cmd} ${rest.join(" ")} failed (${r.status}): ${r.stderr}`);
	return r;
}

function cpuMedians(rounds) {
	// Each child: 3 warm-up trainings, then 15 timed ones; its figure is their median.
	const per = { js: [], wasm: [] };
	for (let r = 0; r < rounds; r++) {
		for (const backend of r % 2 ? ["wasm", "js"] : ["js", "wasm"]) {
			const out = JSON.parse(
				runChild(backend, [String(EPOCHS), "18"])
					.stdout.trim()
					.split("\n")
					.at(-1),
			);
			if (out.backend !== backend) throw new Error(`child ran on ${out.backend}, not ${backend}`);
			per[backend].push(median(out.times.slice(3)));
		}
	}
	const js = median(per.js);
	const wasm = median(per.wasm);
	console.log(`tiny network ${dtype}, ${EPOCHS} epochs, CPU ms (median of ${rounds} interleaved processes' medians):`);
	console.log(`  js   ${js.toFixed(2)}  [${per.js.map((x) => x.toFixed(1)).join(" ")}]`);
	console.log(`  wasm ${wasm.toFixed(2)}  [${per.wasm.map((x) => x.toFixed(1)).join(" ")}]`);
	console.log(`  wasm / js = ${(wasm / js).toFixed(3)}`);
}

function instructions(backend, epochs) {
	const file = join(tmpdir(), `tiny-backends-${process.pid}-${backend}-${epochs}.callgrind`);
	runChild(
		backend,
		[String(epochs), "1"],
		["valgrind", "--tool=callgrind", "--smc-check=all-non-file", `--callgrind-out-file=${file}`],
	);
	const text = readFileSync(file, "utf8");
	rmSync(file);
	const total = /^totals:\s+(\d+)/m.exec(text) ?? /^summary:\s+(\d+)/m.exec(text);
	if (!total) throw new Error(`no totals in ${file}`);
	return Number(total[1]);
}

function callgrind() {
	console.log(
		`tiny network ${dtype}: instructions (callgrind) per ${EPOCHS} epochs, counted over ${COUNTED_EPOCHS} after ${WARM_EPOCHS} warm-up epochs`,
	);
	const figures = {};
	for (const backend of ["js", "wasm"]) {
		const warm = instructions(backend, WARM_EPOCHS);
		const full = instructions(backend, WARM_EPOCHS + COUNTED_EPOCHS);
		const per = Math.round(((full - warm) * EPOCHS) / COUNTED_EPOCHS);
		figures[backend] = per;
		console.log(
			`  ${backend.padEnd(4)} ${per.toLocaleString("en")}  (${WARM_EPOCHS} epochs: ${warm.toLocaleString("en")}, ${WARM_EPOCHS + COUNTED_EPOCHS}: ${full.toLocaleString("en")})`,
		);
	}
	console.log(`  wasm / js = ${(figures.wasm / figures.js).toFixed(4)}`);
}

if (args.includes("--child")) await child(Number(option("--child")), Number(args[args.indexOf("--child") + 2] ?? 1));
else if (args.includes("--callgrind")) callgrind();
else cpuMedians(Number(option("--rounds", "6")));
