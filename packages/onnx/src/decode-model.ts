/** Parsing an ONNX file's bytes into its ModelProto, with the size and type checks every reader needs. */
import { OnnxError } from "./errors";
import { MAX_FILE_BYTES } from "./import/limits";
import { type OnnxTypes, onnx } from "./proto";

/**
 * The ModelProto in `bytes`. Parses only (nothing is evaluated). Throws OnnxError,
 * its message starting with `who: `, when `bytes` is not a Uint8Array or ArrayBuffer,
 * is empty, is larger than the readers' file limit, or is not a valid protobuf.
 */
export function decodeModel(bytes: Uint8Array | ArrayBuffer, who: string): OnnxTypes.ModelProto {
	const data = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
	if (!(data instanceof Uint8Array))
		throw new OnnxError(`${who}: expected the file's bytes (a Uint8Array or ArrayBuffer)`);
	if (data.length === 0) throw new OnnxError(`${who}: the file is empty`);
	if (data.length > MAX_FILE_BYTES) {
		throw new OnnxError(`${who}: the file is ${data.length} bytes, more than ${MAX_FILE_BYTES}`);
	}
	try {
		return onnx.ModelProto.decode(data);
	} catch (e) {
		throw new OnnxError(`${who}: not an ONNX model (truncated or corrupt protobuf: ${(e as Error).message})`);
	}
}
