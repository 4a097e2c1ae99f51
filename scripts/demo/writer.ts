/**
 * Streaming CSV table writer: each line is encoded straight into a 4 MB Buffer (UTF-8, or GBK for the
 * Chinese form); full buffers queue up and `flushIfFull()` writes them, awaiting the stream's 'drain'
 * when the OS is behind (backpressure). Memory stays flat at any --cases: at most one day of output.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { encodeGbkInto } from './gbk';

const BUF = 4 << 20;

export class TableWriter {
	private buf = Buffer.allocUnsafe(BUF);
	private pos = 0;
	private queue: Buffer[] = [];
	private stream: fs.WriteStream;
	rows = 0;

	constructor(
		readonly file: string,
		header: string[],
		private encoding: 'utf8' | 'gbk'
	) {
		this.stream = fs.createWriteStream(file);
		this.put(header.join(','));
	}

	private put(line: string): void {
		// Worst case 3 bytes per UTF-16 unit (UTF-8) or 2 (GBK), plus the newline.
		if (this.pos + line.length * 3 + 1 > this.buf.length) {
			this.queue.push(this.buf.subarray(0, this.pos));
			this.buf = Buffer.allocUnsafe(Math.max(BUF, line.length * 3 + 1));
			this.pos = 0;
		}
		this.pos +=
			this.encoding === 'gbk'
				? encodeGbkInto(line, this.buf, this.pos)
				: this.buf.write(line, this.pos, 'utf8');
		this.buf[this.pos++] = 10;
	}

	/** Add one CSV line (without the newline). */
	add(line: string): void {
		this.put(line);
		this.rows++;
	}

	async flushIfFull(): Promise<void> {
		while (this.queue.length) {
			if (!this.stream.write(this.queue.shift()!)) await once(this.stream, 'drain');
		}
	}

	async close(): Promise<void> {
		await this.flushIfFull();
		if (this.pos) this.stream.write(this.buf.subarray(0, this.pos));
		this.stream.end();
		await once(this.stream, 'finish');
	}
}
