import { repoRoot } from './emulators';
import { localFiles, runningStack } from './stack-lock';

/**
 * `npm stop`: stops the local stack started from this checkout (in the
 * background with `npm start -- --detach`, or in another terminal), by the
 * PID in `.local/stack.pid`, and waits until it has stopped its children.
 */
const files = localFiles(repoRoot());
const running = runningStack(files);
if (!running) {
  process.stdout.write('No local stack is running from this checkout.\n');
  process.exit(0);
}
process.kill(running.pid, 'SIGTERM');
const deadline = Date.now() + 20_000;
while (runningStack(files) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
if (runningStack(files)) {
  process.stderr.write(`The local stack (pid ${running.pid}) is still stopping after 20 s; see .local/logs/.\n`);
  process.exit(1);
}
process.stdout.write(`Stopped the local stack (pid ${running.pid}).\n`);
