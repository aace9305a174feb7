/** `fromOnnx`: the bytes of an ONNX model as a Sequential of @backprop/nn layers. */
import { Sequential } from "@backprop/nn";
import type { DType, Tensor } from "@backprop/tensor";
import { decodeModel } from "../decode-model";
import { OnnxError } from "../errors";
import { dataTypeName, int64, type OnnxTypes } from "../proto";
import "./built-in-rows";
import { describeNode, topologicalOrder } from "./graph-order";
import { findLayerNorms, type LayerNormPattern, type PatternConstants } from "./layer-norm-pattern";
import type { LayerSpec } from "./layer-specs";
import { holdExact, identity } from "./layout";
import { DEFAULT_MAX_PARAMETERS, IMPORT_OPSETS, IR_VERSIONS, MAX_DIMENSION, MAX_NODES, MAX_RANK } from "./limits";
import { NodeView } from "./node-view";
import { findOpImporter, type ImportState, importableOps } from "./op-table";
import { readLayerNormPattern } from "./ops/normalization";
import { ShapeBranch } from "./shape-branch";
import { checkConstant, dtypeOf, type IntConstant, isIntType, readConstant, readInts } from "./tensors";

/** Options of {@link fromOnnx}. */
export interface FromOnnxOptions {
	/** Refuse files whose constants hold more weights than this (default 50 000 000). */
	maxParameters?: number;
}

function fail(message: string): never {
	throw new OnnxError(`fromOnnx: ${message}`);
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

// The graph's one data input: its name, dtype (null for integer indices) and shape (batch first).
function graphInput(graph: OnnxTypes.IGraphProto, constants: ReadonlySet<string>) {
	const inputs = (graph.input ?? []).filter((i) => !constants.has(i.name ?? ""));
	if (inputs.length !== 1) fail(`expected one graph input, got ${inputs.length}`);
	const input = inputs[0] as OnnxTypes.IValueInfoProto;
	const where = `input '${input.name}'`;
	const type = input.type?.tensorType;
	if (!type) fail(`${where} is not a tensor`);
	const code = type.elemType ?? 0;
	const dtype = dtypeOf(code);
	if (dtype === null && !isIntType(code)) {
		fail(`${where}: data type ${dataTypeName(code)} is not supported (FLOAT or DOUBLE, or INT64/INT32 indices)`);
	}
	const dims = type.shape?.dim ?? [];
	if (dims.length < 2 || dims.length > MAX_RANK)
		fail(`${where}: rank ${dims.length} is not supported (2 to ${MAX_RANK})`);
	let batchSize: number | null = null;
	const shape = dims.map((d, i): number | null => {
		if (d.dimValue === undefined || d.dimValue === null) {
			if (i === 0) return null;
			return fail(`${where}: dimension ${i} must be a fixed size, got '${d.dimParam ?? "?"}'`);
		}
		const v = int64(d.dimValue);
		if (!Number.isInteger(v) || v < 1 || v > MAX_DIMENSION) {
			fail(`${where}: dimension ${i} is ${String(v)}, which is absurd (1 to ${MAX_DIMENSION})`);
		}
		if (i === 0) batchSize = v;
		return i === 0 ? null : v;
	});
	return { name: input.name ?? "", dtype, shape, batchSize: batchSize as number | null };
}

// The constants the LayerNorm matcher may read: initializers and Constant nodes' values (read, never run).
function patternConstants(
	nodes: readonly OnnxTypes.INodeProto[],
	initializer: (name: string) => Tensor | null,
	ints: ReadonlyMap<string, IntConstant>,
	maxParameters: number,
): PatternConstants {
	const constantNodes = new Map<string, OnnxTypes.ITensorProto>();
	for (const n of nodes) {
		const value = (n.attribute ?? []).find((a) => a.name === "value")?.t;
		if (n.opType === "Constant" && value && (n.output ?? []).length === 1)
			constantNodes.set(n.output?.[0] ?? "", value);
	}
	return {
		float(name) {
			const fromFile = initializer(name);
			if (fromFile) return fromFile;
			const t = constantNodes.get(name);
			if (!t || isIntType(t.dataType ?? 0)) return null;
			const { shape, size, dtype } = checkConstant(t, `the Constant '${name}'`);
			return size > maxParameters ? null : readConstant(t, shape, dtype);
		},
		ints(name) {
			const t = constantNodes.get(name);
			return ints.get(name) ?? (t && isIntType(t.dataType ?? 0) ? readInts(t, `the Constant '${name}'`) : null);
		},
	};
}

// Stands for the graph's output in messages about it.
const OUTPUT_NODE = (name: string) => new NodeView({ opType: "output", input: [name] }, `the graph's output '${name}'`);

/**
 * Reads an ONNX model into a Sequential of @backprop/nn layers (in evaluation
 * mode). Supported: a chain of Gemm / MatMul (+ Add) as Dense, Conv as Conv2D,
 * MaxPool / AveragePool / GlobalAveragePool, BatchNormalization, LayerNormalization,
 * Mul / Add of per-channel constants, Flatten / Reshape / Transpose / Squeeze /
 * Unsqueeze, LSTM, Gather of a constant table (Embedding) and the activations
 * (see the package README for each row's limits). ONNX's NCHW values become NHWC
 * layers with Permute layers only where the layouts must meet. FLOAT or DOUBLE
 * data (INT64/INT32 indices for an Embedding input), default-domain opsets 11 to
 * 22, IR versions 3 to 10. Nothing in the file is run. Throws OnnxError naming
 * the first unsupported node (and attribute), the opset or data type, and for a
 * hostile file: truncated or corrupt bytes, absurd dimensions, external-data
 * references, constants beyond `maxParameters`, a cycle, a value nothing defines.
 */
export function fromOnnx(bytes: Uint8Array | ArrayBuffer, options: FromOnnxOptions = {}): Sequential {
	const maxParameters = options.maxParameters ?? DEFAULT_MAX_PARAMETERS;
	if (!Number.isSafeInteger(maxParameters) || maxParameters < 1) {
		fail(`maxParameters must be a whole number of at least 1, got ${String(maxParameters)}`);
	}
	const model = decodeModel(bytes, "fromOnnx");
	const opset = checkVersions(model);
	const graph = model.graph;
	if (!graph) fail("the model has no graph");
	if ((graph.sparseInitializer ?? []).length > 0) fail("sparse initializers are not supported");

	const initializers = new Map<string, { proto: OnnxTypes.ITensorProto; shape: number[]; dtype: DType }>();
	const intConstants = new Map<string, IntConstant>();
	let parameters = 0;
	const count = (size: number, where: string) => {
		parameters += size;
		if (parameters > maxParameters) fail(`the constants hold more than ${maxParameters} weights (at ${where})`);
	};
	for (const t of graph.initializer ?? []) {
		const name = t.name ?? "";
		const where = `initializer '${name}'`;
		if (initializers.has(name) || intConstants.has(name)) fail(`${where} is defined twice`);
		if (isIntType(t.dataType ?? 0)) {
			const ints = readInts(t, where);
			count(ints.values.length, where);
			intConstants.set(name, ints);
			continue;
		}
		const { shape, size, dtype } = checkConstant(t, where);
		count(size, where);
		initializers.set(name, { proto: t, shape, dtype });
	}
	const input = graphInput(graph, new Set([...initializers.keys(), ...intConstants.keys()]));
	const dtype =
		input.dtype ??
		[...initializers.values()][0]?.dtype ??
		fail(`input '${input.name}' holds integers but the graph has no float constants`);
	for (const [name, t] of initializers) {
		if (t.dtype !== dtype) fail(`initializer '${name}' is ${t.dtype} but the input is ${dtype}`);
	}
	const outputs = graph.output ?? [];
	if (outputs.length !== 1) fail(`expected one graph output, got ${outputs.length}`);
	const outputName = outputs[0]?.name ?? "";
	const nodes = graph.node ?? [];
	if (nodes.length > MAX_NODES) fail(`the graph has ${nodes.length} nodes, more than ${MAX_NODES}`);
	const order = topologicalOrder(nodes, new Set([input.name, ...initializers.keys(), ...intConstants.keys()]));
	const readNames = new Set([outputName, ...nodes.flatMap((n) => n.input ?? [])]);
	const readers = new Map<string, number>();
	for (const name of [outputName, ...nodes.flatMap((n) => n.input ?? [])])
		readers.set(name, (readers.get(name) ?? 0) + 1);

	const read = new Map<string, Tensor>();
	const branch = new ShapeBranch();
	const layers: LayerSpec[] = [];
	const isConstant = (name: string) => initializers.has(name) || read.has(name) || intConstants.has(name);
	const floatConstant = (name: string): Tensor | null => {
		const cached = read.get(name);
		if (cached) return cached;
		const t = initializers.get(name);
		if (!t) return null;
		const value = readConstant(t.proto, t.shape, t.dtype);
		read.set(name, value);
		return value;
	};
	let current = input.name;
	let next: string | null = null;
	const state: ImportState = {
		dtype,
		opset,
		layers,
		batchSize: input.batchSize,
		get current() {
			return current;
		},
		get inputIsIndices() {
			return input.dtype === null && current === input.name;
		},
		shape: [...input.shape],
		chainShape: [...input.shape],
		perm: identity(input.shape.length),
		isConstant,
		constant(name, node) {
			return floatConstant(name) ?? node.fail(`'${name}' must be a float constant (an initializer)`);
		},
		ints(name, node) {
			return intConstants.get(name) ?? node.fail(`'${name}' must be an integer constant (INT64 or INT32)`);
		},
		isZeros: (name) => branch.isZeros(name),
		defineConstant(name, value) {
			if (value.dtype !== dtype) fail(`constant '${name}' is ${value.dtype} but the input is ${dtype}`);
			count(value.size, `'${name}'`);
			read.set(name, value);
		},
		defineInts(name, value) {
			count(value.values.length, `'${name}'`);
			intConstants.set(name, value);
		},
		isRead: (name) => readNames.has(name),
		continueWith(name) {
			next = name;
		},
	};
	const patterns = new Map<OnnxTypes.INodeProto, LayerNormPattern>();
	for (const p of findLayerNorms(nodes, readers, patternConstants(nodes, floatConstant, intConstants, maxParameters))) {
		for (const n of p.nodes) patterns.set(n, p);
	}
	const patternsRead = new Set<LayerNormPattern>();
	for (const proto of order) {
		const node: NodeView = new NodeView(proto, describeNode(proto, nodes.indexOf(proto)));
		const pattern = patterns.get(proto);
		if (pattern) {
			if (patternsRead.has(pattern)) continue;
			patternsRead.add(pattern);
			if (pattern.input !== current || state.inputIsIndices) {
				node.fail(
					`reads '${pattern.input}'; only a chain of layers is supported (each node reads the previous node's output '${current}')`,
				);
			}
			readLayerNormPattern(node, state, pattern);
			current = pattern.output;
			continue;
		}
		const defaultDomain = (proto.domain ?? "") === "" || proto.domain === "ai.onnx";
		if (defaultDomain && branch.absorb(node, isConstant, floatConstant)) continue;
		const row = defaultDomain ? findOpImporter(node.opType) : undefined;
		if (!row) {
			const op = proto.domain ? `${proto.domain}.${node.opType}` : node.opType;
			node.fail(`op ${op} is not supported (supported: ${importableOps().join(", ")})`);
		}
		const inputs = node.inputs.filter((name) => name !== "");
		if (row.fold && inputs.length > 0 && inputs.every(isConstant)) {
			row.fold(node, state);
			continue;
		}
		if (!row.makesConstant) {
			const data = inputs.filter((name) => !isConstant(name) && !branch.isZeros(name));
			if (data.length !== 1 || data[0] !== current) {
				const shaped = data.find((d) => branch.has(d));
				if (shaped)
					node.fail(
						`reads '${shaped}', computed from a shape, which is only supported as an LSTM's zero initial state`,
					);
				node.fail(
					`reads ${data.map((d) => `'${d}'`).join(", ") || "only constants"}; only a chain of layers is supported (each node reads the previous node's output '${current}')`,
				);
			}
		}
		if (state.inputIsIndices && !row.makesConstant && node.opType !== "Gather") {
			node.fail(
				`reads the graph's integer input '${input.name}'; only a Gather of a constant table (an Embedding) can`,
			);
		}
		next = null;
		row.read(node, state);
		if (!row.makesConstant) current = next ?? (node.outputs[0] as string);
	}
	if (outputName !== current) {
		fail(`the graph's output '${outputName}' is not the output of its last layer ('${current}')`);
	}
	holdExact(state, OUTPUT_NODE(outputName));
	if (layers.length === 0) fail("the graph has no layers");
	const result = new Sequential(layers.map((spec) => spec.build(dtype)));
	result.metadata = { source: "onnx", producer: model.producerName ?? "" };
	result.eval();
	return result;
}
