import { type Api, mount, mountHot, type RouteGuards } from '../../mount.ts';
import * as bindings from './bindings.ts';
import * as compatibility from './compatibility.ts';
import * as config from './config.ts';
import * as remove from './delete.ts';
import * as getVersion from './get-version.ts';
import * as list from './list.ts';
import * as listVersions from './list-versions.ts';
import * as patchVersion from './patch-version.ts';
import * as references from './references.ts';
import * as register from './register.ts';

/** Schemas and their versions, config, compatibility checks and bindings. */
export function mountSchemasApi(api: Api, guards: RouteGuards): void {
  mount(api, guards, list.route, list.handler);
  mount(api, guards, register.route, register.handler);
  mount(api, guards, listVersions.route, listVersions.handler);
  mountHot(api, guards, getVersion.route, getVersion.handler);
  mount(api, guards, patchVersion.route, patchVersion.handler);
  mount(api, guards, remove.deleteVersionRoute, remove.deleteVersion);
  mount(api, guards, remove.deleteSchemaRoute, remove.deleteSchema);
  mount(api, guards, config.getRoute, config.getConfig);
  mount(api, guards, config.putRoute, config.putConfig);
  mount(api, guards, compatibility.route, compatibility.handler);
  mount(api, guards, bindings.route, bindings.handler);
  mount(api, guards, references.route, references.handler);
}
