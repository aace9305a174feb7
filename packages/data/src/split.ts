/** Splitting data into training and test rows: seeded, optionally stratified by class (scikit-learn's train_test_split). */
import { type DataLike, toDataTensor } from "@backprop/nn";
import { formatShape, Rng, ShapeError, type Tensor } from "@backprop/tensor";
import { classOfEachRow } from "./classes";

/** Options for {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
	/** Fraction of rows for the test part, in (0, 1) (default 0.25); the test part has ⌈n·testSize⌉ rows. */
	testSize?: number;
	/** Seed of the shuffle (default 0): the same seed gives the same split. */
	seed?: number;
	/** Shuffle before splitting (default true); false takes the last rows as the test part. */
	shuffle?: boolean;
	/** Keep each class's share in both parts (y holds class labels or one-hot rows; default false). */
	stratify?: boolean;
}

/** The two parts, rows in the order they were drawn. */
export interface TrainTestSplit {
	xTrain: Tensor;
	yTrain: Tensor;
	xTest: Tensor;
	yTest: Tensor;
	/** The dataset rows of each part. */
	trainRows: number[];
	testRows: number[];
}

/**
 * Splits (x, y) into training and test rows. With `stratify`, each class c of
 * n_c rows gives ⌊n_c·testSize⌋ test rows, and the rows still needed to reach
 * ⌈n·testSize⌉ go to the classes with the largest remainders. Throws ShapeError
 * for different row counts, RangeError for a testSize outside (0, 1) or one that
 * leaves a part empty, and Error for stratify with y that is not class labels.
 */
export function trainTestSplit(x: DataLike, y: DataLike, options: TrainTestSplitOptions = {}): TrainTestSplit {
	const xs = toDataTensor(x, "x", "trainTestSplit", "float64");
	const ys = toDataTensor(y, "y", "trainTestSplit", "float64");
	const n = xs.shape[0];
	if (ys.shape[0] !== n) {
		throw new ShapeError(
			`trainTestSplit: x has ${n} rows (${formatShape(xs.shape)}) but y has ${ys.shape[0]} (${formatShape(ys.shape)})`,
		);
	}
	const testSize = options.testSize ?? 0.25;
	if (!(testSize > 0 && testSize < 1)) {
		throw new RangeError(`trainTestSplit: testSize must be in (0, 1), got ${String(testSize)}`);
	}
	const nTest = Math.ceil(n * testSize);
	if (nTest >= n) throw new RangeError(`trainTestSplit: testSize ${testSize} of ${n} rows leaves no training rows`);
	const rng = new Rng(options.seed ?? 0);
	const all = Array.from({ length: n }, (_, i) => i);
	let testRows: number[];
	let trainRows: number[];
	if (options.stratify) {
		const classes = classOfEachRow(ys, "trainTestSplit");
		const byClass = new Map<number, number[]>();
		for (const row of all) {
			const c = classes[row];
			byClass.set(c, [...(byClass.get(c) ?? []), row]);
		}
		const groups = [...byClass.entries()].sort((a, b) => a[0] - b[0]).map(([, rows]) => rng.shuffle(rows));
		const exact = groups.map((rows) => rows.length * testSize);
		const counts = exact.map(Math.floor);
		let missing = nTest - counts.reduce((a, b) => a + b, 0);
		const byRemainder = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
		for (const [, i] of byRemainder) {
			if (missing <= 0) break;
			counts[i] = counts[i] + 1;
			missing--;
		}
		testRows = rng.shuffle(groups.flatMap((rows, i) => rows.slice(0, counts[i])));
		trainRows = rng.shuffle(groups.flatMap((rows, i) => rows.slice(counts[i])));
	} else {
		const order = options.shuffle === false ? all : rng.shuffle(all);
		trainRows = order.slice(0, n - nTest);
		testRows = order.slice(n - nTest);
	}
	return {
		xTrain: xs.gather(trainRows),
		yTrain: ys.gather(trainRows),
		xTest: xs.gather(testRows),
		yTest: ys.gather(testRows),
		trainRows,
		testRows,
	};
}
