/** xlsx reader — being written (helper task); signature fixed by types.ts. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { IngestFileError, type ReaderOptions, type StagedFile } from './types';

export async function readXlsx(_conn: DuckDBConnection, file: string, opts: ReaderOptions): Promise<StagedFile> {
	throw new IngestFileError(opts.displayName || file, 'xlsx import is not available yet');
}
