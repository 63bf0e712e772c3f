// Stage counts for scripts/test-all.sh: each e2e stage writes "PASSED FAILED" to the file
// named by $STAGE_COUNTS, so the final "N passed, N failed" line adds them up.
import * as fs from 'node:fs';

export function reportCounts(stage: string, passed: number, failed: number, skipped = 0): void {
  console.log(`${stage}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  const file = process.env.STAGE_COUNTS;
  if (file) fs.writeFileSync(file, `${passed} ${failed}\n`);
}
