/** Files the bad-input tests put in their folders: broken CSVs and broken models. */
import { modelToJSON, sequential } from "@backprop/nn";
import { regressionCsv } from "./helpers";

/** A valid model document as the command writes it: 2-2-1 sigmoid on features x1, x2, target y. */
export const GOOD_MODEL = (() => {
	const model = sequential([2, 2, 1], { activation: "sigmoid", seed: 1 });
	model.metadata = { writer: "backprop-cli", features: ["x1", "x2"], target: "y", task: "regression", loss: "mse" };
	return JSON.stringify(modelToJSON(model));
})();

/** Name → content of every fixture file. */
export const BAD_INPUT_FILES: Readonly<Record<string, string>> = {
	"data.csv": regressionCsv(20),
	"labels.csv": "a,b,kind\n1,2,cat\n3,4,dog\n5,6,cat\n",
	"empty.csv": "",
	"blank.csv": "\n\n",
	"header-only.csv": "x1,x2,y\n",
	"ragged.csv": "x1,x2,y\n1,2,3\n4,5\n6,7,8\n",
	"text-feature.csv": "x1,x2,y\n1,2,3\n4,5,6\n7,eight,9\n",
	"mixed-target.csv": "x1,x2,y\n1,2,3\n4,5,6\n7,8,nine\n1,1,1\n",
	"unclosed-quote.csv": 'x1,x2,y\n1,2,3\n"4,5,6\n',
	"model.json": GOOD_MODEL,
	"truncated.json": GOOD_MODEL.slice(0, Math.floor(GOOD_MODEL.length / 2)),
	"corrupt.json": "this is not a model\n",
	"future.json": GOOD_MODEL.replace('"version":1', '"version":99'),
	"not-a-model.json": '{"hello": "world"}\n',
	"bad-metadata.json": GOOD_MODEL.replace('"features":["x1","x2"]', '"features":["x1"]'),
};

/** What a bad-input case expects. */
export interface BadInputCase {
	name: string;
	args: string[];
	code: 1 | 2;
	/** What the one line must say. */
	says: RegExp;
}
