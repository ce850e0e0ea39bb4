import { type Api, mount, type RouteGuards } from '../../mount.ts';
import * as create from './create.ts';
import * as list from './list.ts';
import * as revoke from './revoke.ts';

/** API keys over HTTP: made, listed and revoked by an admin key that reaches every registry. */
export function mountKeysApi(api: Api, guards: RouteGuards): void {
  mount(api, guards, create.route, create.handler);
  mount(api, guards, list.route, list.handler);
  mount(api, guards, revoke.route, revoke.handler);
}
