/// <reference lib="dom" />
/**
 * The playground page: reads the controls, talks to the training worker, and draws each frame
 * (the decision-boundary heat map with the points, and the loss curve).
 */
import { type Command, EXTENT, type Frame, GRID, type PlaygroundConfig } from "./protocol";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
const send = (command: Command) => worker.postMessage(command);

function readConfig(): PlaygroundConfig | string {
	const hidden = $<HTMLInputElement>("hidden")
		.value.split(",")
		.map((s) => s.trim())
		.filter((s) => s !== "")
		.map(Number);
	if (hidden.length === 0 || hidden.some((n) => !Number.isInteger(n) || n < 1 || n > 64))
		return "hidden layers: whole numbers from 1 to 64, comma separated";
	const lr = Number($<HTMLInputElement>("lr").value);
	if (!(lr > 0 && lr <= 10)) return "learning rate: a number above 0, at most 10";
	const batchSize = Number($<HTMLInputElement>("batch").value);
	if (!Number.isInteger(batchSize) || batchSize < 1) return "batch size: a whole number from 1";
	return {
		dataset: $<HTMLSelectElement>("dataset").value as PlaygroundConfig["dataset"],
		hidden,
		activation: $<HTMLSelectElement>("activation").value as PlaygroundConfig["activation"],
		optimizer: $<HTMLSelectElement>("optimizer").value as PlaygroundConfig["optimizer"],
		lr,
		batchSize,
		seed: 0,
	};
}

function configure(): void {
	const config = readConfig();
	$("error").textContent = typeof config === "string" ? config : "";
	if (typeof config !== "string") send({ type: "configure", config });
}

// Orange (0) to blue (1), as the TensorFlow Playground colours its two classes.
function colour(p: number, alpha = 1): string {
	const r = Math.round(245 + (8 - 245) * p);
	const g = Math.round(147 + (119 - 147) * p);
	const b = Math.round(34 + (189 - 34) * p);
	return `rgba(${r},${g},${b},${alpha})`;
}

function drawBoundary(f: Frame): void {
	const canvas = $<HTMLCanvasElement>("boundary");
	const ctx = canvas.getContext("2d")!;
	const cell = canvas.width / GRID;
	ctx.clearRect(0, 0, canvas.width, canvas.height);
	for (let i = 0; i < f.grid.length; i++) {
		ctx.fillStyle = colour(f.grid[i]!, 0.35);
		ctx.fillRect((i % GRID) * cell, Math.floor(i / GRID) * cell, cell, cell);
	}
	const toPx = (v: number) => ((v + EXTENT) / (2 * EXTENT)) * canvas.width;
	for (let i = 0; i < f.points.length; i++) {
		const [x, y] = f.points[i]!;
		ctx.beginPath();
		ctx.arc(toPx(x!), canvas.height - toPx(y!), 4, 0, 2 * Math.PI);
		ctx.fillStyle = colour(f.labels[i]!);
		ctx.fill();
		ctx.strokeStyle = "#222";
		ctx.stroke();
	}
}

function drawLoss(f: Frame): void {
	const canvas = $<HTMLCanvasElement>("loss");
	const ctx = canvas.getContext("2d")!;
	ctx.clearRect(0, 0, canvas.width, canvas.height);
	const h = f.lossHistory;
	if (h.length < 2) return;
	const max = Math.max(...h);
	ctx.beginPath();
	for (let i = 0; i < h.length; i++) {
		const x = (i / (h.length - 1)) * (canvas.width - 4) + 2;
		const y = canvas.height - 4 - (h[i]! / max) * (canvas.height - 8);
		i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y);
	}
	ctx.strokeStyle = "#1565c0";
	ctx.lineWidth = 1.5;
	ctx.stroke();
}

worker.onmessage = (event: MessageEvent<Frame>) => {
	const f = event.data;
	drawBoundary(f);
	drawLoss(f);
	$("stats").textContent = `epoch ${f.epoch}   loss ${f.loss.toFixed(4)}   accuracy ${(f.accuracy * 100).toFixed(1)}%`;
	$("stats").dataset.epoch = String(f.epoch);
	$("stats").dataset.accuracy = String(f.accuracy);
	$("description").textContent = f.description;
	$("tutorial").hidden = f.tutorial === null;
	if (f.tutorial) {
		$("t-neuron").textContent = String(f.tutorial.neuron);
		$("t-ff").textContent = String(f.tutorial.feedForward);
		$("t-alice").textContent = String(f.tutorial.aliceGradient);
	}
	document.body.dataset.frames = String(Number(document.body.dataset.frames ?? 0) + 1);
};
worker.onerror = (e) => {
	$("error").textContent = `worker: ${e.message}`;
	console.error(e.message);
};

for (const id of ["dataset", "hidden", "activation", "optimizer", "lr", "batch"])
	$(id).addEventListener("change", configure);
for (const type of ["train", "pause", "step", "reset"] as const)
	$(type).addEventListener("click", () => send({ type }));
configure();
