/**
 * Matches a request's method and raw path against path patterns such as
 * `/model/{modelId}/converse` (one path segment, percent-decoded) or `/{Bucket}/{Key+}` (the rest of
 * the path, slashes included). Host-independent: the SDK's custom endpoint puts everything in the path.
 */

export interface RoutePattern {
	method: string;
	path: string;
}

export interface CompiledPattern<T extends RoutePattern> {
	route: T;
	regex: RegExp;
	names: string[];
}

export function compilePattern<T extends RoutePattern>(route: T): CompiledPattern<T> {
	const names: string[] = [];
	const source = route.path
		.split('/')
		.map((segment) => {
			const param = /^\{(\w+)(\+?)\}$/.exec(segment);
			if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			names.push(param[1]);
			return param[2] ? '(.+)' : '([^/]*)';
		})
		.join('/');
	return { route, regex: new RegExp(`^${source}$`), names };
}

export interface RouteMatch<T> {
	route: T;
	/** Path parameters, percent-decoded. */
	params: Record<string, string>;
}

export function matchRoute<T extends RoutePattern>(
	routes: ReadonlyArray<CompiledPattern<T>>,
	method: string,
	rawPath: string,
): RouteMatch<T> | undefined {
	for (const { route, regex, names } of routes) {
		if (route.method !== method) continue;
		const match = regex.exec(rawPath);
		if (!match) continue;
		const params: Record<string, string> = {};
		names.forEach((name, index) => (params[name] = decodeURIComponent(match[index + 1])));
		return { route, params };
	}
	return undefined;
}
