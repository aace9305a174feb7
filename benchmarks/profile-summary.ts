/**
 * Summarises a V8 `.cpuprofile` (what `node --cpu-prof` writes) by self time: the
 * samples from the first to the last one whose stack holds a marker function (so
 * start-up is left out, and the collector's and idle ticks in between are kept),
 * grouped by where the code lives (wasm, the arena, the kernel wrappers, ...).
 */

/** The parts of a .cpuprofile used here. */
export interface CpuProfile {
	nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
	samples: number[];
	timeDeltas: number[];
}

/** One function's self time. */
export interface FunctionTime {
	name: string;
	ms: number;
	share: number;
}

/** Self time of a group of functions, largest functions first. */
export interface GroupTime {
	group: string;
	ms: number;
	share: number;
	functions: FunctionTime[];
}

/** What `summariseProfile` returns: the window's sampled time and its groups, largest first. */
export interface ProfileSummary {
	totalMs: number;
	groups: GroupTime[];
}

/** The group a frame belongs to, by its name and file. */
function groupOf(name: string, url: string): string {
	if (name === "(garbage collector)") return "garbage collector";
	if (name === "(idle)") return "idle (event-loop turns between samples)";
	if (name === "(program)") return "V8 native code outside JS (program)";
	if (url.startsWith("wasm://") || name.startsWith("wasm-function") || name.startsWith("$")) return "wasm kernel";
	if (url.includes("backends/wasm/arena")) return "arena (alloc, zeroing, views, registry)";
	if (url.includes("backends/wasm/kernels")) return "kernel wrappers (dispatch, operand copies)";
	if (url.includes("backends/js") || url.includes("backends/wasm")) return "other backend code";
	if (url.includes("packages/tensor/src")) return "tensor ops (checks, shapes, wrapping)";
	if (url === "") return `builtin: ${name || "(anonymous)"}`;
	if (url.includes("/benchmarks/")) return "benchmark loop";
	return "other JS (node, tsx)";
}

function label(frame: { functionName: string; url: string }, wasmNames: ReadonlyMap<number, string>): string {
	const wasm = /^wasm-function\[(\d+)\]$/.exec(frame.functionName);
	if (wasm) return `${wasmNames.get(Number(wasm[1])) ?? frame.functionName} (wasm)`;
	// Line numbers are left out: tsx's transformed sources put a module on few lines.
	const file = frame.url.startsWith("wasm://") ? "" : (frame.url.split("/").at(-1) ?? "");
	const name = frame.functionName || "(anonymous)";
	return file === "" ? name : `${name} (${file})`;
}

/**
 * Self time per group and function over the window between the first and last
 * sample whose stack contains a function named by `marker` (a RegExp source);
 * `wasmNames` names wasm frames (see wasmFunctionNames). Throws RangeError if no
 * sample's stack matches.
 */
export function summariseProfile(
	profile: CpuProfile,
	marker: string,
	wasmNames: ReadonlyMap<number, string> = new Map(),
): ProfileSummary {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const re = new RegExp(`^(${marker})$`);
	const marked = new Map<number, boolean>();
	const isMarked = (id: number): boolean => {
		const known = marked.get(id);
		if (known !== undefined) return known;
		const node = byId.get(id);
		const p = parent.get(id);
		const value = (node !== undefined && re.test(node.callFrame.functionName)) || (p !== undefined && isMarked(p));
		marked.set(id, value);
		return value;
	};
	let first = -1;
	let last = -1;
	profile.samples.forEach((id, i) => {
		if (isMarked(id)) {
			if (first < 0) first = i;
			last = i;
		}
	});
	if (first < 0) throw new RangeError(`summariseProfile: no sample under a function matching /${marker}/`);
	const fnMs = new Map<string, { group: string; ms: number }>();
	let totalMs = 0;
	for (let i = first; i <= last; i++) {
		// timeDeltas[i] is the time before sample i; the time after it is timeDeltas[i + 1].
		const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
		const node = byId.get(profile.samples[i] as number);
		if (node === undefined) continue;
		const key = label(node.callFrame, wasmNames);
		const entry = fnMs.get(key) ?? { group: groupOf(node.callFrame.functionName, node.callFrame.url), ms: 0 };
		entry.ms += ms;
		fnMs.set(key, entry);
		totalMs += ms;
	}
	const groups = new Map<string, GroupTime>();
	for (const [name, { group, ms }] of fnMs) {
		const g = groups.get(group) ?? { group, ms: 0, share: 0, functions: [] };
		g.ms += ms;
		g.functions.push({ name, ms, share: ms / totalMs });
		groups.set(group, g);
	}
	const list = [...groups.values()].map((g) => ({
		...g,
		share: g.ms / totalMs,
		functions: g.functions.sort((x, y) => y.ms - x.ms),
	}));
	return { totalMs, groups: list.sort((x, y) => y.ms - x.ms) };
}

/**
 * Names for V8's `wasm-function[i]` frames: the export names of a module's functions by
 * function index (read from its export section). Throws RangeError on bytes that are
 * not a WebAssembly module.
 */
export function wasmFunctionNames(bytes: Uint8Array): Map<number, string> {
	if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
		throw new RangeError("wasmFunctionNames: not a WebAssembly module");
	}
	let pos = 8;
	const uleb = (): number => {
		let result = 0;
		let shift = 0;
		for (;;) {
			const byte = bytes[pos++] as number;
			result += (byte & 0x7f) * 2 ** shift;
			if (byte < 0x80) return result;
			shift += 7;
		}
	};
	const name = (): string => {
		const length = uleb();
		const text = new TextDecoder().decode(bytes.subarray(pos, pos + length));
		pos += length;
		return text;
	};
	const names = new Map<number, string>();
	while (pos < bytes.length) {
		const id = bytes[pos++] as number;
		const size = uleb();
		const end = pos + size;
		if (id === 7) {
			for (let count = uleb(), i = 0; i < count; i++) {
				const exported = name();
				const kind = bytes[pos++] as number;
				const index = uleb();
				if (kind === 0) names.set(index, exported);
			}
		}
		pos = end;
	}
	return names;
}
