/**
 * JSON text an administrator typed or uploaded (a draft scheme, a mapping profile) → a value to validate; a syntax
 * error becomes the caller's own error type with the one bilingual message.
 */
export function parseJsonText(text: string, toError: (message: string) => Error): unknown {
	try {
		return JSON.parse(text);
	} catch (e) {
		throw toError(`不是有效 JSON / not valid JSON: ${(e as Error).message}`);
	}
}
