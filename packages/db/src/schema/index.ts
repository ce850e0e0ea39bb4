export { apiKeys } from './api-keys.ts';
export { deadLetters } from './dead-letters.ts';
export { outbox } from './outbox.ts';
export { registries } from './registries.ts';
export { schemas } from './schemas.ts';
export { versionReferences } from './version-references.ts';
export { versions } from './versions.ts';
