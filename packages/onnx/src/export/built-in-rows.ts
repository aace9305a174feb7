/** The built-in rows of the export table, one import and one line per layer kind. */
import { activationLayerExporter } from "./activation-layer";
import { batchNormExporter } from "./batch-norm";
import { conv2dExporter } from "./conv2d";
import { denseExporter } from "./dense";
import { dropoutExporter } from "./dropout";
import { embeddingExporter } from "./embedding";
import { flattenExporter, reshapeExporter } from "./flatten";
import { layerNormExporter } from "./layer-norm";
import { addBuiltInExporter } from "./layer-table";
import { lstmExporter } from "./lstm";
import { avgPool2dExporter, globalAvgPool2dExporter, maxPool2dExporter } from "./pooling";
import { sequentialExporter } from "./sequential";

addBuiltInExporter(sequentialExporter);
addBuiltInExporter(denseExporter);
addBuiltInExporter(dropoutExporter);
addBuiltInExporter(activationLayerExporter);
addBuiltInExporter(flattenExporter);
addBuiltInExporter(reshapeExporter);
addBuiltInExporter(batchNormExporter);
addBuiltInExporter(layerNormExporter);
addBuiltInExporter(conv2dExporter);
addBuiltInExporter(maxPool2dExporter);
addBuiltInExporter(avgPool2dExporter);
addBuiltInExporter(globalAvgPool2dExporter);
addBuiltInExporter(lstmExporter);
addBuiltInExporter(embeddingExporter);
