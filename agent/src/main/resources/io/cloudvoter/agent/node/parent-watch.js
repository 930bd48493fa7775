// Loaded by the CloudVoter browser node into Playwright's launch-server (node --require).
// The node's JVM holds the other end of this process's stdin. When the JVM dies, however it dies
// (kill -9 included), the pipe ends: stop the server as SIGTERM would, and Chromium with it.
// unref(): the pipe alone must not keep this process alive once the server has stopped.
function stop() {
  process.kill(process.pid, 'SIGTERM');
}
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.stdin.unref();
