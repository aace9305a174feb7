/** A generator's whole state: four 32-bit words and the Box-Muller spare (or null). */
export interface RngState {
	words: [number, number, number, number];
	spare: number | null;
}

/**
 * A small seeded pseudo-random generator (xoshiro128**, seeded through splitmix32).
 * The same seed gives the same numbers on every machine: it uses only 32-bit
 * integer arithmetic (`Math.imul`, shifts), never `Math.random`.
 */
export class Rng {
	private s0: number;
	private s1: number;
	private s2: number;
	private s3: number;
	private spare: number | null = null;

	/** Seeds the generator. Throws a TypeError unless `seed` is a finite number. */
	constructor(seed = 0) {
		if (typeof seed !== "number" || !Number.isFinite(seed)) {
			throw new TypeError(`Rng: seed must be a finite number, got ${String(seed)}`);
		}
		// splitmix32 spreads any seed (even 0) over four non-zero state words.
		let x = (Math.trunc(seed) ^ Math.trunc(seed / 2 ** 32)) >>> 0;
		const next = (): number => {
			x = (x + 0x9e3779b9) | 0;
			let z = x;
			z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
			z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
			return (z ^ (z >>> 16)) >>> 0;
		};
		this.s0 = next();
		this.s1 = next();
		this.s2 = next();
		this.s3 = next();
	}

	/** A copy of the whole state, so a generator can be saved and resumed bit for bit. */
	getState(): RngState {
		return { words: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0], spare: this.spare };
	}

	/**
	 * Continues from a state taken with {@link getState}. Throws TypeError for
	 * words that are not four 32-bit unsigned integers (not all zero) or a spare
	 * that is neither null nor a finite number; nothing changes then.
	 */
	setState(state: RngState): void {
		const words = state?.words;
		const ok =
			Array.isArray(words) &&
			words.length === 4 &&
			words.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32) &&
			words.some((w) => w !== 0);
		if (!ok) throw new TypeError("Rng.setState: words must be four 32-bit unsigned integers, not all zero");
		if (state.spare !== null && !(typeof state.spare === "number" && Number.isFinite(state.spare))) {
			throw new TypeError("Rng.setState: spare must be null or a finite number");
		}
		[this.s0, this.s1, this.s2, this.s3] = words as [number, number, number, number];
		this.spare = state.spare;
	}

	/** The next 32 random bits as an unsigned integer. */
	nextUint32(): number {
		const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
		const t = this.s1 << 9;
		this.s2 ^= this.s0;
		this.s3 ^= this.s1;
		this.s1 ^= this.s2;
		this.s0 ^= this.s3;
		this.s2 ^= t;
		this.s3 = rotl(this.s3, 11);
		return result;
	}

	/** A uniform number in [low, high) (default [0, 1)), with 53 random bits. */
	uniform(low = 0, high = 1): number {
		const hi = this.nextUint32() >>> 5;
		const lo = this.nextUint32() >>> 6;
		const u = (hi * 67108864 + lo) / 9007199254740992;
		return low + (high - low) * u;
	}

	/** A normal sample with the given mean and standard deviation (Box-Muller). */
	normal(mean = 0, std = 1): number {
		if (this.spare !== null) {
			const z = this.spare;
			this.spare = null;
			return mean + std * z;
		}
		let u = 0;
		while (u === 0) u = this.uniform();
		const v = this.uniform();
		const r = Math.sqrt(-2 * Math.log(u));
		this.spare = r * Math.sin(2 * Math.PI * v);
		return mean + std * r * Math.cos(2 * Math.PI * v);
	}

	/** A uniform integer in [0, n). Throws a RangeError unless n is a positive integer. */
	int(n: number): number {
		if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) {
			throw new RangeError(`Rng.int: n must be a positive integer up to 2^32, got ${n}`);
		}
		// Rejection sampling keeps every value equally likely.
		const limit = 2 ** 32 - (2 ** 32 % n);
		let x = this.nextUint32();
		while (x >= limit) x = this.nextUint32();
		return x % n;
	}

	/** Shuffles `array` in place (Fisher-Yates) and returns it. */
	shuffle<T>(array: T[]): T[] {
		for (let i = array.length - 1; i > 0; i--) {
			const j = this.int(i + 1);
			const tmp = array[i] as T;
			array[i] = array[j] as T;
			array[j] = tmp;
		}
		return array;
	}
}

function rotl(x: number, k: number): number {
	return (x << k) | (x >>> (32 - k));
}
