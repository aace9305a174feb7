/**
 * The parts of a TensorFlow.js layers model (`model.json` and its weight shards)
 * read as untrusted data: every field checked, no key that reaches a prototype.
 */
import { TfjsModelError } from "../errors";

/** One weight as the manifest lists it. */
export interface WeightSpec {
	name: string;
	shape: number[];
	dtype: string;
}

/** One layer of the topology: its Keras class name and config. */
export interface LayerConfig {
	className: string;
	config: Record<string, unknown>;
}

/** model.json, checked. */
export interface TfjsModelJson {
	layers: LayerConfig[];
	/** Weight groups in order: each group's shard paths and the weights packed in them. */
	manifest: { paths: string[]; weights: WeightSpec[] }[];
}

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Throws TfjsModelError `loadTfjsModel: <path>: <message>`. */
export function fail(path: string, message: string): never {
	throw new TfjsModelError(`loadTfjsModel: ${path}: ${message}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
	return v !== null && typeof v === "object" && !Array.isArray(v);
}

// Walks the document once; an object reached twice (a cycle, when given an object) is refused.
function checkKeys(root: unknown): void {
	const stack: [unknown, string][] = [[root, "model.json"]];
	const seen = new Set<object>();
	while (stack.length > 0) {
		const [v, p] = stack.pop() as [unknown, string];
		if (v === null || typeof v !== "object") continue;
		if (seen.has(v)) fail(p, "the same object appears twice (a circular reference is not JSON)");
		seen.add(v);
		if (Array.isArray(v)) {
			for (let i = 0; i < v.length; i++) stack.push([v[i], `${p}[${i}]`]);
		} else {
			for (const k of Object.keys(v)) {
				if (FORBIDDEN_KEYS.has(k)) fail(`${p}.${k}`, "forbidden key");
				stack.push([(v as Record<string, unknown>)[k], `${p}.${k}`]);
			}
		}
	}
}

function layersOf(topology: unknown): unknown[] {
	if (!isObject(topology)) fail("model.json.modelTopology", "expected an object");
	// Models converted from Keras wrap the model in model_config.
	const model = isObject(topology.model_config) ? topology.model_config : topology;
	if (model.class_name !== "Sequential") {
		fail(
			"model.json.modelTopology.class_name",
			`only Sequential models are supported, got ${JSON.stringify(model.class_name)}`,
		);
	}
	const config = model.config;
	// Older Keras wrote the layer list as the config itself.
	const layers = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
	if (!Array.isArray(layers)) fail("model.json.modelTopology.config.layers", "expected a list of layers");
	return layers;
}

/** Parses and checks model.json (text or an already parsed object). Throws TfjsModelError naming the field. */
export function readModelJson(modelJson: unknown): TfjsModelJson {
	let doc = modelJson;
	if (typeof doc === "string") {
		try {
			doc = JSON.parse(doc);
		} catch (e) {
			fail("model.json", `not valid JSON (truncated or corrupt?): ${(e as Error).message}`);
		}
	}
	if (!isObject(doc)) fail("model.json", "expected a JSON object");
	checkKeys(doc);
	if (doc.format !== undefined && doc.format !== "layers-model") {
		fail(
			"model.json.format",
			`expected "layers-model", got ${JSON.stringify(doc.format)} (graph models are not supported)`,
		);
	}
	const layers = layersOf(doc.modelTopology).map((raw, i): LayerConfig => {
		const path = `model.json layer ${i}`;
		if (!isObject(raw) || typeof raw.class_name !== "string" || !isObject(raw.config)) {
			fail(path, "expected { class_name, config }");
		}
		return { className: raw.class_name, config: raw.config };
	});
	const groups = doc.weightsManifest;
	if (!Array.isArray(groups)) fail("model.json.weightsManifest", "expected a list of weight groups");
	const manifest = groups.map((g, gi) => {
		const path = `model.json.weightsManifest[${gi}]`;
		if (!isObject(g) || !Array.isArray(g.paths) || !Array.isArray(g.weights)) fail(path, "expected { paths, weights }");
		const paths = g.paths.map((p, pi) => {
			if (typeof p !== "string" || p.length === 0) fail(`${path}.paths[${pi}]`, "expected a file name");
			return p;
		});
		const weights = g.weights.map((w, wi): WeightSpec => {
			const wp = `${path}.weights[${wi}]`;
			if (!isObject(w) || typeof w.name !== "string") fail(wp, "expected { name, shape, dtype }");
			if (w.quantization !== undefined) fail(wp, `weight '${w.name}' is quantized, which is not supported`);
			const dtype = w.dtype ?? "float32";
			if (dtype !== "float32") fail(wp, `weight '${w.name}' has dtype ${JSON.stringify(dtype)} (only float32)`);
			const shape = w.shape;
			if (
				!Array.isArray(shape) ||
				shape.some((d) => !Number.isInteger(d) || d < 0 || d > 1_000_000) ||
				shape.length > 8
			) {
				fail(wp, `weight '${w.name}' has an absurd shape ${JSON.stringify(shape)}`);
			}
			return { name: w.name, shape: shape as number[], dtype };
		});
		return { paths, weights };
	});
	return { layers, manifest };
}
