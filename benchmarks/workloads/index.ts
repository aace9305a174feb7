/** The workload suites in the order they run. */
import { convSuite } from "./conv";
import { elementwiseSuite } from "./elementwise";
import { matmulSuite } from "./matmul";
import { midSuite } from "./mid";
import { mlpSuite } from "./mlp";
import { tinySuite } from "./tiny";
import type { SuiteName } from "./types";

/** Suite names in run order. */
export const SUITE_NAMES: readonly SuiteName[] = ["matmul", "elementwise", "mlp", "conv", "tiny", "mid"];

/** The suites by name. */
export const SUITES = {
	matmul: matmulSuite,
	elementwise: elementwiseSuite,
	mlp: mlpSuite,
	conv: convSuite,
	tiny: tinySuite,
	mid: midSuite,
} as const;

/** Checks a suite name from the command line. Throws a RangeError listing the names otherwise. */
export function suiteByName(name: string): SuiteName {
	if ((SUITE_NAMES as readonly string[]).includes(name)) return name as SuiteName;
	throw new RangeError(`unknown workload suite '${name}'; suites: ${SUITE_NAMES.join(", ")}`);
}
