/** The built-in rows of the import table, one line per op. */
import { addOpImporter } from "./op-table";
import { activationImporters } from "./ops/activations";
import { convImporter } from "./ops/conv";
import { addImporter, gemmImporter, matMulImporter, mulImporter } from "./ops/dense-ops";
import { gatherImporter } from "./ops/gather";
import { lstmImporter } from "./ops/lstm";
import { batchNormalizationImporter, layerNormalizationImporter } from "./ops/normalization";
import { constantImporter, dropoutImporter, identityImporter } from "./ops/pass-through";
import { averagePoolImporter, globalAveragePoolImporter, maxPoolImporter } from "./ops/pooling";
import {
	flattenImporter,
	padImporter,
	reshapeImporter,
	squeezeImporter,
	transposeImporter,
	unsqueezeImporter,
} from "./ops/shape-ops";

for (const row of [gemmImporter, matMulImporter, addImporter, mulImporter, ...activationImporters]) addOpImporter(row);
for (const row of [identityImporter, dropoutImporter, constantImporter]) addOpImporter(row);
for (const row of [convImporter, maxPoolImporter, averagePoolImporter, globalAveragePoolImporter]) addOpImporter(row);
for (const row of [batchNormalizationImporter, layerNormalizationImporter]) addOpImporter(row);
for (const row of [
	flattenImporter,
	reshapeImporter,
	transposeImporter,
	squeezeImporter,
	unsqueezeImporter,
	padImporter,
])
	addOpImporter(row);
for (const row of [gatherImporter, lstmImporter]) addOpImporter(row);
