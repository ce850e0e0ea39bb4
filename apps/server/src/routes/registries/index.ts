import { type Api, mount, type RouteGuards } from '../../mount.ts';
import * as get from './get.ts';
import * as list from './list.ts';
import * as put from './put.ts';

/** Registries: namespaces that mirror EventBridge registries 1:1. */
export function mountRegistriesApi(api: Api, guards: RouteGuards): void {
  mount(api, guards, list.route, list.handler);
  mount(api, guards, get.route, get.handler);
  mount(api, guards, put.route, put.handler);
}
