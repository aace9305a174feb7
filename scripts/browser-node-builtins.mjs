/**
 * esbuild plugin for browser bundles: `node:*` modules become empty. @backprop/nn's main entry
 * reaches Node's file system only through dynamic imports inside saveModel / loadModel /
 * writeFileAtomic / modelCheckpoint, which a browser never calls; a bundler still follows them.
 * (Vite does the same by default; webpack needs `resolve.fallback` set to false for them.)
 */
export const emptyNodeBuiltins = {
	name: "empty-node-builtins",
	setup(build) {
		build.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: "empty-node-builtin" }));
		build.onLoad({ filter: /.*/, namespace: "empty-node-builtin" }, () => ({
			contents: "module.exports = {};",
			loader: "js",
		}));
	},
};
