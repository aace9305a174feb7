/**
 * Files fromOnnx must refuse, each with a clear error naming what is wrong and
 * before anything is built: corrupt bytes, absurd sizes, external data, huge
 * constants, cycles, and ops, opsets or data types outside the supported set.
 */
import { type Activation, sequential } from "@backprop/nn";
import { fromOnnx, OnnxError, toOnnx } from "@backprop/onnx";
import onnxProto from "onnx-proto";
import { describe, expect, it } from "vitest";

const { onnx } = onnxProto;

/** A valid float32 file of a 2-3-1 network (Gemm, Relu, Gemm), decoded for editing. */
function base(): onnxProto.onnx.ModelProto {
	return onnx.ModelProto.decode(toOnnx(sequential([2, 3, 1], { seed: 1, dtype: "float32" })));
}

/** The bytes of `base()` after `edit`. */
function edited(edit: (m: onnxProto.onnx.ModelProto) => void): Uint8Array {
	const m = base();
	edit(m);
	return onnx.ModelProto.encode(m).finish();
}

function refuses(bytes: Uint8Array, message: string | RegExp): void {
	expect(() => fromOnnx(bytes)).toThrow(OnnxError);
	expect(() => fromOnnx(bytes)).toThrow(message);
}

describe("fromOnnx refuses hostile or corrupt files", () => {
	it("the unedited file reads (the edits below are what breaks it)", () => {
		expect(fromOnnx(edited(() => undefined)).layers.length).toBe(2);
	});

	it("a truncated file", () => {
		const bytes = toOnnx(sequential([2, 3, 1], { seed: 1 }));
		refuses(
			bytes.slice(0, Math.floor(bytes.length / 2)),
			/fromOnnx: not an ONNX model \(truncated or corrupt protobuf: /,
		);
	});

	it("an empty file, and bytes that are not protobuf at all", () => {
		refuses(new Uint8Array(0), "fromOnnx: the file is empty");
		refuses(new TextEncoder().encode('{ "format": "backprop.model" }'), /fromOnnx: /);
	});

	it("an initializer with absurd dimensions", () => {
		const bytes = edited((m) => {
			m.graph!.initializer![0]!.dims = [1_000_000_000_000, 2];
		});
		refuses(bytes, /initializer 'layer0_weight': dimension 1000000000000 is absurd/);
	});

	it("an initializer whose shape promises more values than the file holds", () => {
		const bytes = edited((m) => {
			m.graph!.initializer![0]!.dims = [1000, 1000];
		});
		refuses(bytes, "initializer 'layer0_weight': shape [1000,1000] needs 1000000 values but the file holds 6");
	});

	it("an external-data reference", () => {
		const bytes = edited((m) => {
			const t = m.graph!.initializer![0]!;
			t.floatData = [];
			t.dataLocation = 1;
			t.externalData = [{ key: "location", value: "../../etc/weights.bin" }];
		});
		refuses(bytes, "initializer 'layer0_weight': refers to external data (../../etc/weights.bin), which is never read");
	});

	it("constants beyond maxParameters", () => {
		// 2·3 + 3 + 3·1 + 1 = 13 weights
		const bytes = toOnnx(sequential([2, 3, 1], { seed: 1 }));
		expect(() => fromOnnx(bytes, { maxParameters: 12 })).toThrow(/the constants hold more than 12 weights/);
		expect(fromOnnx(bytes, { maxParameters: 13 }).layers.length).toBe(2);
	});

	it("a cycle in the graph", () => {
		const bytes = edited((m) => {
			const nodes = m.graph!.node!;
			// Gemm reads the Relu's output, which reads the Gemm's output
			nodes[0]!.input![0] = nodes[1]!.output![0]!;
		});
		refuses(bytes, /fromOnnx: the graph has a cycle: node 'layer0_Gemm' \(Gemm\) waits on its own output/);
	});

	it("a node reading a value nothing defines", () => {
		const bytes = edited((m) => {
			m.graph!.node![1]!.input![0] = "nowhere";
		});
		refuses(bytes, "node 'layer0_Relu' (Relu): reads 'nowhere', which no node or input defines");
	});

	it("absurd input dimensions", () => {
		const bytes = edited((m) => {
			m.graph!.input![0]!.type!.tensorType!.shape!.dim![1] = { dimValue: 4_000_000_000 };
		});
		refuses(bytes, "input 'input': dimension 1 is 4000000000, which is absurd (1 to 1000000)");
	});
});

describe("fromOnnx names the first thing outside the supported set", () => {
	it("an unsupported op", () => {
		const bytes = edited((m) => {
			m.graph!.node![1]!.opType = "Einsum";
		});
		refuses(
			bytes,
			/node 'layer0_Relu' \(Einsum\): op Einsum is not supported \(supported: Add, AveragePool, BatchNormalization, Constant, Conv, /,
		);
	});

	it("an op of another domain", () => {
		const bytes = edited((m) => {
			m.graph!.node![1]!.domain = "com.microsoft";
		});
		refuses(bytes, "node 'layer0_Relu' (Relu): op com.microsoft.Relu is not supported");
	});

	it("an opset outside 11 to 22", () => {
		refuses(
			edited((m) => {
				m.opsetImport![0]!.version = 7;
			}),
			"fromOnnx: opset 7 is not supported (11 to 22)",
		);
	});

	it("an IR version it does not know", () => {
		refuses(
			edited((m) => {
				m.irVersion = 99;
			}),
			"fromOnnx: IR version 99 is not supported (3 to 10)",
		);
	});

	it("a data type other than FLOAT or DOUBLE", () => {
		refuses(
			edited((m) => {
				m.graph!.input![0]!.type!.tensorType!.elemType = 10;
			}),
			"fromOnnx: input 'input': data type FLOAT16 is not supported (FLOAT or DOUBLE, or INT64/INT32 indices)",
		);
		refuses(
			edited((m) => {
				const t = m.graph!.initializer![1]!;
				t.dataType = 10;
			}),
			"fromOnnx: initializer 'layer0_bias': data type FLOAT16 is not supported (FLOAT or DOUBLE)",
		);
	});

	it("Gemm attributes other than PyTorch's and ours", () => {
		refuses(
			edited((m) => {
				m.graph!.node![0]!.attribute = [{ name: "alpha", type: 1, f: 2 }];
			}),
			"node 'layer0_Gemm' (Gemm): alpha other than 1 is not supported",
		);
	});

	it("a branching graph", () => {
		const bytes = edited((m) => {
			// the second Gemm reads the graph input instead of the Relu's output
			m.graph!.node![2]!.input![0] = "input";
		});
		refuses(bytes, /node 'layer1_Gemm' \(Gemm\): reads 'input'; only a chain of layers is supported/);
	});

	it("a LeakyRelu slope other than 0.01", () => {
		const model = sequential([2, 2], { outputActivation: "leakyRelu", seed: 1 });
		const m = onnx.ModelProto.decode(toOnnx(model));
		m.graph!.node![1]!.attribute![0]!.f = 0.2;
		refuses(onnx.ModelProto.encode(m).finish(), /alpha 0.2\d* is not supported \(leakyRelu has slope 0.01\)/);
	});

	it("two activations in a row: the second becomes an Activation layer", () => {
		const model = sequential([2, 2], { outputActivation: "relu", seed: 1 });
		const back = fromOnnx(toOnnx(model, { softmax: true }));
		expect(back.layers.map((l) => l.constructor.name)).toEqual(["Dense", "Activation"]);
		expect((back.layers[1] as Activation).activation.name).toBe("softmax");
	});
});
