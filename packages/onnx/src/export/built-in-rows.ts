/** The built-in rows of the export table, one import and one line per layer kind. */
import { denseExporter } from "./dense";
import { addBuiltInExporter } from "./layer-table";
import { sequentialExporter } from "./sequential";

addBuiltInExporter(sequentialExporter);
addBuiltInExporter(denseExporter);
