let enabled = true;

/** True unless running inside {@link noGrad}. */
export function isGradEnabled(): boolean {
	return enabled;
}

/**
 * Runs `fn` without recording a graph: results of ops inside are plain values
 * with `requiresGrad: false`. For inference and for updating parameters.
 * Synchronous: recording resumes when `fn` returns (or throws).
 */
export function noGrad<T>(fn: () => T): T {
	const previous = enabled;
	enabled = false;
	try {
		return fn();
	} finally {
		enabled = previous;
	}
}
