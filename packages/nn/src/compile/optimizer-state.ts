/**
 * Moves an optimizer's per-parameter state (momentum buffers, Adam's moments and
 * step counts, RMSProp's averages) between the optimizer object and the compiled
 * step's buffers, so training can switch between the two paths and continue.
 * The fields are private to each optimizer class; this file is the one place
 * that reads them, by the names those classes give them.
 */
import { type Tensor, tensor } from "@backprop/tensor";
import type { Optimizer } from "../optimizers/optimizer";
import type { StepPlan } from "./plan";

type Slots = Array<Tensor | null>;

// Each state buffer name of emit.ts's stateNames, and the optimizer field holding it.
const FIELDS: Record<StepPlan["update"]["kind"], Record<string, string>> = {
	sgd: { m: "buffers" },
	adam: { m: "m", v: "v" },
	rmsprop: { sq: "square", av: "average", mo: "buffers" },
};

function slots(optimizer: Optimizer, field: string): Slots {
	return (optimizer as unknown as Record<string, Slots>)[field] as Slots;
}

/** Copies the optimizer's state into `buffers` (zeros where it has none); returns the step count and whether no step ran. */
export function importState(
	optimizer: Optimizer,
	plan: StepPlan,
	names: readonly string[],
	buffers: Record<string, Float64Array>,
): { step: number; fresh: boolean } {
	let fresh = true;
	for (const [prefix, field] of Object.entries(FIELDS[plan.update.kind])) {
		const held = slots(optimizer, field);
		names.forEach((name, i) => {
			const target = buffers[`${prefix}${name}`];
			const value = held[i] ?? null;
			if (!target) return;
			if (value === null) target.fill(0);
			else {
				target.set(value.dataSync());
				fresh = false;
			}
		});
	}
	const steps = (optimizer as unknown as { steps?: number[] }).steps;
	return { step: steps?.[0] ?? 0, fresh };
}

/** Writes `buffers` back into the optimizer's state (as new tensors shaped like each parameter). */
export function exportState(
	optimizer: Optimizer,
	plan: StepPlan,
	names: readonly string[],
	shapes: readonly (readonly number[])[],
	buffers: Record<string, Float64Array>,
	step: number,
): void {
	for (const [prefix, field] of Object.entries(FIELDS[plan.update.kind])) {
		const held = slots(optimizer, field);
		names.forEach((name, i) => {
			const source = buffers[`${prefix}${name}`];
			if (source) held[i] = tensor(source, { shape: shapes[i] as number[] });
		});
	}
	const steps = (optimizer as unknown as { steps?: number[] }).steps;
	if (steps) steps.fill(step);
}
