/** `backprop export model.json model.onnx`: a saved model as an ONNX file that ONNX Runtime (or PyTorch, ...) can run. */
import type { Standardizer } from "@backprop/data";
import { Dense, modelDtype, Sequential } from "@backprop/nn";
import { DEFAULT_OPSET, EXPORT_OPSETS, OnnxError, toOnnx } from "@backprop/onnx";
import { type DType, tensor } from "@backprop/tensor";
import { CliError, EXIT_OK, quote, UsageError } from "../errors";
import { wholeNumber } from "../flags";
import type { CliIo } from "../io";
import { openModel } from "../model-info";
import { checkOutputPath, writeFileOrFail } from "../output-files";
import { refuseOverlappingFiles } from "../output-paths";

/** Options of `export`. */
export interface ExportFlags {
	opset?: string;
	dtype?: string;
	inputName?: string;
	outputName?: string;
	json?: boolean;
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
	const { model, info } = await openModel(modelPath, io.cwd);
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
			...(flags.inputName !== undefined ? { inputName: flags.inputName } : {}),
			...(flags.outputName !== undefined ? { outputName: flags.outputName } : {}),
		});
	} catch (e) {
		if (e instanceof OnnxError) throw new CliError(`cannot export ${modelPath}: ${e.message.replace(/^toOnnx: /, "")}`);
		throw e;
	}
	await writeFileOrFail(full, onnxPath, bytes);
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
			`Wrote ${onnxPath}: ONNX opset ${opset}, ${dtype}, input '${summary.inputName}' [N,${info.inputs}], output '${summary.outputName}' [N,${info.outputs}], ${bytes.length} bytes${notes.length > 0 ? `; ${notes.join("; ")}` : ""}\n`,
		);
	}
	return EXIT_OK;
}
