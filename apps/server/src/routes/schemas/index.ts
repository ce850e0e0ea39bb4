import { type Api, mount, mountHot } from '../../env.ts';
import type { AuthOptions } from '../../middleware/auth.ts';
import * as bindings from './bindings.ts';
import * as compatibility from './compatibility.ts';
import * as config from './config.ts';
import * as remove from './delete.ts';
import * as getVersion from './get-version.ts';
import * as list from './list.ts';
import * as listVersions from './list-versions.ts';
import * as patchVersion from './patch-version.ts';
import * as register from './register.ts';

/** Schemas and their versions, config, compatibility checks and bindings. */
export function mountSchemasApi(api: Api, auth: AuthOptions): void {
  mount(api, auth, list.route, list.handler);
  mount(api, auth, register.route, register.handler);
  mount(api, auth, listVersions.route, listVersions.handler);
  mountHot(api, auth, getVersion.route, getVersion.handler);
  mount(api, auth, patchVersion.route, patchVersion.handler);
  mount(api, auth, remove.deleteVersionRoute, remove.deleteVersion);
  mount(api, auth, remove.deleteSchemaRoute, remove.deleteSchema);
  mount(api, auth, config.getRoute, config.getConfig);
  mount(api, auth, config.putRoute, config.putConfig);
  mount(api, auth, compatibility.route, compatibility.handler);
  mount(api, auth, bindings.route, bindings.handler);
}
