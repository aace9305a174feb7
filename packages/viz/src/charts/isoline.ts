/** The line where a function sampled on a grid crosses a level (marching squares). */
import { checkInteger } from "../check";

/** A line segment from (x1, y1) to (x2, y2). */
export interface Segment {
	x1: number;
	y1: number;
	x2: number;
	y2: number;
}

/**
 * Segments of the curve where `values` crosses `level`, by marching squares with
 * linear interpolation along cell edges. `values` holds the samples row by row:
 * `values[j * nx + i]` is the value at grid column i (x) and row j (y); segment
 * coordinates are in grid units (0..nx-1, 0..ny-1). Ambiguous cells (saddles) are
 * resolved by the cell's mean. Throws RangeError when `values` does not hold nx·ny
 * samples or nx, ny are below 2.
 */
export function isoline(values: ArrayLike<number>, nx: number, ny: number, level: number): Segment[] {
	checkInteger("isoline", "nx", nx, 2);
	checkInteger("isoline", "ny", ny, 2);
	if (values.length !== nx * ny) {
		throw new RangeError(`isoline: expected ${nx * ny} values for a ${nx} × ${ny} grid, got ${values.length}`);
	}
	const segments: Segment[] = [];
	const at = (i: number, j: number) => values[j * nx + i];
	const above = (v: number) => v >= level;
	// Where the level crosses the edge from a (at pa) to b (at pb), or null if it does not.
	const cross = (a: number, b: number, pa: [number, number], pb: [number, number]): [number, number] | null => {
		if (above(a) === above(b)) return null;
		const t = (level - a) / (b - a);
		return [pa[0] + t * (pb[0] - pa[0]), pa[1] + t * (pb[1] - pa[1])];
	};
	const push = (p: [number, number], q: [number, number]) => segments.push({ x1: p[0], y1: p[1], x2: q[0], y2: q[1] });
	for (let j = 0; j < ny - 1; j++) {
		for (let i = 0; i < nx - 1; i++) {
			const v00 = at(i, j);
			const v10 = at(i + 1, j);
			const v11 = at(i + 1, j + 1);
			const v01 = at(i, j + 1);
			const bottom = cross(v00, v10, [i, j], [i + 1, j]);
			const right = cross(v10, v11, [i + 1, j], [i + 1, j + 1]);
			const top = cross(v01, v11, [i, j + 1], [i + 1, j + 1]);
			const left = cross(v00, v01, [i, j], [i, j + 1]);
			const hits = [bottom, right, top, left].filter((p): p is [number, number] => p !== null);
			if (hits.length === 2) push(hits[0] as [number, number], hits[1] as [number, number]);
			else if (hits.length === 4 && bottom && right && top && left) {
				// A saddle: if the middle is on v00's side, v00 joins v11 and the line cuts
				// off the other two corners; otherwise it cuts off v00 and v11.
				const middleWithV00 = above((v00 + v10 + v11 + v01) / 4) === above(v00);
				if (middleWithV00) {
					push(bottom, right);
					push(top, left);
				} else {
					push(bottom, left);
					push(right, top);
				}
			}
		}
	}
	return segments;
}
