import * as z from 'zod';
import { KeyEnvironment } from './api-keys';

export const CallbackAuthKeys = z.object({ live: z.string(), test: z.string() }).meta({ id: 'CallbackAuthKeys' });
export const RotateCallbackAuthKeyBody = z.strictObject({ environment: KeyEnvironment }).meta({ id: 'RotateCallbackAuthKeyRequest' });
export const RotatedCallbackAuthKey = z.object({ environment: KeyEnvironment, key: z.string() }).meta({ id: 'RotatedCallbackAuthKey' });
