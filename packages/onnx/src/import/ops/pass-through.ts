/** Import rows of nodes that change nothing at inference: Identity, Dropout, and Constant (a value, not a layer). */

import type { OpImporter } from "../op-table";
import { checkConstant, isIntType, readConstant, readInts } from "../tensors";

/** Identity: nothing to build. */
export const identityImporter: OpImporter = {
	opType: "Identity",
	read(node) {
		node.arity(1, 1);
	},
};

/** Dropout in inference (no training_mode, or a constant false one): the identity. */
export const dropoutImporter: OpImporter = {
	opType: "Dropout",
	read(node) {
		node.onlyAttributes("seed", "ratio");
		if (node.inputs.length > 3) node.fail(`expected 1 to 3 inputs, got ${node.inputs.length}`);
		if ((node.inputs[2] ?? "") !== "") node.fail("a training_mode input is not supported (only inference Dropout)");
	},
};

/** Constant with a `value` tensor (float, or INT64/INT32 for shapes and indices): a constant the following nodes may read. */
export const constantImporter: OpImporter = {
	opType: "Constant",
	makesConstant: true,
	read(node, state) {
		node.onlyAttributes("value");
		const value = (node.node.attribute ?? []).find((a) => a.name === "value")?.t;
		if (!value) return node.fail("only a Constant with a tensor `value` is supported");
		if (node.outputs.length !== 1) node.fail(`expected one output, got ${node.outputs.length}`);
		const where = `${node.where}'s value`;
		if (isIntType(value.dataType ?? 0)) {
			state.defineInts(node.outputs[0] as string, readInts(value, where));
			return;
		}
		const { shape, dtype } = checkConstant(value, where);
		state.defineConstant(node.outputs[0] as string, readConstant(value, shape, dtype));
	},
};
