/**
 * Finds the start of a close frame in the bytes a client sends (frames from a client are masked,
 * RFC 6455 section 5.2), skipping any data, ping or pong frames before it. The front uses it to
 * learn that a client answered the server's close frame, so the close handshake finished.
 */
export class CloseScanner {
  private header: number[] = [];
  private skip = 0;

  /** Feeds the next bytes; true once a close frame has started. */
  feed(chunk: Uint8Array): boolean {
    let i = 0;
    while (i < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      this.header.push(chunk[i++]!);
      if ((this.header[0]! & 0x0f) === 0x8) return true;
      const size = headerSize(this.header);
      if (size === undefined || this.header.length < size) continue;
      this.skip = payloadSize(this.header);
      this.header = [];
    }
    return false;
  }
}

/** Bytes of a frame header once its second byte is known: 2, extended length, mask. */
function headerSize(header: readonly number[]): number | undefined {
  // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent, one byte reads as a 2-byte header the scan still waits for
  if (header.length < 2) return undefined;
  const length = header[1]! & 0x7f;
  return 2 + (length === 126 ? 2 : length === 127 ? 8 : 0) + (header[1]! & 0x80 ? 4 : 0);
}

function payloadSize(header: readonly number[]): number {
  const length = header[1]! & 0x7f;
  if (length < 126) return length;
  if (length === 126) return (header[2]! << 8) | header[3]!;
  let size = 0;
  for (let i = 2; i < 10; i++) size = size * 256 + header[i]!;
  return size;
}
