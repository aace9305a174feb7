import { execFileSync } from "node:child_process";
import {
	type Backend,
	getBackend,
	type Kernels,
	listBackends,
	registerBackend,
	setBackend,
	tensor,
} from "@backprop/tensor";
import { afterEach, describe, expect, it } from "vitest";

// A backend that records which kernels ran and defers the work to the js kernels.
function countingBackend(name: string): { backend: Backend; calls: string[] } {
	const js = getBackendNamed("js");
	const calls: string[] = [];
	const kernels: Partial<Kernels> = {
		unary: (op, x, out) => {
			calls.push(`unary:${op}`);
			js.kernels.unary?.(op, x, out);
		},
		matmul: (a, b, out, m, k, n, offset) => {
			calls.push("matmul");
			js.kernels.matmul?.(a, b, out, m, k, n, offset);
		},
	};
	return { backend: { name, allocate: js.allocate, kernels }, calls };
}

function getBackendNamed(name: string): Backend {
	const previous = getBackend().name;
	setBackend(name);
	const backend = getBackend();
	setBackend(previous);
	return backend;
}

const initial = getBackend().name;
afterEach(() => setBackend(initial));

describe("the backend registry", () => {
	it("has the js backend, and the suite runs on the one BACKPROP_BACKEND names (wasm by default where it runs)", () => {
		expect(listBackends()).toContain("js");
		expect(initial).toBe(process.env.BACKPROP_BACKEND ?? (listBackends().includes("wasm") ? "wasm" : "js"));
	});

	it("routes ops through the active backend's kernels, the js backend's filling the gaps", () => {
		const { backend, calls } = countingBackend("counting");
		registerBackend(backend, { priority: -1 });
		setBackend("counting");
		// exp(0) = 1, exp(1) = e; [[1,2]]·[[3],[4]] = [[11]]; add has no kernel here, so js's runs
		expect(tensor([0, 1]).exp().toArray()).toEqual([1, Math.E]);
		expect(
			tensor([[1, 2]])
				.matmul(tensor([[3], [4]]))
				.toArray(),
		).toEqual([[11]]);
		expect(
			tensor([1])
				.add(tensor([2]))
				.toArray(),
		).toEqual([3]);
		expect(calls).toEqual(["unary:exp", "matmul"]);
		setBackend(initial);
		tensor([0]).exp();
		expect(calls).toHaveLength(2);
	});

	it("refuses an unknown name, listing the registered ones, and a name already taken", () => {
		expect(() => setBackend("gpu")).toThrow(RangeError);
		expect(() => setBackend("gpu")).toThrow(/setBackend: unknown backend 'gpu' \(registered: js/);
		expect(() => registerBackend({ name: "js", allocate: (_, n) => new Float64Array(n), kernels: {} })).toThrow(
			"registerBackend: 'js' is already registered",
		);
		expect(() => registerBackend({ name: "", allocate: (_, n) => new Float64Array(n), kernels: {} })).toThrow(
			TypeError,
		);
	});

	it("BACKPROP_BACKEND picks the backend in a fresh process; an unknown name is a clear error", () => {
		const script =
			"import('@backprop/tensor').then(t => { t.tensor([1]).add(1); console.log(t.getBackend().name); })" +
			".catch(e => { console.log(e.message); })";
		const run = (value: string) =>
			execFileSync(
				process.execPath,
				["--conditions=@backprop/source", "--import", "tsx", "--input-type=module", "-e", script],
				{
					env: { ...process.env, BACKPROP_BACKEND: value },
					encoding: "utf8",
				},
			).trim();
		expect(run("js")).toBe("js");
		expect(run("nope")).toMatch(/^BACKPROP_BACKEND: unknown backend 'nope' \(registered: js/);
	});
});
