/** Limits of model files, kept apart from the file code so the main entry can name them in a browser. */

/** The largest model file loadModel reads (larger ones are refused before reading); saveModel writes no larger. */
export const MAX_MODEL_FILE_BYTES = 512 * 1024 * 1024;
