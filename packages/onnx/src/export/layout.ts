/**
 * Moving a value between our channels-last layout and ONNX's channels-first one
 * (one Transpose each way), so a run of window layers transposes only at its edges.
 */
import type { GraphBuilder } from "./graph-builder";
import type { ExportValue } from "./layer-table";

/** The perm moving the last axis of a rank-`rank` value to position 1: NHWC → NCHW for rank 4. */
export function channelsFirstPerm(rank: number): number[] {
	return [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];
}

/** The perm moving axis 1 of a rank-`rank` value to the end: NCHW → NHWC for rank 4. */
export function channelsLastPerm(rank: number): number[] {
	return [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
}

/** `value` stored channels-first: itself when it already is (or has rank < 3), else a Transpose of it. */
export function toChannelsFirst(graph: GraphBuilder, value: ExportValue, prefix: string): ExportValue {
	const rank = value.shape.length;
	if (value.layout === "channelsFirst" || rank < 3) return value;
	const name = graph.node("Transpose", [value.name], `${prefix}_to_channels_first`, {
		perm: { ints: channelsFirstPerm(rank) },
	});
	return { ...value, name, layout: "channelsFirst" };
}

/** `value` stored channels-last (ours): itself when it already is, else a Transpose of it. */
export function toChannelsLast(graph: GraphBuilder, value: ExportValue, prefix: string): ExportValue {
	if (value.layout !== "channelsFirst") return value;
	const name = graph.node("Transpose", [value.name], `${prefix}_to_channels_last`, {
		perm: { ints: channelsLastPerm(value.shape.length) },
	});
	return { ...value, name, layout: "channelsLast" };
}
