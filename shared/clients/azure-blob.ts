import { AnonymousCredential, ContainerClient } from '@azure/storage-blob';

/**
 * Azure blob containers are reached at `https://<account>.blob.core.windows.net`.
 * The host comes from this platform-fixed template and a validated account
 * name — never from anything else a customer sends. Only the local stack and
 * tests set AZURE_BLOB_ENDPOINT_TEMPLATE (to azurite's `http://127.0.0.1:<port>/{account}`).
 */
const ENDPOINT_TEMPLATE = process.env.AZURE_BLOB_ENDPOINT_TEMPLATE || 'https://{account}.blob.core.windows.net';

export function azureContainerClient(account: string, container: string, sasToken: string): ContainerClient {
  const endpoint = ENDPOINT_TEMPLATE.replace('{account}', account);
  // One try: a verification reports what happened, within its time budget.
  return new ContainerClient(`${endpoint}/${container}?${sasToken}`, new AnonymousCredential(), { retryOptions: { maxTries: 1 } });
}
