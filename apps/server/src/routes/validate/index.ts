import { type Api, mount, mountHot } from '../../env.ts';
import type { AuthOptions } from '../../middleware/auth.ts';
import { limitBody } from '../../middleware/body-limit.ts';
import * as batch from './batch.ts';
import * as quotas from './quotas.ts';
import * as validate from './validate.ts';

/** The validation API: one event, a batch, and the limits that apply. */
export function mountValidationApi(api: Api, auth: AuthOptions, batchMaxBytes: number): void {
  mountHot(api, auth, validate.route, validate.handler);
  const batchLimit = limitBody(batchMaxBytes, `A batch body holds at most ${batchMaxBytes} bytes`);
  mountHot(api, auth, batch.route, batch.handler, [batchLimit]);
  mount(api, auth, quotas.route, quotas.handler);
}
