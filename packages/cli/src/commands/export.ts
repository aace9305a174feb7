/** `backprop export model.json model.onnx`: a saved model as an ONNX file that ONNX Runtime (or PyTorch, ...) can run. */
import type { Standardizer } from "@backprop/data";
import { Dense, modelDtype, Sequential } from "@backprop/nn";
import {
	DEFAULT_OPSET,
	EXPORT_OPSETS,
	OnnxError,
	type OnnxValueSignature,
	onnxSignature,
	toOnnx,
} from "@backprop/onnx";
import { type DType, tensor } from "@backprop/tensor";
import { CliError, EXIT_OK, quote, UsageError } from "../errors";
import { sampleShape, wholeNumber } from "../flags";
import type { CliIo } from "../io";
import { openModel } from "../model-info";
import { checkOutputPath, writeFileOrFail } from "../output-files";
import { refuseOverlappingFiles } from "../output-paths";

/** Options of `export`. */
export interface ExportFlags {
	opset?: string;
	dtype?: string;
	inputShape?: string;
	inputName?: string;
	outputName?: string;
	json?: boolean;
}

/** A value as the file declares it, e.g. `'input' [N,28,28,1]`, with its element type when it is not the model's. */
function describeValue(value: OnnxValueSignature | undefined, dtype: DType): string {
	if (value === undefined) return "(none)";
	const dims = value.shape.map((d) => (d === null ? "?" : String(d))).join(",");
	const modelType = dtype === "float32" ? "FLOAT" : "DOUBLE";
	return `'${value.name}' [${dims}]${value.elementType === modelType ? "" : ` ${value.elementType}`}`;
}

function dtypeFlag(raw: string | undefined, model: Sequential): DType {
	if (raw === undefined) return modelDtype(model);
	if (raw !== "float32" && raw !== "float64")
		throw new UsageError(`--dtype must be float32 or float64, got ${quote(raw)}`);
	return raw;
}

/**
 * The model with the saved standardization (x - mean) / std folded into its first
 * layer, so the ONNX file takes raw feature values as `backprop predict` does:
 * W' = W / std (row by row), b' = b - (mean / std) · W.
 */
function foldNormalization(model: Sequential, norm: Standardizer): Sequential {
	const [first, ...rest] = model.layers;
	if (!(first instanceof Dense)) throw new CliError("export: the first layer is not dense");
	const dtype = first.dtype;
	const std = tensor([...norm.std], { dtype });
	const w = first.weight.value;
	const weights = w.div(std.reshape([first.inputs, 1]));
	const shift = tensor([[...norm.mean]], { dtype })
		.div(std)
		.matmul(w)
		.reshape([first.units]);
	const bias = first.bias ? first.bias.value.sub(shift) : shift.neg();
	const folded = new Dense(first.inputs, first.units, { activation: first.activation, weights, bias, dtype });
	const out = new Sequential([folded, ...rest]);
	out.metadata = model.metadata;
	return out;
}

/**
 * Runs `backprop export`: writes the model as ONNX (opset 13 unless --opset says
 * otherwise), with the model's saved standardization folded into its first layer
 * and the softmax it applies at prediction as the last node. Throws UsageError
 * for a bad flag or an output path that is the model file itself, CliError for
 * an unreadable model, a model without an ONNX form, or an output path that
 * cannot be written.
 */
export async function exportCommand(
	modelPath: string,
	onnxPath: string,
	flags: ExportFlags,
	io: CliIo,
): Promise<number> {
	const opset = flags.opset === undefined ? DEFAULT_OPSET : wholeNumber("--opset", flags.opset, 1);
	if (opset < EXPORT_OPSETS.min || opset > EXPORT_OPSETS.max) {
		throw new UsageError(
			`--opset must be from ${EXPORT_OPSETS.min} to ${EXPORT_OPSETS.max}, got ${quote(flags.opset ?? "")}`,
		);
	}
	for (const [flag, name] of [
		["--input-name", flags.inputName],
		["--output-name", flags.outputName],
	] as const) {
		if (name !== undefined && name.trim() === "") throw new UsageError(`${flag} must not be empty`);
	}
	const inputShape =
		flags.inputShape === undefined ? undefined : [null, ...sampleShape("--input-shape", flags.inputShape)];
	const { model, info } = await openModel(modelPath, io.cwd, { anyLayers: true });
	const dtype = dtypeFlag(flags.dtype, model);
	await refuseOverlappingFiles(
		[
			{ role: "the model", path: modelPath, output: false },
			{ role: "output", path: onnxPath, output: true },
		],
		io.cwd,
	);
	const full = await checkOutputPath("output", onnxPath, io.cwd);
	const exported = info.normalization ? foldNormalization(model, info.normalization) : model;
	let bytes: Uint8Array;
	try {
		bytes = toOnnx(exported, {
			opset,
			dtype,
			softmax: info.outputActivation === "softmax",
			...(inputShape !== undefined ? { inputShape } : {}),
			...(flags.inputName !== undefined ? { inputName: flags.inputName } : {}),
			...(flags.outputName !== undefined ? { outputName: flags.outputName } : {}),
		});
	} catch (e) {
		if (e instanceof OnnxError) {
			const reason = e.message
				.replace(/^toOnnx: /, "")
				.replace("pass options.inputShape", "pass --input-shape with one sample's sizes, e.g. 28,28,1");
			throw new CliError(`cannot export ${modelPath}: ${reason}`);
		}
		throw e;
	}
	await writeFileOrFail(full, onnxPath, bytes);
	// The shapes come from the file itself, so conv and embedding models are described as truly as Dense stacks.
	const signature = onnxSignature(bytes);
	const input = signature.inputs[0];
	const output = signature.outputs[0];
	const summary = {
		model: modelPath,
		onnx: onnxPath,
		opset,
		dtype,
		bytes: bytes.length,
		inputs: info.inputs,
		outputs: info.outputs,
		inputName: flags.inputName ?? "input",
		outputName: flags.outputName ?? "output",
		inputShape: input?.shape ?? [],
		outputShape: output?.shape ?? [],
		inputType: input?.elementType ?? "",
		normalizationFolded: info.normalization !== null,
		softmax: info.outputActivation === "softmax",
	};
	if (flags.json) io.stdout.write(`${JSON.stringify(summary)}\n`);
	else {
		const notes = [
			summary.normalizationFolded
				? "takes raw features (the saved standardization is folded into the first layer)"
				: null,
			summary.softmax ? "ends with the softmax applied at prediction" : null,
		].filter((n) => n !== null);
		io.stdout.write(
			`Wrote ${onnxPath}: ONNX opset ${opset}, ${dtype}, input ${describeValue(input, dtype)}, output ${describeValue(output, dtype)}, ${bytes.length} bytes${notes.length > 0 ? `; ${notes.join("; ")}` : ""}\n`,
		);
	}
	return EXIT_OK;
}
