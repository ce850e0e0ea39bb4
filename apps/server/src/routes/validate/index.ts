import { limitBody } from '../../middleware/body-limit.ts';
import { type Api, mount, mountHot, type RouteGuards } from '../../mount.ts';
import * as batch from './batch.ts';
import * as quotas from './quotas.ts';
import * as validate from './validate.ts';

/** The validation API: one event, a batch (with its own, larger body limit), and the limits that apply. */
export function mountValidationApi(api: Api, guards: RouteGuards, batchMaxBytes: number): void {
  mountHot(api, guards, validate.route, validate.handler, { shed: true });
  mountHot(api, guards, batch.route, batch.handler, {
    shed: true,
    bodyLimit: limitBody(batchMaxBytes, `A batch body holds at most ${batchMaxBytes} bytes`),
  });
  mount(api, guards, quotas.route, quotas.handler);
}
