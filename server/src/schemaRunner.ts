import { Worker } from 'node:worker_threads';
import type { SchemaError } from './service/schema/validate';
import type { SchemaRequest, SchemaResponse } from './service/schema/worker';

export type SchemaResult =
  | { kind: 'done'; errors: SchemaError[]; ms: number }
  /** A newer version of the document arrived first; the result was dropped. */
  | { kind: 'stale' }
  /** The schemas could not be loaded or the worker failed. */
  | { kind: 'failed'; message: string };

interface Job {
  key: string;
  version: number;
  dir: string;
  file?: string;
  contentOf?: string;
  text: string;
  resolve: (r: SchemaResult) => void;
}

interface Running extends Job {
  id: number;
  startedAt: number;
  superseded: boolean;
}

export interface SchemaRunnerOptions {
  /**
   * A superseded validation that has run this long is stopped by restarting the worker;
   * shorter ones finish and are dropped. Restarting is dear: the new worker compiles the
   * schema again and its first validation runs cold (measured: 1.8 s instead of 0.45 s on
   * the 5,000-disk domain), so only a runaway validation is worth it.
   */
  restartAfterMs?: number;
}

/**
 * Runs schema validation off the main thread, one document at a time, newest version
 * only: the LSP host keeps answering hover and completion while a large domain validates.
 */
export class SchemaRunner {
  private worker: Worker | null = null;
  private readonly queue: Job[] = [];
  private running: Running | null = null;
  private nextId = 1;
  private disposed = false;
  private readonly restartAfterMs: number;

  constructor(
    private readonly workerFile: string,
    options: SchemaRunnerOptions = {},
  ) {
    this.restartAfterMs = options.restartAfterMs ?? 10_000;
  }

  /** Validates one version of a document (`key` is its URI); older pending versions resolve `stale`. */
  validate(key: string, version: number, dir: string, text: string, file?: string, contentOf?: string): Promise<SchemaResult> {
    if (this.disposed) return Promise.resolve({ kind: 'failed', message: 'schema validation was shut down' });
    return new Promise((resolve) => {
      for (let i = this.queue.length - 1; i >= 0; i--) {
        const q = this.queue[i];
        if (q.key === key && q.version <= version) {
          this.queue.splice(i, 1);
          q.resolve({ kind: 'stale' });
        }
      }
      this.queue.push({ key, version, dir, file, contentOf, text, resolve });
      const r = this.running;
      if (r && r.key === key && r.version <= version) {
        r.superseded = true;
        if (performance.now() - r.startedAt >= this.restartAfterMs) this.restart();
      }
      this.pump();
    });
  }

  /** Drops queued work for a closed document. */
  forget(key: string): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].key === key) this.queue.splice(i, 1)[0].resolve({ kind: 'stale' });
    }
    if (this.running?.key === key) this.running.superseded = true;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const q of this.queue.splice(0)) q.resolve({ kind: 'stale' });
    this.running?.resolve({ kind: 'stale' });
    this.running = null;
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private spawn(): Worker {
    const w = new Worker(this.workerFile);
    w.on('message', (res: SchemaResponse) => this.onMessage(w, res));
    w.on('error', (err) => this.onFailure(w, err.message));
    w.on('exit', (code) => this.onFailure(w, `the schema worker exited with code ${code}`));
    // The language server must be able to exit while the worker idles; after the listeners,
    // since adding a 'message' listener refs the port again.
    w.unref();
    return w;
  }

  private restart(): void {
    const r = this.running;
    this.running = null;
    r?.resolve({ kind: 'stale' });
    const w = this.worker;
    this.worker = null;
    void w?.terminate();
  }

  private onMessage(w: Worker, res: SchemaResponse): void {
    const r = this.running;
    if (w !== this.worker || !r || r.id !== res.id) return;
    this.running = null;
    if (r.superseded) r.resolve({ kind: 'stale' });
    else if (res.ok) r.resolve({ kind: 'done', errors: res.errors, ms: res.ms });
    else r.resolve({ kind: 'failed', message: res.message });
    this.pump();
    if (!this.running) w.unref();
  }

  private onFailure(w: Worker, message: string): void {
    if (w !== this.worker) return;
    this.worker = null;
    const r = this.running;
    this.running = null;
    r?.resolve({ kind: 'failed', message });
    this.pump();
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const job = this.queue.shift();
    if (!job) return;
    this.worker ??= this.spawn();
    const id = this.nextId++;
    this.running = { ...job, id, startedAt: performance.now(), superseded: false };
    const req: SchemaRequest = { id, dir: job.dir, file: job.file, contentOf: job.contentOf, text: job.text };
    // Referenced while it works (a CLI-like caller waits for the answer), not while idle.
    this.worker.ref();
    this.worker.postMessage(req);
  }
}
