/** What `fromOnnx` refuses to allocate or walk, so a hostile file cannot exhaust memory or time. */

/** Largest file read, in bytes (512 MiB). */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;
/** Default cap on the number of weights in all constants together (as @backprop/nn's model files). */
export const DEFAULT_MAX_PARAMETERS = 50_000_000;
/** Largest size of one dimension of a constant or of the input. */
export const MAX_DIMENSION = 1_000_000;
/** Largest rank of a constant or of the input. */
export const MAX_RANK = 8;
/** Most nodes in a graph. */
export const MAX_NODES = 100_000;
/** The ONNX IR versions read (3 brought opset imports; 10 is ONNX 1.16's). */
export const IR_VERSIONS = { min: 3, max: 10 } as const;
/** The default-domain opsets read: the ops imported mean the same in all of them. */
export const IMPORT_OPSETS = { min: 11, max: 22 } as const;
