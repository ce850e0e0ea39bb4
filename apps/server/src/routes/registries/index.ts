import { type Api, mount } from '../../env.ts';
import type { AuthOptions } from '../../middleware/auth.ts';
import * as get from './get.ts';
import * as list from './list.ts';
import * as put from './put.ts';

/** Registries: namespaces that mirror EventBridge registries 1:1. */
export function mountRegistriesApi(api: Api, auth: AuthOptions): void {
  mount(api, auth, list.route, list.handler);
  mount(api, auth, get.route, get.handler);
  mount(api, auth, put.route, put.handler);
}
