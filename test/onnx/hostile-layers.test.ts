/**
 * The import rows of the layers of issue 11 refuse what they cannot represent,
 * naming the node (name and op type) and the attribute or value, before anything
 * is built; and hostile values (absurd windows, weights that disagree with the
 * input) are refused the same way.
 */
import { AvgPool2D, BatchNorm, Conv2D, Dense, LSTM, Sequential } from "@backprop/nn";
import { fromOnnx, OnnxError, toOnnx } from "@backprop/onnx";
import { Rng } from "@backprop/tensor";
import onnxProto from "onnx-proto";
import { describe, expect, it } from "vitest";

const { onnx } = onnxProto;
type Model = onnxProto.onnx.ModelProto;
type Node = onnxProto.onnx.INodeProto;

/** Our export of a Conv2D (3x3, 2 → 3 channels) on [N, 6, 6, 2], float32, decoded for editing. */
function convModel(): Model {
	const model = new Sequential([new Conv2D(2, 3, 3, { rng: new Rng(1), dtype: "float32" })]);
	return onnx.ModelProto.decode(toOnnx(model, { inputShape: [null, 6, 6, 2] }));
}

function node(m: Model, opType: string): Node {
	const found = m.graph?.node?.find((n) => n.opType === opType);
	if (!found) throw new Error(`no ${opType} node`);
	return found;
}

function setInts(n: Node, name: string, ints: number[]): void {
	n.attribute = [...(n.attribute ?? []).filter((a) => a.name !== name), { name, type: 7, ints }];
}

function refuses(m: Model, message: string | RegExp): void {
	const bytes = onnx.ModelProto.encode(m).finish();
	expect(() => fromOnnx(bytes)).toThrow(OnnxError);
	expect(() => fromOnnx(bytes)).toThrow(message);
}

describe("fromOnnx refuses window ops it cannot represent, naming node and attribute", () => {
	it("the unedited Conv2D export reads back (the edits below are what break it)", () => {
		expect(fromOnnx(onnx.ModelProto.encode(convModel()).finish()).layers.length).toBe(1);
	});

	it("an absurd kernel_shape", () => {
		const m = convModel();
		setInts(node(m, "Conv"), "kernel_shape", [100000, 100000]);
		refuses(m, "node 'layer0_Conv' (Conv): kernel_shape [100000,100000] is not supported (two sizes from 1 to 1024");
	});

	it("a kernel_shape that disagrees with the weight", () => {
		const m = convModel();
		setInts(node(m, "Conv"), "kernel_shape", [2, 2]);
		refuses(m, "node 'layer0_Conv' (Conv): kernel_shape [2,2] disagrees with the weight [3,2,3,3]");
	});

	it("a Conv weight whose input channels disagree with the input", () => {
		const m = convModel();
		// the input [N, 6, 6, 2] becomes [N, 6, 6, 5]: 5 channels reach a [3, 2, 3, 3] filter
		const dims = m.graph?.input?.[0]?.type?.tensorType?.shape?.dim ?? [];
		(dims[3] as { dimValue: number }).dimValue = 5;
		refuses(
			m,
			"node 'layer0_Conv' (Conv): weight 'layer0_weight' [3,2,3,3] does not fit an input of 5 channels (expected [out, 5, kh, kw])",
		);
	});

	it("group other than 1, and pads neither 'valid' nor 'same'", () => {
		const grouped = convModel();
		node(grouped, "Conv").attribute?.push({ name: "group", type: 2, i: 2 });
		refuses(grouped, "node 'layer0_Conv' (Conv): group 2 is not supported (only 1)");
		const padded = convModel();
		setInts(node(padded, "Conv"), "pads", [2, 0, 0, 0]);
		refuses(
			padded,
			"node 'layer0_Conv' (Conv): pads [2,0,0,0] on an input 6x6 are neither 'valid' (no pads) nor 'same' (pads [1,1,1,1])",
		);
	});

	it("AveragePool counting the padding in the mean", () => {
		const model = new Sequential([new AvgPool2D({ poolSize: 3, strides: 1, padding: "same" })]);
		const m = onnx.ModelProto.decode(toOnnx(model, { inputShape: [null, 4, 4, 2], dtype: "float32" }));
		node(m, "AveragePool").attribute?.push({ name: "count_include_pad", type: 2, i: 1 });
		refuses(
			m,
			"node 'layer0_AveragePool' (AveragePool): count_include_pad 1 with pads is not supported (AvgPool2D leaves padded cells out of the mean)",
		);
	});
});

describe("fromOnnx refuses other forms of the new rows", () => {
	it("BatchNormalization in training mode, and statistics of another size", () => {
		const bn = new BatchNorm(2, { dtype: "float32" });
		const base = onnx.ModelProto.decode(toOnnx(new Sequential([bn]), { dtype: "float32" }));
		// Rebuild the graph as one BatchNormalization node with the four statistics as initializers
		const make = (training: number, size: number): Model => {
			const m = onnx.ModelProto.decode(onnx.ModelProto.encode(base).finish());
			const stats = ["s", "b", "mean", "var"].map((name) => ({
				name,
				dims: [size],
				dataType: 1,
				floatData: new Array(size).fill(1),
			}));
			m.graph!.initializer = stats;
			m.graph!.node = [
				{
					name: "bn",
					opType: "BatchNormalization",
					input: ["input", "s", "b", "mean", "var"],
					output: ["output"],
					attribute: training ? [{ name: "training_mode", type: 2, i: 1 }] : [],
				},
			];
			return m;
		};
		expect(fromOnnx(onnx.ModelProto.encode(make(0, 2)).finish()).layers[0]).toBeInstanceOf(BatchNorm);
		refuses(make(1, 2), "node 'bn' (BatchNormalization): training_mode 1 is not supported (only inference)");
		refuses(make(0, 3), "node 'bn' (BatchNormalization): 's' has shape [3], expected [2]");
	});

	it("a Transpose that leaves the batch axis elsewhere at the output", () => {
		const m = onnx.ModelProto.decode(
			toOnnx(new Sequential([new Dense(3, 2, { rng: new Rng(2) })]), { dtype: "float32" }),
		);
		const gemm = node(m, "Gemm");
		gemm.output = ["gemm_out"];
		m.graph!.node!.push({
			name: "swap",
			opType: "Transpose",
			input: ["gemm_out"],
			output: ["output"],
			attribute: [{ name: "perm", type: 7, ints: [1, 0] }],
		});
		refuses(m, /the graph's output 'output'.*: needs its input \[2,N\] with the batch axis first/);
	});

	it("a Reshape whose shape moves the batch axis, and a Gather of a table by a float input", () => {
		const m = onnx.ModelProto.decode(
			toOnnx(new Sequential([new Dense(4, 2, { rng: new Rng(2) })]), { dtype: "float32" }),
		);
		const gemm = node(m, "Gemm");
		gemm.input = ["reshaped", ...(gemm.input ?? []).slice(1)];
		m.graph!.initializer!.push({ name: "shape", dims: [2], dataType: 7, int64Data: [2, -1] });
		m.graph!.node!.unshift({ name: "r", opType: "Reshape", input: ["input", "shape"], output: ["reshaped"] });
		refuses(m, "node 'r' (Reshape): shape [2,-1] does not keep the batch axis first (its first entry must be 0 or -1)");
		const g = onnx.ModelProto.decode(
			toOnnx(new Sequential([new Dense(4, 2, { rng: new Rng(2) })]), { dtype: "float32" }),
		);
		const gemm2 = node(g, "Gemm");
		gemm2.input = ["looked_up", ...(gemm2.input ?? []).slice(1)];
		g.graph!.initializer!.push({ name: "table", dims: [5, 4], dataType: 1, floatData: new Array(20).fill(0) });
		g.graph!.node!.unshift({ name: "lookup", opType: "Gather", input: ["table", "input"], output: ["looked_up"] });
		refuses(
			g,
			"node 'lookup' (Gather): a Gather of the table 'table' must read the graph's input of indices (an Embedding)",
		);
	});

	it("an LSTM in both directions, and one whose cell state is read", () => {
		// An ONNX LSTM written by hand: the input [N, 2, 3] transposed to X [time 2, batch N, inputs 3], hidden 1, reading Y_h
		const lstm = (attributes: onnxProto.onnx.IAttributeProto[], outputs: string[], squeezed = "h"): Model => {
			const m = onnx.ModelProto.decode(toOnnx(new Sequential([new Dense(1, 1)]), { dtype: "float32" }));
			m.graph!.input![0]!.type!.tensorType!.shape!.dim = [{ dimParam: "N" }, { dimValue: 2 }, { dimValue: 3 }];
			m.graph!.initializer = [
				{ name: "W", dims: [1, 4, 3], dataType: 1, floatData: new Array(12).fill(0.1) },
				{ name: "R", dims: [1, 4, 1], dataType: 1, floatData: new Array(4).fill(0.1) },
			];
			m.graph!.node = [
				{
					name: "t",
					opType: "Transpose",
					input: ["input"],
					output: ["x"],
					attribute: [{ name: "perm", type: 7, ints: [1, 0, 2] }],
				},
				{
					name: "rnn",
					opType: "LSTM",
					input: ["x", "W", "R"],
					output: outputs,
					attribute: [{ name: "hidden_size", type: 2, i: 1 }, ...attributes],
				},
				// Y_h [1, N, 1] → [N, 1]
				{ name: "sq", opType: "Squeeze", input: [squeezed, "axes"], output: ["output"] },
			];
			m.graph!.initializer.push({ name: "axes", dims: [1], dataType: 7, int64Data: [0] });
			return m;
		};
		// the Transpose to time-major X is our LSTM's own layout: the model is the LSTM alone
		const back = fromOnnx(onnx.ModelProto.encode(lstm([], ["", "h"])).finish());
		expect(back.layers.map((l) => l.constructor.name)).toEqual(["LSTM"]);
		expect(back.layers[0]).toBeInstanceOf(LSTM);
		refuses(
			lstm([{ name: "direction", type: 3, s: new TextEncoder().encode("bidirectional") }], ["", "h"]),
			"node 'rnn' (LSTM): direction bidirectional is not supported (only forward)",
		);
		refuses(lstm([], ["", "h", "c"], "c"), "node 'rnn' (LSTM): the cell state output Y_c 'c' is not supported");
	});
});
