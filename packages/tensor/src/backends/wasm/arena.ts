/**
 * The wasm backend's memory: one WebAssembly.Memory reserved at start-up at its
 * final size and never grown (growing a memory made ordinary JS typed-array loops
 * 1.58x slower for the rest of the process), and a block allocator over it for
 * tensor storage and the kernels' temporaries.
 *
 * Blocks come in power-of-two size classes from 64 bytes; a freed block goes on
 * its class's free list and is handed out again (zeroed unless the caller will
 * overwrite it). Tensor storage is freed when its typed array is garbage-collected,
 * so users never dispose anything: by a FinalizationRegistry between tasks, and
 * within a synchronous loop by the Reclaimer (reclaimer.ts) after each major
 * collection. Should the arena still fill, `allocate` hands out ordinary typed
 * arrays (the kernels copy those in and out), so memory stays bounded either way.
 */
import type { DType, TypedArray } from "../../dtype";
import { FREED, type Lease, RECLAIMED, Reclaimer, WATCHED } from "./reclaimer";
import { type WasmMemory, webAssembly } from "./webassembly";

/** Smallest block: 64 bytes (one cache line; also keeps every block 16-aligned for v128). */
const MIN_CLASS_BITS = 6;
const PAGE = 65536;
/**
 * The garbage collector counts ArrayBuffer memory but not what a view into the
 * arena stands for: left alone it lets dead views pile up behind a few bytes of JS
 * heap each (measured: the arena filled within 20 000 small training steps). So every
 * SHADOW_STEP bytes of storage handed out, the view just made carries an ordinary
 * ArrayBuffer of SHADOW_STEP bytes (in a WeakMap, alive exactly as long as the view):
 * a sample of the views, with their lifetimes, makes the collector see the allocation
 * volume and the survivors it would see with the js backend's typed arrays.
 */
const SHADOW_STEP = 4 * 1024 * 1024;
const shadows = new WeakMap<object, ArrayBuffer>();

/**
 * A shadow's buffer. Its bytes are never read, so where Node's uninitialized
 * allocation exists it is used: a zero-filled 4 MiB ArrayBuffer kept in a WeakMap
 * cost 0.08-0.28 ms per allocation here, an uninitialized one 0.012-0.015 ms.
 */
function shadowBuffer(bytes: number): ArrayBuffer {
	const nodeBuffer = (globalThis as { Buffer?: { allocUnsafeSlow?: (size: number) => { buffer: ArrayBuffer } } })
		.Buffer;
	return nodeBuffer?.allocUnsafeSlow?.(bytes).buffer ?? new ArrayBuffer(bytes);
}

/**
 * Storage at least this big is watched by the reclaimer too. Smaller blocks come back
 * through the FinalizationRegistry alone: the reclaimer's bookkeeping per block (a
 * lease, a sentinel in a WeakMap, a canary) cost a step of many small tensors about
 * half its time again (mid-step on the wasm backend, float32: 0.080 → 0.122 ms), while
 * carving fresh small blocks costs little.
 */
const RECLAIM_MIN_BYTES = 64 * 1024;

/**
 * Share of the arena tensor storage may take. Once it is taken (a loop that never
 * yields, so no block has come back yet), new storage is an ordinary typed array and
 * the kernels copy it through temporary blocks carved from the rest.
 */
const STORAGE_SHARE = 0.75;

/** Memory sizes tried in turn, MiB (the first an engine grants wins). */
const RESERVE_MIB = [512, 256, 128, 64];

/** What the arena holds, for tests and diagnostics. */
export interface ArenaStats {
	/** Bytes of the reserved memory the arena may hand out. */
	readonly capacityBytes: number;
	/** Bytes ever carved from the top (a high-water mark of live plus free blocks). */
	readonly carvedBytes: number;
	/** Bytes in blocks currently handed out. */
	readonly liveBytes: number;
	/** Tensor storages handed out as ordinary typed arrays because the arena was full. */
	readonly fallbacks: number;
	/** Blocks of collected storage reclaimed within a task (without waiting for finalization callbacks). */
	readonly reclaimed: number;
}

/** The reserved memory and its allocator. */
export class Arena {
	readonly memory: WasmMemory;
	readonly buffer: ArrayBuffer;
	private readonly base: number;
	private readonly end: number;
	/** Storage is carved only below this; the rest stays for the kernels' temporaries. */
	private readonly storageEnd: number;
	private top: number;
	private readonly free: number[][] = [];
	private live = 0;
	private fallbackCount = 0;
	private sinceShadow = 0;
	private readonly registry = new FinalizationRegistry<Lease>((lease) => {
		if (lease.state === RECLAIMED) return;
		lease.state = FREED;
		this.release(lease.held);
	});
	private readonly reclaimer = new Reclaimer();
	private readonly reclaim = (lease: Lease): void => this.release(lease.held);

	/** Reserves the memory (the largest of RESERVE_MIB the engine grants). Throws RangeError if none is. */
	constructor() {
		let memory: WasmMemory | null = null;
		for (const mib of RESERVE_MIB) {
			const pages = (mib * 1024 * 1024) / PAGE;
			try {
				memory = new (webAssembly() as NonNullable<ReturnType<typeof webAssembly>>).Memory({
					initial: pages,
					maximum: pages,
				});
				break;
			} catch {
				// try a smaller reservation
			}
		}
		if (memory === null) throw new RangeError(`wasm backend: could not reserve ${RESERVE_MIB.at(-1)} MiB of memory`);
		this.memory = memory;
		this.buffer = memory.buffer;
		this.base = PAGE;
		this.top = PAGE;
		this.end = memory.buffer.byteLength;
		this.storageEnd = this.base + Math.floor(((this.end - this.base) * STORAGE_SHARE) / PAGE) * PAGE;
	}

	/** Keeps the first `bytes` for the module's static data; call once before allocating. Throws if it does not fit. */
	reserveStatic(bytes: number): void {
		if (bytes > this.base) throw new RangeError(`wasm backend: static data of ${bytes} bytes exceeds ${this.base}`);
	}

	/**
	 * A block of at least `bytes` bytes (zeroed unless `zero` is false), as a byte
	 * offset; -1 when no free block fits and carving one would pass `limit`.
	 */
	alloc(bytes: number, zero = true, limit = this.end): number {
		const cls = classOf(bytes);
		const list = this.free[cls];
		const size = 1 << cls;
		if (list !== undefined && list.length > 0) {
			const ptr = list.pop() as number;
			if (zero) new Uint8Array(this.buffer, ptr, size).fill(0);
			this.live += size;
			return ptr;
		}
		if (this.top + size > limit) return -1;
		const ptr = this.top;
		this.top += size;
		this.live += size;
		return ptr;
	}

	/** Returns a block from `alloc` (the same `bytes`). */
	dealloc(ptr: number, bytes: number): void {
		this.release(ptr + classOf(bytes));
	}

	/**
	 * Tensor storage of `length` elements of `dtype` in the arena, freed when the
	 * returned array is collected; null when the arena is full. Zeroed unless `zero`
	 * is false (for a result its kernel overwrites in full: a reused block then keeps
	 * its last owner's bytes until written).
	 */
	storage(dtype: DType, length: number, zero = true): TypedArray | null {
		const width = dtype === "float32" ? 4 : 8;
		const bytes = length * width;
		const cls = classOf(bytes);
		const watched = bytes >= RECLAIM_MIN_BYTES;
		if (watched) {
			this.reclaimer.tick();
			if (!(this.free[cls]?.length > 0)) this.reclaimer.poll(this.reclaim);
		}
		const ptr = this.alloc(bytes, zero, this.storageEnd);
		if (ptr < 0) {
			this.fallbackCount++;
			return null;
		}
		const view =
			dtype === "float32" ? new Float32Array(this.buffer, ptr, length) : new Float64Array(this.buffer, ptr, length);
		const lease: Lease = { held: ptr + cls, state: WATCHED, seq: 0, ref: null };
		this.registry.register(view, lease);
		if (watched) this.reclaimer.watch(view, lease);
		this.sinceShadow += bytes;
		if (this.sinceShadow >= SHADOW_STEP) {
			this.sinceShadow = 0;
			shadows.set(view, shadowBuffer(SHADOW_STEP));
		}
		return view;
	}

	/** Whether `x` is a view into this arena (so kernels can pass its offset instead of copying). */
	holds(x: TypedArray): boolean {
		return x.buffer === this.buffer;
	}

	/** Current figures. */
	stats(): ArenaStats {
		return {
			capacityBytes: this.end - this.base,
			carvedBytes: this.top - this.base,
			liveBytes: this.live,
			fallbacks: this.fallbackCount,
			reclaimed: this.reclaimer.reclaimed,
		};
	}

	// A block's held value is its offset plus its class: offsets are multiples of 64, classes below 64.
	private release(held: number): void {
		const cls = held & 63;
		const ptr = held - cls;
		let list = this.free[cls];
		if (list === undefined) {
			list = [];
			this.free[cls] = list;
		}
		list.push(ptr);
		this.live -= 1 << cls;
	}
}

/** The size class (log2 of the block size) for `bytes`. */
function classOf(bytes: number): number {
	return bytes <= 1 << MIN_CLASS_BITS ? MIN_CLASS_BITS : 32 - Math.clz32(bytes - 1);
}
