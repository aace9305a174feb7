/** The layer types a model file may name, looked up like every other name in this package. */
import { Registry } from "../registry";
import { Dense } from "./dense";

/** Layer type names (as saved in model files) → layer classes. */
export const layerTypeRegistry = new Registry<typeof Dense>("layer type");
layerTypeRegistry.setBuiltIn("dense", Dense);
