import type { ContainerClient } from '@azure/storage-blob';
import { azureContainerClient } from '../clients/azure-blob';
import type { CheckName, Checks } from '../domain/integrations/verification';
import { PROBE_BODY, runChecks, storageSteps, type StorageOps } from './run-checks';

export interface AzureTarget {
  accountName: string;
  container: string;
  sasToken: string;
}

/** The SAS permission letter each check needs. */
const SAS_PERMISSION: Record<'list' | 'write' | 'read' | 'delete', string> = {
  list: 'l (list)',
  write: 'w (write) or c (create)',
  read: 'r (read)',
  delete: 'd (delete)',
};

/** List one blob, then write, read back and delete a probe blob, all with the customer's SAS. */
export async function checkAzureBlob(target: AzureTarget): Promise<Checks> {
  const container = azureContainerClient(target.accountName, target.container, target.sasToken);
  return runChecks(storageSteps(() => containerOps(container), ''), explainAzure(target));
}

function containerOps(container: ContainerClient): StorageOps {
  const absentIsFine = (error: unknown) => {
    if (statusOf(error) !== 404 || codeOf(error) === 'ContainerNotFound') throw error;
  };
  return {
    list: async (abortSignal) => void (await container.listBlobsFlat({ abortSignal }).byPage({ maxPageSize: 1 }).next()),
    write: async (key, abortSignal) =>
      void (await container.getBlockBlobClient(key).upload(PROBE_BODY, Buffer.byteLength(PROBE_BODY), { abortSignal })),
    read: (key, abortSignal) => container.getBlobClient(key).downloadToBuffer(0, undefined, { abortSignal }).then(() => undefined, absentIsFine),
    remove: (key, abortSignal) => container.getBlobClient(key).delete({ abortSignal }).then(() => undefined, absentIsFine),
  };
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number }).statusCode;
}

function codeOf(error: unknown): string {
  const e = error as { code?: string; details?: { errorCode?: string }; name?: string };
  return e.details?.errorCode ?? e.code ?? e.name ?? 'Error';
}

function explainAzure(target: AzureTarget) {
  const where = `container ${target.container} of account ${target.accountName}`;
  return (check: CheckName, error: unknown): string => {
    const code = codeOf(error);
    const permission = SAS_PERMISSION[check as keyof typeof SAS_PERMISSION];
    if (code === 'ContainerNotFound') return `ContainerNotFound: the ${where} does not exist.`;
    // A bad signature is AuthenticationFailed on Azure (AuthorizationFailure on azurite, and on Azure when a network rule refuses us).
    if (code === 'AuthenticationFailed' || code === 'AuthorizationFailure') {
      return `${code} on ${check}: the SAS token was refused (revoked, expired, not for this account, or limited to other networks).`;
    }
    if (code === 'AuthorizationPermissionMismatch' || code === 'AuthorizationResourceTypeMismatch' || statusOf(error) === 403) {
      return `${code} on ${check}: the SAS token needs permission ${permission} on the ${where}.`;
    }
    if (code === 'ENOTFOUND' || code === 'REQUEST_SEND_ERROR') return `The storage account ${target.accountName} could not be reached: check its name.`;
    return `${code} on ${check} at the ${where}.`;
  };
}
