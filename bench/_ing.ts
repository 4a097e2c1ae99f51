import { productIngest } from './ingest';
const r = await productIngest(process.argv[2], '/tmp/ing-debug.duckdb');
console.log(r);
