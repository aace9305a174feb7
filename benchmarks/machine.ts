/** A description of the machine and runtime, stored with every result. */
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import os from "node:os";

/** The machine a run happened on. */
export interface MachineInfo {
	/** CPU model. */
	cpu: string;
	/** Logical cores. */
	cores: number;
	/** Total memory, GiB. */
	memoryGb: number;
	/** `os.platform()`-`os.arch()` and kernel release. */
	os: string;
	/** Node.js version. */
	node: string;
	/** V8 version. */
	v8: string;
	/** Installed TensorFlow.js version. */
	tfjs: string;
	/** 1-minute load average when the run started (the machine is shared; above the core count means noisy). */
	loadAverage: number;
	/** 1-minute load average when the run ended. */
	loadAverageEnd?: number;
	/** The git commit measured, with `+dirty` when packages/ had uncommitted changes ("unknown" outside git). */
	commit: string;
}

function packageVersion(name: string): string {
	try {
		const require = createRequire(import.meta.url);
		return (require(`${name}/package.json`) as { version: string }).version;
	} catch {
		return "not installed";
	}
}

/** Describes this machine now. */
export function machineInfo(): MachineInfo {
	const cpus = os.cpus();
	return {
		cpu: cpus[0]?.model.trim() ?? "unknown",
		cores: cpus.length,
		memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
		os: `${os.platform()}-${os.arch()} ${os.release()}`,
		node: process.version,
		v8: process.versions.v8,
		tfjs: packageVersion("@tensorflow/tfjs-core"),
		loadAverage: currentLoad(),
		commit: gitCommit(),
	};
}

function gitCommit(): string {
	try {
		const git = (...args: string[]) =>
			execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
		const head = git("rev-parse", "--short", "HEAD");
		return git("status", "--porcelain", "--", "packages") === "" ? head : `${head}+dirty`;
	} catch {
		return "unknown";
	}
}

/** The 1-minute load average now, to two decimals. */
export function currentLoad(): number {
	return Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
}
