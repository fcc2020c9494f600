import { startDevServer } from './dev-server';

/**
 * The dev server's own process, started by the local stack with the
 * functions' environment already set (handlers read it at import, as at a
 * Lambda cold start).
 */
const server = await startDevServer({
  port: Number(process.env.PORT ?? 3000),
  supportToken: process.env.SUPPORT_TOKEN ?? '',
  awsEndpoint: process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:5055',
});
process.stdout.write(`ready ${server.url}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void server.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
