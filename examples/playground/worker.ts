/// <reference lib="dom" />
/**
 * The playground's training worker: owns the network, trains it an epoch at a time while running,
 * and posts a Frame (loss, accuracy, the boundary lattice) after each slice, so the page stays live.
 */
import { variable } from "@backprop/autograd";
import { Adam, evaluate, fit, type Optimizer, predict, type Sequential, SGD, sequential } from "@backprop/nn";
import { accuracyOf, circles, type PointSet, people, twoSpirals, xorCloud } from "../shared/toy-data";
import { type Command, EXTENT, type Frame, GRID, type PlaygroundConfig, type TutorialNumbers } from "./protocol";

interface State {
	config: PlaygroundConfig;
	data: PointSet;
	net: Sequential;
	optimizer: Optimizer;
	epoch: number;
	lossHistory: number[];
	running: boolean;
}

const LATTICE = Array.from({ length: GRID * GRID }, (_, i) => {
	const row = Math.floor(i / GRID);
	const col = i % GRID;
	return [-EXTENT + ((col + 0.5) * 2 * EXTENT) / GRID, EXTENT - ((row + 0.5) * 2 * EXTENT) / GRID];
});

function dataset(config: PlaygroundConfig): PointSet {
	switch (config.dataset) {
		case "people":
			return people();
		case "xor":
			return xorCloud(200, config.seed);
		case "circles":
			return circles(200, config.seed);
		case "spirals":
			return twoSpirals(200, config.seed);
	}
}

function build(config: PlaygroundConfig): State {
	const net = sequential([2, ...config.hidden, 1], {
		activation: config.activation,
		outputActivation: "sigmoid",
		seed: config.seed,
	});
	const optimizer =
		config.optimizer === "adam"
			? new Adam(net.parameters(), { lr: config.lr })
			: new SGD(net.parameters(), { lr: config.lr });
	return { config, data: dataset(config), net, optimizer, epoch: 0, lossHistory: [], running: false };
}

/** The tutorial's neuron, its 2-2-1 feed-forward, and Alice's dL/dw1, by the framework's autograd. */
function tutorialNumbers(): TutorialNumbers {
	const neuron = variable([[2, 3]])
		.matmul(variable([[0], [1]]))
		.add(4)
		.sigmoid()
		.value.item();
	const h = variable([[2, 3]])
		.matmul(
			variable([
				[0, 0],
				[1, 1],
			]),
		)
		.sigmoid();
	const feedForward = h
		.matmul(variable([[0], [1]]))
		.sigmoid()
		.value.item();
	const w = variable(
		[
			[1, 1],
			[1, 1],
		],
		{ requiresGrad: true },
	);
	const hidden = variable([[-2, -1]])
		.matmul(w)
		.sigmoid();
	hidden
		.matmul(variable([[1], [1]]))
		.sigmoid()
		.sub(1)
		.square()
		.mean()
		.backward();
	return { neuron, feedForward, aliceGradient: w.grad!.get(0, 0) };
}

let state: State | null = null;
let loop: ReturnType<typeof setTimeout> | null = null;

async function trainEpoch(s: State): Promise<void> {
	const history = await fit(s.net, s.data.x, s.data.y, {
		loss: "binaryCrossEntropy",
		optimizer: s.optimizer,
		epochs: 1,
		batchSize: s.config.batchSize,
		seed: s.config.seed + s.epoch,
	});
	s.epoch++;
	s.lossHistory.push(history.loss[0]!);
}

function frame(s: State): Frame {
	const p = (predict(s.net, s.data.x).toArray() as number[][]).map((r) => r[0]!);
	const grid = (predict(s.net, LATTICE).toArray() as number[][]).map((r) => r[0]!);
	const loss = s.lossHistory.at(-1) ?? evaluate(s.net, s.data.x, s.data.y, { loss: "binaryCrossEntropy" }).loss;
	const sizes = [2, ...s.config.hidden, 1];
	const params = s.net.parameters().reduce((n, v) => n + v.size, 0);
	return {
		type: "frame",
		epoch: s.epoch,
		loss,
		accuracy: accuracyOf(p, s.data.y),
		lossHistory: s.lossHistory,
		grid,
		points: s.data.x,
		labels: s.data.y,
		description: `${sizes.join("-")} ${s.config.activation} → sigmoid, ${params} parameters, ${s.config.optimizer} lr ${s.config.lr}, batch ${s.config.batchSize}`,
		running: s.running,
		tutorial: s.config.dataset === "people" ? tutorialNumbers() : null,
	};
}

const post = (f: Frame) => (self as unknown as { postMessage(m: Frame): void }).postMessage(f);

// Training runs in slices of a few epochs (at most ~30 ms each) so commands are heard between them.
async function slice(): Promise<void> {
	loop = null;
	if (!state?.running) return;
	const start = performance.now();
	do await trainEpoch(state);
	while (performance.now() - start < 30);
	post(frame(state));
	if (state.running) loop = setTimeout(slice, 0);
}

self.onmessage = async (event: MessageEvent<Command>) => {
	const command = event.data;
	if (command.type === "configure") {
		const running = state?.running ?? false;
		state = build(command.config);
		state.running = running;
	} else if (!state) return;
	else if (command.type === "reset") state = build(state.config);
	else if (command.type === "train") state.running = true;
	else if (command.type === "pause") state.running = false;
	else if (command.type === "step") {
		state.running = false;
		await trainEpoch(state);
	}
	post(frame(state));
	if (state.running && loop === null) loop = setTimeout(slice, 0);
};
