import * as z from 'zod/mini';
import { KeyEnvironment } from './api-keys';

export const CallbackAuthKeys = z.object({ live: z.string(), test: z.string() }).register(z.globalRegistry, { id: 'CallbackAuthKeys' });
export const RotateCallbackAuthKeyBody = z.strictObject({ environment: KeyEnvironment }).register(z.globalRegistry, { id: 'RotateCallbackAuthKeyRequest' });
export const RotatedCallbackAuthKey = z.object({ environment: KeyEnvironment, key: z.string() }).register(z.globalRegistry, { id: 'RotatedCallbackAuthKey' });
