/** `fromOnnx`: the bytes of an ONNX model as a Sequential of @backprop/nn layers. */
import { Sequential } from "@backprop/nn";
import type { DType, Tensor } from "@backprop/tensor";
import { OnnxError } from "../errors";
import { dataTypeName, int64, type OnnxTypes, onnx } from "../proto";
import "./built-in-rows";
import { describeNode, topologicalOrder } from "./graph-order";
import type { LayerSpec } from "./layer-specs";
import {
	DEFAULT_MAX_PARAMETERS,
	IMPORT_OPSETS,
	IR_VERSIONS,
	MAX_DIMENSION,
	MAX_FILE_BYTES,
	MAX_NODES,
	MAX_RANK,
} from "./limits";
import { NodeView } from "./node-view";
import { findOpImporter, type ImportState, importableOps } from "./op-table";
import { checkConstant, dtypeOf, readConstant } from "./tensors";

/** Options of {@link fromOnnx}. */
export interface FromOnnxOptions {
	/** Refuse files whose constants hold more weights than this (default 50 000 000). */
	maxParameters?: number;
}

function fail(message: string): never {
	throw new OnnxError(`fromOnnx: ${message}`);
}

function decode(bytes: Uint8Array | ArrayBuffer): OnnxTypes.ModelProto {
	const data = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
	if (!(data instanceof Uint8Array)) fail("expected the file's bytes (a Uint8Array or ArrayBuffer)");
	if (data.length === 0) fail("the file is empty");
	if (data.length > MAX_FILE_BYTES) fail(`the file is ${data.length} bytes, more than ${MAX_FILE_BYTES}`);
	try {
		return onnx.ModelProto.decode(data);
	} catch (e) {
		return fail(`not an ONNX model (truncated or corrupt protobuf: ${(e as Error).message})`);
	}
}

function checkVersions(model: OnnxTypes.ModelProto): number {
	const ir = int64(model.irVersion);
	if (!(ir >= IR_VERSIONS.min && ir <= IR_VERSIONS.max)) {
		fail(`IR version ${String(ir)} is not supported (${IR_VERSIONS.min} to ${IR_VERSIONS.max})`);
	}
	const imports = (model.opsetImport ?? []).filter((o) => (o.domain ?? "") === "" || o.domain === "ai.onnx");
	if (imports.length !== 1) fail("the model does not import the default ONNX opset exactly once");
	const opset = int64(imports[0]?.version);
	if (!(opset >= IMPORT_OPSETS.min && opset <= IMPORT_OPSETS.max)) {
		fail(`opset ${String(opset)} is not supported (${IMPORT_OPSETS.min} to ${IMPORT_OPSETS.max})`);
	}
	return opset;
}

// The graph's one data input: its name, dtype and shape (batch first).
function graphInput(graph: OnnxTypes.IGraphProto, constants: ReadonlySet<string>) {
	const inputs = (graph.input ?? []).filter((i) => !constants.has(i.name ?? ""));
	if (inputs.length !== 1) fail(`expected one graph input, got ${inputs.length}`);
	const input = inputs[0] as OnnxTypes.IValueInfoProto;
	const where = `input '${input.name}'`;
	const type = input.type?.tensorType;
	if (!type) fail(`${where} is not a tensor`);
	const code = type.elemType ?? 0;
	const dtype = dtypeOf(code);
	if (dtype === null) fail(`${where}: data type ${dataTypeName(code)} is not supported (FLOAT or DOUBLE)`);
	const dims = type.shape?.dim ?? [];
	if (dims.length < 2 || dims.length > MAX_RANK)
		fail(`${where}: rank ${dims.length} is not supported (2 to ${MAX_RANK})`);
	const shape = dims.map((d, i): number | null => {
		if (d.dimValue === undefined || d.dimValue === null) {
			if (i === 0) return null;
			return fail(`${where}: dimension ${i} must be a fixed size, got '${d.dimParam ?? "?"}'`);
		}
		const v = int64(d.dimValue);
		if (!Number.isInteger(v) || v < 1 || v > MAX_DIMENSION) {
			fail(`${where}: dimension ${i} is ${String(v)}, which is absurd (1 to ${MAX_DIMENSION})`);
		}
		return i === 0 ? null : v;
	});
	return { name: input.name ?? "", dtype, shape };
}

/**
 * Reads an ONNX model into a Sequential of Dense layers. Supported: a chain of
 * Gemm (alpha = beta = 1, transA 0, transB 0 or 1) or MatMul (+ Add of a bias)
 * with constant weights, each optionally followed by Relu, Sigmoid, Tanh,
 * Softplus, LeakyRelu (alpha 0.01), Elu (alpha 1) or Softmax (last axis);
 * Identity, inference Dropout and Constant pass through. FLOAT or DOUBLE data,
 * default-domain opsets 11 to 22, IR versions 3 to 10. Nothing in the file is
 * run. Throws OnnxError naming the first unsupported node, the opset or data
 * type, and for a hostile file: truncated or corrupt bytes, absurd dimensions,
 * external-data references, constants beyond `maxParameters`, a cycle, a value
 * nothing defines.
 */
export function fromOnnx(bytes: Uint8Array | ArrayBuffer, options: FromOnnxOptions = {}): Sequential {
	const maxParameters = options.maxParameters ?? DEFAULT_MAX_PARAMETERS;
	if (!Number.isSafeInteger(maxParameters) || maxParameters < 1) {
		fail(`maxParameters must be a whole number of at least 1, got ${String(maxParameters)}`);
	}
	const model = decode(bytes);
	const opset = checkVersions(model);
	const graph = model.graph;
	if (!graph) fail("the model has no graph");
	if ((graph.sparseInitializer ?? []).length > 0) fail("sparse initializers are not supported");

	const initializers = new Map<string, { proto: OnnxTypes.ITensorProto; shape: number[]; dtype: DType }>();
	let parameters = 0;
	for (const t of graph.initializer ?? []) {
		const name = t.name ?? "";
		const where = `initializer '${name}'`;
		if (initializers.has(name)) fail(`${where} is defined twice`);
		const { shape, size, dtype } = checkConstant(t, where);
		parameters += size;
		if (parameters > maxParameters) fail(`the constants hold more than ${maxParameters} weights (at ${where})`);
		initializers.set(name, { proto: t, shape, dtype });
	}
	const input = graphInput(graph, new Set(initializers.keys()));
	for (const [name, t] of initializers) {
		if (t.dtype !== input.dtype) fail(`initializer '${name}' is ${t.dtype} but the input is ${input.dtype}`);
	}
	const outputs = graph.output ?? [];
	if (outputs.length !== 1) fail(`expected one graph output, got ${outputs.length}`);
	const nodes = graph.node ?? [];
	if (nodes.length > MAX_NODES) fail(`the graph has ${nodes.length} nodes, more than ${MAX_NODES}`);
	const order = topologicalOrder(nodes, new Set([input.name, ...initializers.keys()]));

	const read = new Map<string, Tensor>();
	const layers: LayerSpec[] = [];
	const state: ImportState = {
		dtype: input.dtype,
		opset,
		layers,
		current: input.name,
		shape: input.shape,
		isConstant: (name) => initializers.has(name) || read.has(name),
		constant(name, node) {
			const cached = read.get(name);
			if (cached) return cached;
			const t = initializers.get(name);
			if (!t) return node.fail(`'${name}' must be a constant (an initializer)`);
			const value = readConstant(t.proto, t.shape, t.dtype);
			read.set(name, value);
			return value;
		},
		defineConstant(name, value) {
			if (value.dtype !== input.dtype) fail(`constant '${name}' is ${value.dtype} but the input is ${input.dtype}`);
			parameters += value.size;
			if (parameters > maxParameters) fail(`the constants hold more than ${maxParameters} weights (at '${name}')`);
			read.set(name, value);
		},
	};
	order.forEach((proto) => {
		const node: NodeView = new NodeView(proto, describeNode(proto, nodes.indexOf(proto)));
		const row = (proto.domain ?? "") === "" || proto.domain === "ai.onnx" ? findOpImporter(node.opType) : undefined;
		if (!row) {
			const op = proto.domain ? `${proto.domain}.${node.opType}` : node.opType;
			node.fail(`op ${op} is not supported (supported: ${importableOps().join(", ")})`);
		}
		if (!row.makesConstant) {
			const data = node.inputs.filter((name) => name !== "" && !state.isConstant(name));
			if (data.length !== 1 || data[0] !== state.current) {
				node.fail(
					`reads ${data.map((d) => `'${d}'`).join(", ") || "only constants"}; only a chain of layers is supported (each node reads the previous node's output '${state.current}')`,
				);
			}
		}
		row.read(node, state);
		if (!row.makesConstant) (state as { current: string }).current = node.outputs[0] as string;
	});
	const outputName = outputs[0]?.name ?? "";
	if (outputName !== state.current) {
		fail(`the graph's output '${outputName}' is not the output of its last layer ('${state.current}')`);
	}
	if (layers.length === 0) fail("the graph has no layers (no Gemm or MatMul)");
	const result = new Sequential(layers.map((spec) => spec.build(input.dtype)));
	result.metadata = { source: "onnx", producer: model.producerName ?? "" };
	return result;
}
