import { routes } from '../routes';
import { defineOperation } from '../../shared/http/operation';

export const handler = defineOperation(routes.health, async () => ({ status: 200, body: { status: 'ok' } }));
