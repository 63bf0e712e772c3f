// Preloaded (--require) into the language server's own process by the memory bench: on
// SIGUSR2 it writes the process's memory figures to stderr (the protocol uses stdout), once
// as they are and once after a full garbage collection (--expose-gc).
process.on('SIGUSR2', () => {
  const before = process.memoryUsage();
  (globalThis as { gc?: () => void }).gc?.();
  const after = process.memoryUsage();
  process.stderr.write(`MEMPROBE ${JSON.stringify({ rss: before.rss, heapUsed: before.heapUsed, heapTotal: before.heapTotal, external: before.external, rssAfterGc: after.rss, heapUsedAfterGc: after.heapUsed })}\n`);
});
