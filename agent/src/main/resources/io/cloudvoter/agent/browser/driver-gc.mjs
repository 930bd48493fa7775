// Loaded into the Playwright driver (Node.js) by CloudVoter, as
// NODE_OPTIONS="--expose-gc --import data:text/javascript;base64,<this file>" (BrowserSettings.driverEnv).
// With many runs in flight the driver's V8 lets its old generation grow to two to four times what
// is alive (about 50 MB) before it collects, so the driver's memory swung between 140 and 230 MB from
// one run of the benchmark to the next. A full collection whenever the heap has grown by a quarter
// (at least 16 MB) since the last one keeps it near 130 MB at the same CPU (docs/ENGINE.md, Memory).
// No hard limit: a burst (large storage states) only makes collections more frequent, never a crash.
import v8 from 'node:v8';

const CHECK_EVERY_MS = 500;
const LEAST_GROWTH = 16 * 1024 * 1024;

if (typeof globalThis.gc === 'function') {
  let floor = 0;
  setInterval(() => {
    const used = v8.getHeapStatistics().used_heap_size;
    if (floor === 0) {
      floor = used; // the first reading is the start's heap
    } else if (used > floor + Math.max(LEAST_GROWTH, floor / 4)) {
      globalThis.gc();
      floor = v8.getHeapStatistics().used_heap_size;
    }
  }, CHECK_EVERY_MS).unref();
}
