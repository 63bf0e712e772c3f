import fs = require('node:fs');

/**
 * Standard output and error written with one synchronous write per message, straight to the
 * file descriptor: creating `process.stdout` (a stream, and the stream machinery behind it)
 * costs a short run more than its whole report takes to write. When a descriptor is
 * non-blocking and full (EAGAIN), the rest goes through Node's stream from then on, in order.
 * A closed pipe (`libvirt-xml-lint … | head`, EPIPE) ends the output quietly, as a
 * command-line tool should.
 */
type Fd = 1 | 2;

const viaStream: Record<Fd, boolean> = { 1: false, 2: false };
const closed: Record<Fd, boolean> = { 1: false, 2: false };

function stream(fd: Fd): NodeJS.WriteStream {
  const s = fd === 1 ? process.stdout : process.stderr;
  if (!viaStream[fd]) {
    viaStream[fd] = true;
    s.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closed[fd] = true;
    });
  }
  return s;
}

export function write(fd: Fd, text: string): void {
  if (closed[fd] || text === '') return;
  if (viaStream[fd]) {
    stream(fd).write(text);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  while (done < bytes.length) {
    try {
      done += fs.writeSync(fd, bytes, done, bytes.length - done);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        stream(fd).write(bytes.subarray(done));
        return;
      }
      if (code === 'EPIPE') {
        closed[fd] = true;
        return;
      }
      throw error;
    }
  }
}

/**
 * Whether everything written so far has reached its descriptor: no write went through a
 * stream, whose buffered rest Node writes out only as the process winds down.
 */
export function allWritten(): boolean {
  return !viaStream[1] && !viaStream[2];
}

export const writeOut = (text: string): void => write(1, text);
export const writeErr = (text: string): void => write(2, text);

/**
 * Whether the descriptor is a terminal, without creating the stream to ask it; files, pipes
 * and /dev/null are told apart by `fstat` first, so the `tty` module (and the networking code
 * it loads) is loaded only for a character device that may be one.
 */
export function isTerminal(fd: Fd): boolean {
  try {
    const st = fs.fstatSync(fd);
    if (!st.isCharacterDevice()) return false;
    const devNull = fs.statSync('/dev/null', { throwIfNoEntry: false });
    if (devNull && devNull.ino === st.ino && devNull.dev === st.dev) return false;
  } catch {
    // no such descriptor, or no /dev/null: ask the tty module
  }
  return (require('node:tty') as typeof import('node:tty')).isatty(fd);
}
