import { startDevServer } from './dev-server';
import type { DevServerConfig } from './stack';

/**
 * The dev server's own process, started by the local stack with its
 * configuration in REFONTE_DEV_SERVER; each function then runs in a worker
 * with only its own environment, as at a Lambda cold start.
 */
const config = JSON.parse(process.env.REFONTE_DEV_SERVER ?? 'null') as DevServerConfig | null;
if (!config) throw new Error('serve.ts is started by the local stack (npm start), which passes REFONTE_DEV_SERVER');
const server = await startDevServer({ port: Number(process.env.PORT ?? 3000), ...config });
process.stdout.write(`ready ${server.url}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void server.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
