/** Why training failed, in words that point at the cause: the data's magnitude, or the learning rate. */
import { formatNumber } from "../format";

// Features or targets beyond this make the network's sums and squared errors overflow
// long before the learning rate matters.
const TOO_LARGE = 1e15;

/** The column with the largest magnitude among `rows`' values, or null for none past TOO_LARGE. */
function largestColumn(rows: readonly (readonly number[])[]): { column: number; value: number } | null {
	let best: { column: number; value: number } | null = null;
	for (const row of rows) {
		row.forEach((v, column) => {
			if (Math.abs(v) > TOO_LARGE && (best === null || Math.abs(v) > Math.abs(best.value))) best = { column, value: v };
		});
	}
	return best;
}

/**
 * What to suggest when the loss turned non-finite: values of `x` (as the network
 * saw them, after any standardization) or of `y` too large for the network to
 * add up, naming the column and value; otherwise a smaller learning rate.
 */
export function trainingFailureHint(
	x: readonly (readonly number[])[],
	y: readonly (readonly number[])[] | readonly number[],
	features: readonly string[],
	target: string,
	normalized: boolean,
): string {
	const feature = largestColumn(x);
	if (feature !== null) {
		const name = features[feature.column] ?? `feature ${feature.column + 1}`;
		return `the feature '${name}' reaches ${formatNumber(feature.value)}, too large for the network's sums${normalized ? "" : ": try --normalize"}`;
	}
	const targets = largestColumn(y.map((v) => (typeof v === "number" ? [v] : v)));
	if (targets !== null) {
		return `the target '${target}' reaches ${formatNumber(targets.value)}, too large for the loss: scale the target down`;
	}
	return "try a smaller --lr";
}
