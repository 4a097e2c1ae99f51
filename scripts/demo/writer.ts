/**
 * Streaming CSV table writer: lines are buffered and written in ~1 MB chunks; `flushIfFull()` awaits the
 * stream's 'drain' when the OS is behind (backpressure), so memory stays flat at any --cases.
 * Encoding: UTF-8 (canonical form) or GBK (Chinese form).
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { encodeGbk } from './gbk';

const CHUNK_CHARS = 1 << 20;

export class TableWriter {
	private parts: string[] = [];
	private chars = 0;
	private stream: fs.WriteStream;
	rows = 0;

	constructor(
		readonly file: string,
		header: string[],
		private encoding: 'utf8' | 'gbk'
	) {
		this.stream = fs.createWriteStream(file);
		this.parts.push(header.join(',') + '\n');
	}

	/** Add one CSV line (without the newline). */
	add(line: string): void {
		this.parts.push(line, '\n');
		this.chars += line.length + 1;
		this.rows++;
	}

	get full(): boolean {
		return this.chars >= CHUNK_CHARS;
	}

	async flushIfFull(): Promise<void> {
		if (this.chars >= CHUNK_CHARS) await this.flush();
	}

	async flush(): Promise<void> {
		if (!this.parts.length) return;
		const s = this.parts.join('');
		this.parts = [];
		this.chars = 0;
		const ok = this.stream.write(this.encoding === 'gbk' ? encodeGbk(s) : s);
		if (!ok) await once(this.stream, 'drain');
	}

	async close(): Promise<void> {
		await this.flush();
		this.stream.end();
		await once(this.stream, 'finish');
	}
}
