/** The built-in training data of `backprop train` without a data file: the tutorial's four people. */

import { GENDER_SHIFT, genderDataset } from "@backprop/data";
import type { TrainingData } from "./commands/train-data";

/**
 * The tutorial's gender data as training data: features weight and height
 * (shifted by 135 lb and 66 in, as the tutorial does), target gender with 1 = F
 * and 0 = M.
 */
export function builtInGender(): TrainingData {
	const { x, y, names } = genderDataset();
	return {
		path: null,
		description: `the tutorial's gender data (built in: ${names.join(", ")}; weight − ${GENDER_SHIFT.weight} lb, height − ${GENDER_SHIFT.height} in; 1 = F, 0 = M)`,
		features: ["weight", "height"],
		x,
		y: { kind: "numeric", name: "gender", values: y.map((row) => row[0]) },
		binaryLabels: ["M", "F"],
	};
}
