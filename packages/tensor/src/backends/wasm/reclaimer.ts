/**
 * Returns the blocks of collected tensor storage to the arena while a synchronous
 * loop runs, without waiting for the FinalizationRegistry (whose callbacks only run
 * between tasks).
 *
 * Each storage view gets a "sentinel": a plain object the view keeps alive through a
 * WeakMap (view → sentinel), so the sentinel can only be collected once the view is
 * unreachable. The arena keeps a WeakRef to the sentinel, and `deref() === undefined`
 * then proves the view is gone: the same guarantee as the FinalizationRegistry's.
 * The catch is that `new WeakRef(x)` and a `deref()` that returns x keep x alive
 * until the current job ends (the spec's KeepDuringJob). So the WeakRefs are made in
 * an earlier task (pools refilled from a macrotask), each sentinel's WeakRef is
 * dereferenced at most once (a live answer pins it; the registry frees that block
 * later), and it is dereferenced only after a major collection is known to have run
 * since the lease began: "canaries" (unreferenced objects with WeakRefs from an
 * earlier task, released one per allocation) clear exactly then.
 */

/** A lease is watched (unchecked), reclaimed by a scan, pinned (seen alive), or freed by the registry. */
export const WATCHED = 0;
export const RECLAIMED = 1;
export const PINNED = 2;
export const FREED = 3;

/** One block of tensor storage handed out, as the arena's registry and this reclaimer see it. */
export interface Lease {
	/** The block's offset plus its size class (what the arena's `release` takes). */
	readonly held: number;
	/** WATCHED, RECLAIMED, PINNED or FREED. */
	state: number;
	/** Allocation count when it began (orders leases against canaries). */
	seq: number;
	/** WeakRef to its sentinel (null when the pool was empty: the registry alone frees it). */
	ref: WeakRef<object> | null;
}

/** Sentinels and canaries made per refill (a synchronous loop can watch this many allocations). */
const POOL = 4096;
/**
 * A canary is probed only this many allocations after its release: a major
 * collection marks incrementally over several allocations, and a canary still
 * referenced when marking began survives that collection.
 */
const PROBE_AGE = 8;
/** Released canaries kept (the oldest are dropped unprobed beyond this). */
const MAX_RELEASED = 256;

interface Canary {
	readonly ref: WeakRef<object>;
	readonly seq: number;
}

type Later = (callback: () => void) => unknown;

/** The machinery above, for one arena. */
export class Reclaimer {
	private readonly owners = new WeakMap<object, object>();
	private readonly sentinels: object[] = [];
	private readonly sentinelRefs: WeakRef<object>[] = [];
	private readonly canaries: WeakRef<object>[] = [];
	private readonly canaryTargets: object[] = [];
	private watched: Lease[] = [];
	private head = 0;
	private compactAt = 4 * POOL;
	private released: Canary[] = [];
	private releasedHead = 0;
	private seq = 0;
	private refillPending = false;
	private readonly later: Later | null;
	/** Leases reclaimed synchronously so far (diagnostics). */
	reclaimed = 0;

	constructor() {
		const g = globalThis as { setImmediate?: Later; setTimeout?: Later };
		// Without WeakRef (no engine with WebAssembly SIMD lacks it) the registry alone frees storage.
		this.later = typeof WeakRef === "function" ? (g.setImmediate ?? g.setTimeout ?? null) : null;
		this.scheduleRefill();
	}

	/**
	 * Counts one storage request and releases a canary: call on every request, also
	 * those the arena then refuses, so collections are still noticed while it is full.
	 */
	tick(): void {
		this.seq++;
		if (this.canaryTargets.pop() !== undefined) {
			this.released.push({ ref: this.canaries.pop() as WeakRef<object>, seq: this.seq });
			if (this.released.length - this.releasedHead > MAX_RELEASED) this.releasedHead++;
		}
		if (this.sentinels.length < POOL / 2 || this.canaryTargets.length < POOL / 2) this.scheduleRefill();
	}

	/** Gives `view` a sentinel when the pool has one (else the registry alone will free it). */
	watch(view: object, lease: Lease): void {
		lease.seq = this.seq;
		const sentinel = this.sentinels.pop();
		if (sentinel === undefined) return;
		this.owners.set(view, sentinel);
		lease.ref = this.sentinelRefs.pop() as WeakRef<object>;
		this.watched.push(lease);
		this.compact();
	}

	/**
	 * Reclaims what a major collection has proven dead: probes the oldest released
	 * canaries; if any has cleared, every watched lease that began before it is
	 * checked once, and `reclaim` gets the dead ones (already marked RECLAIMED).
	 */
	poll(reclaim: (lease: Lease) => void): void {
		let bound = -1;
		while (this.releasedHead < this.released.length) {
			const canary = this.released[this.releasedHead];
			if (this.seq - canary.seq < PROBE_AGE) break;
			this.releasedHead++;
			if (canary.ref.deref() !== undefined) break; // no collection yet (and this canary is now pinned)
			bound = canary.seq;
		}
		if (bound < 0) return;
		while (this.head < this.watched.length && this.watched[this.head].seq < bound) {
			const lease = this.watched[this.head++];
			if (lease.state !== WATCHED) continue;
			if ((lease.ref as WeakRef<object>).deref() === undefined) {
				lease.state = RECLAIMED;
				this.reclaimed++;
				reclaim(lease);
			} else lease.state = PINNED;
			lease.ref = null;
		}
	}

	// Drops checked and freed leases from the queue once it has doubled (long-lived
	// storage stays watched until a scan reaches it), and probed canaries.
	private compact(): void {
		if (this.watched.length >= this.compactAt) {
			this.watched = this.watched.slice(this.head).filter((lease) => lease.state === WATCHED);
			this.head = 0;
			this.compactAt = Math.max(4 * POOL, 2 * this.watched.length);
		}
		if (this.releasedHead > 1024 && this.releasedHead * 2 > this.released.length) {
			this.released = this.released.slice(this.releasedHead);
			this.releasedHead = 0;
		}
	}

	private scheduleRefill(): void {
		if (this.refillPending || this.later === null) return;
		this.refillPending = true;
		const later = this.later; // called unbound: a browser's setTimeout refuses another `this`
		later(() => {
			this.refillPending = false;
			// WeakRefs made here keep their targets only until this task ends.
			while (this.sentinels.length < POOL) {
				const sentinel = {};
				this.sentinels.push(sentinel);
				this.sentinelRefs.push(new WeakRef(sentinel));
			}
			while (this.canaryTargets.length < POOL) {
				const canary = {};
				this.canaryTargets.push(canary);
				this.canaries.push(new WeakRef(canary));
			}
		});
	}
}
