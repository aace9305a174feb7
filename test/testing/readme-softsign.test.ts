/** The README's property test, as a user writes it: a defineOp op checked with @backprop/testing. */
import { defineOp } from "@backprop/autograd";
import { anyTensorArb, assertOpGradient, valueAwayFrom } from "@backprop/testing";
import { it } from "vitest";

// softsign(x) = x / (1 + |x|), d/dx = 1 / (1 + |x|)²
const softsign = defineOp({
	name: "softsign",
	forward: ([x]) => x.div(x.abs().add(1)),
	backward: (g, { inputs: [x] }) => [g.div(x.abs().add(1).square())],
});

it("softsign's gradient matches finite differences", () => {
	assertOpGradient(
		softsign,
		anyTensorArb({ values: valueAwayFrom([0]) }).map((x) => [x]),
	);
});
