/** Keras's `model.summary()`: a table of layers, output shapes and parameter counts. */
import { noGrad, variable } from "@backprop/autograd";
import { zeros } from "@backprop/tensor";
import { Dense } from "./layers/dense";
import { Module, type ModuleLike, withMode } from "./module";

declare module "./module" {
	interface Module {
		/**
		 * Keras's summary: each layer's name and type, output shape and parameter
		 * count, then the totals. Output shapes come from running the layers on one
		 * zero sample of `inputShape` (batch dimension left out; default: the shape
		 * of the last input a Sequential saw, or its first Dense layer's inputs);
		 * without one they show `?`.
		 */
		summary(inputShape?: readonly number[]): string;
	}
}

/** One row of a model summary. */
export interface SummaryRow {
	/** The layer's name in the model (`conv2d_1`). */
	name: string;
	/** Its class (`Conv2D`). */
	type: string;
	/** Output shape with the batch dimension as null; null when no input shape was known. */
	outputShape: Array<number | null> | null;
	/** Trainable parameters (elements). */
	params: number;
	/** Saved, untrained values such as BatchNorm's running statistics (elements). */
	nonTrainable: number;
}

const count = (vs: ReadonlyArray<{ size: number }>) => vs.reduce((n, v) => n + v.size, 0);

/**
 * One row per direct sub-module of `model` (its layers for a Sequential), with
 * output shapes from running the layers in order on one zero sample of
 * `inputShape` (without the batch dimension), in evaluation mode and without
 * recording a graph. A layer that refuses the shape ends the shapes there
 * (the rest show null). For a module that is not a stack of layers, the
 * shape shown is the whole module's output, on its last row.
 */
export function summaryRows(model: ModuleLike, inputShape: readonly number[] | null): SummaryRow[] {
	const children = model instanceof Module ? model.children() : [];
	const stack = children.length > 0 && "layers" in model;
	const rows: SummaryRow[] = children.map(([name, layer]) => ({
		name,
		type: layer.constructor?.name ?? "?",
		outputShape: null,
		params: count(layer.parameters()),
		nonTrainable: layer instanceof Module ? count(layer.namedBuffers().map(([, b]) => b)) : 0,
	}));
	if (rows.length === 0 || !stack) {
		rows.push({
			name: model instanceof Module ? (model.name ?? model.kind) : "model",
			type: model.constructor?.name ?? "?",
			outputShape: null,
			params: stack ? 0 : count(model.parameters()) - rows.reduce((n, r) => n + r.params, 0),
			nonTrainable: 0,
		});
	}
	if (inputShape === null) return rows;
	noGrad(() =>
		withMode(model, false, () => {
			const input = variable(zeros([1, ...inputShape]));
			if (!stack) {
				const out = tryForward(model, input);
				const last = rows[rows.length - 1] as SummaryRow;
				if (out) last.outputShape = [null, ...out.shape.slice(1)];
				return;
			}
			let x = input;
			for (let i = 0; i < children.length; i++) {
				const out = tryForward((children[i] as [string, ModuleLike])[1], x);
				if (!out) break;
				(rows[i] as SummaryRow).outputShape = [null, ...out.shape.slice(1)];
				x = out;
			}
		}),
	);
	return rows;
}

function tryForward(layer: ModuleLike, x: ReturnType<typeof variable>) {
	try {
		return layer.forward(x);
	} catch {
		return null;
	}
}

const thousands = (n: number) => n.toLocaleString("en-US");

/** The summary as text: a title, the table, the totals. */
export function summarize(model: ModuleLike, inputShape: readonly number[] | null): string {
	const rows = summaryRows(model, inputShape);
	const cells = [
		["Layer (type)", "Output Shape", "Param #"],
		...rows.map((r) => [
			`${r.name} (${r.type})`,
			r.outputShape ? `(${r.outputShape.map((d) => (d === null ? "None" : String(d))).join(", ")})` : "?",
			thousands(r.params + r.nonTrainable),
		]),
	];
	const widths = [0, 1, 2].map((c) => Math.max(...cells.map((row) => (row[c] as string).length)));
	const line = (row: string[]) =>
		row
			.map((cell, c) => (c === 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
			.join("   ")
			.trimEnd();
	const width = widths.reduce((a, b) => a + b, 0) + 6;
	const trainable = rows.reduce((n, r) => n + r.params, 0);
	const frozen = rows.reduce((n, r) => n + r.nonTrainable, 0);
	return [
		`Model: "${model instanceof Module ? (model.name ?? model.kind) : "model"}" (${model.constructor?.name ?? "?"})`,
		"─".repeat(width),
		line(cells[0] as string[]),
		"═".repeat(width),
		...cells.slice(1).map(line),
		"─".repeat(width),
		`Total params: ${thousands(trainable + frozen)}`,
		`Trainable params: ${thousands(trainable)}`,
		`Non-trainable params: ${thousands(frozen)}`,
	].join("\n");
}

// Attached here, outside the class file, as the ops are attached to Variable.
Object.defineProperty(Module.prototype, "summary", {
	value: function summary(this: Module, inputShape?: readonly number[]): string {
		return summarize(this, inputShape ?? defaultInputShape(this));
	},
	writable: true,
	configurable: true,
});

function defaultInputShape(model: Module): number[] | null {
	const seen = (model as { lastInputShape?: number[] | null }).lastInputShape;
	if (seen) return seen;
	const first = model.children()[0]?.[1];
	return "layers" in model && first instanceof Dense ? [first.inputs] : null;
}
