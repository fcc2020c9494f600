import { routes } from '../routes';
import { definePublicOperation } from '../../shared/http/public-operation';

export const handler = definePublicOperation(routes.health, async () => ({ status: 200, body: { status: 'ok' } }));
