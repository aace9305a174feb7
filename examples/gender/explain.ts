/** Steps 1–4 on screen: each of the framework's numbers beside the tutorial's. */
import { GENDER_TRAINING } from "@backprop/data";
import { difference, mark, type Printer, vector } from "./output";
import { alicesBackprop, oneNeuron, TUTORIAL_FIGURES, tinyNetwork, tutorialLoss } from "./steps";

// Exact figures must agree to this; the example says so only when they do.
const AGREE = 1e-12;

function agreement(p: Printer, ours: number, theirs: number): string {
	const ok = Math.abs(ours - theirs) <= AGREE;
	return `${mark(p.c, ok)} ${p.c.dim(ok ? "same" : `differs by ${difference(ours, theirs)}`)}`;
}

/** Step 1: one neuron. */
export function showNeuron(p: Printer): void {
	const s = oneNeuron();
	p.heading(1, "One neuron");
	p.line(`  Dense(2, 1, { activation: "sigmoid", weights: [[0], [1]], bias: [4] }) on x = ${vector(s.input)}`);
	p.line(`  w·x + b = 0·2 + 1·3 + 4 = ${s.sum}`, "");
	p.table(
		[
			[p.c.dim(""), p.c.dim("backprop"), p.c.dim("tutorial")],
			[
				"sigmoid(7)",
				p.c.bold(String(s.output)),
				String(TUTORIAL_FIGURES.neuron),
				agreement(p, s.output, TUTORIAL_FIGURES.neuron),
			],
		],
		["left", "right", "right"],
	);
}

/** Step 2: the 2-2-1 network with every neuron w = [0, 1], b = 0. */
export function showNetwork(p: Printer): void {
	const s = tinyNetwork();
	p.heading(2, "The network");
	p.line(
		`  sequential([2, 2, 1], { activation: "sigmoid", outputActivation: "sigmoid" }), every neuron w = [0, 1], b = 0; x = ${vector(s.input)}`,
		"",
	);
	p.table(
		[
			[p.c.dim(""), p.c.dim("backprop"), p.c.dim("tutorial")],
			["h1 = h2 = sigmoid(0·2 + 1·3)", s.hidden[0].toFixed(4), String(TUTORIAL_FIGURES.hidden)],
			[
				"o1 = sigmoid(0·h1 + 1·h2)",
				p.c.bold(String(s.output)),
				String(TUTORIAL_FIGURES.network),
				agreement(p, s.output, TUTORIAL_FIGURES.network),
			],
		],
		["left", "right", "right"],
	);
}

/** Step 3: the mean squared error of a network that always says 0. */
export function showLoss(p: Printer): void {
	const s = tutorialLoss();
	const names = GENDER_TRAINING.map((person) => person.name);
	p.heading(3, "The loss");
	p.line("  mean squared error, through the nn package's mse loss, for a network that always outputs 0", "");
	p.table(
		[
			[p.c.dim("name"), p.c.dim("y_true"), p.c.dim("y_pred"), p.c.dim("(y_true - y_pred)²")],
			...names.map((name, i) => [name, String(s.yTrue[i]), String(s.yPred[i]), String(s.squaredErrors[i])]),
		],
		["left", "right", "right", "right"],
	);
	p.line("");
	p.table(
		[
			[p.c.dim(""), p.c.dim("backprop"), p.c.dim("tutorial")],
			[
				"MSE = (1 + 0 + 0 + 1) / 4",
				p.c.bold(String(s.mse)),
				String(TUTORIAL_FIGURES.mse),
				agreement(p, s.mse, TUTORIAL_FIGURES.mse),
			],
		],
		["left", "right", "right"],
	);
}

/** Step 4: Alice's backward pass, the chain rule by hand beside autodiff. */
export function showBackprop(p: Printer): void {
	const s = alicesBackprop();
	const t = TUTORIAL_FIGURES.alice;
	p.heading(4, "Backpropagation for Alice");
	p.line(`  x = ${vector(s.input)}, y_true = ${s.target}; every weight 1, every bias 0`, "");
	p.table(
		[
			[p.c.dim("forward"), "", p.c.dim("backprop"), p.c.dim("tutorial")],
			["h1", `sigmoid(-2·1 + -1·1 + 0) = sigmoid(${s.sumH1})`, s.h1.toFixed(4), String(t.h1)],
			["o1", `sigmoid(h1·1 + h2·1 + 0) = sigmoid(${s.sumO1.toFixed(4)})`, s.o1.toFixed(4), String(t.o1)],
			[p.c.dim("chain rule"), "", "", ""],
			["dL/dy_pred", "-2(1 - y_pred)", s.dL_dypred.toFixed(4), String(t.dL_dypred)],
			["dy_pred/dh1", "w5 · o1(1 - o1)", s.dypred_dh1.toFixed(4), String(t.dypred_dh1)],
			["dh1/dw1", "x1 · h1(1 - h1)", s.dh1_dw1.toFixed(4), String(t.dh1_dw1)],
			["dL/dw1", "dL/dy_pred · dy_pred/dh1 · dh1/dw1", p.c.bold(s.chainRule.toFixed(4)), String(t.dL_dw1)],
		],
		["left", "left", "right", "right"],
	);
	const ok = Math.abs(s.chainRule - s.autodiff) <= AGREE;
	p.line("");
	p.table([
		["by hand (the chain rule above)", String(s.chainRule)],
		["autodiff (loss.backward(), grad of W1[0][0])", String(s.autodiff)],
		[
			"difference",
			`${difference(s.chainRule, s.autodiff)}  ${mark(p.c, ok)} ${p.c.dim(ok ? "agree to 1e-12" : "do not agree to 1e-12")}`,
		],
	]);
}
