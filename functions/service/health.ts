import { healthRoute } from './health.route';
import { definePublicOperation } from '../../shared/http/public-operation';

export const handler = definePublicOperation(healthRoute, async () => ({ status: 200, body: { status: 'ok' as const } }));
