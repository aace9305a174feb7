#!/usr/bin/env node
/**
 * `npm run playground`: serves the built playground (examples/playground/dist/) on localhost.
 * `PORT=N` picks the port (default 8080; 0 for any free one). Only files inside dist/ are served.
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("./dist/", import.meta.url));
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".map": "application/json" };

/** Starts the server on 127.0.0.1:`port`; resolves with it once listening. */
export function startPlayground(port = 8080) {
	const server = createServer(async (req, res) => {
		const path = new URL(req.url ?? "/", "http://localhost").pathname;
		const file = normalize(join(ROOT, path === "/" ? "index.html" : path));
		if (!file.startsWith(ROOT.endsWith(sep) ? ROOT : ROOT + sep)) return res.writeHead(403).end();
		try {
			const body = await readFile(file);
			res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
		} catch {
			res.writeHead(404).end("not found");
		}
	});
	return new Promise((resolve, reject) => {
		server.once("error", reject);
		server.listen(port, "127.0.0.1", () => resolve(server));
	});
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const server = await startPlayground(Number(process.env.PORT ?? 8080));
	process.stdout.write(`backprop playground: http://127.0.0.1:${server.address().port}/  (Ctrl-C stops it)\n`);
}
