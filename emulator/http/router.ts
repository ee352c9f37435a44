/**
 * Matches a request's method and raw path against path patterns such as
 * `/model/{modelId}/converse` (one path segment, percent-decoded) or `/{Bucket}/{Key+}` (the rest of
 * the path, slashes included). Host-independent: the SDK's custom endpoint puts everything in the path.
 * A pattern may end in `?name` or `?name=value`: the query must then carry that parameter (S3 tells
 * its operations apart by sub-resources such as `?uploads`, `?uploadId`, `?list-type=2`).
 */

export interface RoutePattern {
	method: string;
	path: string;
}

export interface CompiledPattern<T extends RoutePattern> {
	route: T;
	regex: RegExp;
	names: string[];
	/** The query parameter the request must carry, and its value when given. */
	query?: { name: string; value?: string };
}

export function compilePattern<T extends RoutePattern>(route: T): CompiledPattern<T> {
	const names: string[] = [];
	const [path, queryCondition] = route.path.split('?');
	const source = path
		.split('/')
		.map((segment) => {
			const param = /^\{(\w+)(\+?)\}$/.exec(segment);
			if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			names.push(param[1]);
			return param[2] ? '(.+)' : '([^/]*)';
		})
		.join('/');
	const compiled: CompiledPattern<T> = { route, regex: new RegExp(`^${source}$`), names };
	if (queryCondition) {
		const [name, value] = queryCondition.split('=');
		compiled.query = value === undefined ? { name } : { name, value };
	}
	return compiled;
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
	query: URLSearchParams = new URLSearchParams(),
): RouteMatch<T> | undefined {
	for (const { route, regex, names, query: condition } of routes) {
		if (route.method !== method) continue;
		if (condition) {
			const value = query.get(condition.name);
			if (value === null || (condition.value !== undefined && value !== condition.value)) continue;
		}
		const match = regex.exec(rawPath);
		if (!match) continue;
		const params: Record<string, string> = {};
		names.forEach((name, index) => (params[name] = decodeURIComponent(match[index + 1])));
		return { route, params };
	}
	return undefined;
}
