/**
 * The files a multipart form posted under one name. A browser posts an empty part for a file input left
 * untouched, so only real, non-empty files count. Used by every upload route (imports, notice and task
 * attachments), so they agree on what "no file chosen" means.
 */
export function formFiles(form: FormData, name: string): File[] {
	return form
		.getAll(name)
		.filter(
			(f): f is File => typeof f === 'object' && f !== null && 'arrayBuffer' in f && (f as File).size > 0
		);
}
