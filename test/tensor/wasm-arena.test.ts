import { describe, expect, it } from "vitest";
import { Arena } from "../../packages/tensor/src/backends/wasm/arena";

// The arena's block allocator, below the backend: blocks come back through
// `dealloc` here (tensor storage comes back when its typed array is collected).

describe("wasm arena", () => {
	it("zeroes a reused block for allocate, and leaves it as it was for a result the kernel overwrites", () => {
		const arena = new Arena();
		const bytes = 4096;
		const first = arena.alloc(bytes);
		new Uint8Array(arena.buffer, first, bytes).fill(0x3f); // 0x3f3f3f3f is 0.7470588 as float32
		arena.dealloc(first, bytes);
		// Same size class: the freed block is handed out again, as it was.
		const kept = arena.storage("float32", 1024, false);
		expect(kept?.byteOffset).toBe(first);
		expect(kept?.[0]).toBe(Math.fround(0.7470588088035583));
		expect(kept?.[1023]).toBe(Math.fround(0.7470588088035583));
		// A block handed out through alloc (zero by default) after a dealloc is all zeros.
		const second = arena.alloc(bytes);
		new Uint8Array(arena.buffer, second, bytes).fill(0x3f);
		arena.dealloc(second, bytes);
		const zeroed = arena.storage("float32", 1024);
		expect(zeroed?.byteOffset).toBe(second);
		expect(zeroed?.every((v) => v === 0)).toBe(true);
	});
});
