/** The built-in rows of the export table, one import and one line per layer kind. */
import { activationLayerExporter } from "./activation-layer";
import { denseExporter } from "./dense";
import { dropoutExporter } from "./dropout";
import { flattenExporter, reshapeExporter } from "./flatten";
import { addBuiltInExporter } from "./layer-table";
import { sequentialExporter } from "./sequential";

addBuiltInExporter(sequentialExporter);
addBuiltInExporter(denseExporter);
addBuiltInExporter(dropoutExporter);
addBuiltInExporter(activationLayerExporter);
addBuiltInExporter(flattenExporter);
addBuiltInExporter(reshapeExporter);
