/** The built-in rows of the import table, one line per op. */
import { addOpImporter } from "./op-table";
import { activationImporters } from "./ops/activations";
import { addImporter, gemmImporter, matMulImporter, mulImporter } from "./ops/dense-ops";
import { constantImporter, dropoutImporter, identityImporter } from "./ops/pass-through";

for (const row of [gemmImporter, matMulImporter, addImporter, mulImporter, ...activationImporters]) addOpImporter(row);
for (const row of [identityImporter, dropoutImporter, constantImporter]) addOpImporter(row);
