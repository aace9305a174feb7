/** Telling a run that diverged from one that learned: the loss ends far above where it began. */
import { formatNumber } from "../format";

// How many times the first epoch's loss the last one may reach before we call it divergence.
const DIVERGED_RATIO = 10;

/**
 * A warning when the last epoch's loss is more than 10 times the first's (SGD
 * with a learning rate too large: the weights grow each step instead of
 * settling), naming both losses and the learning rate; null otherwise.
 */
export function divergenceWarning(loss: readonly number[], lr: number): string | null {
	const first = loss[0];
	const last = loss[loss.length - 1];
	if (loss.length < 2 || first === undefined || last === undefined || !(first > 0)) return null;
	if (!(last > DIVERGED_RATIO * first)) return null;
	return `training diverged: the loss rose from ${formatNumber(first)} to ${formatNumber(last)} (more than ${DIVERGED_RATIO} times the first epoch's); try a smaller --lr than ${lr}`;
}
