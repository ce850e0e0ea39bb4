/** The schemagate server: `createApp` for in-process use and tests, `startServer` for `schemagate serve`. */
export { type CreateAppOptions, createApp, type Logger, type SchemagateApp } from './app.ts';
export { type Config, configSchema, parseConfig } from './config.ts';
export { AppError, errorStatus } from './errors.ts';
export { type KeyScope, scopeGrants } from './middleware/auth.ts';
export { adminKeyPath, type RunningServer, type StartServerOptions, startServer } from './serve.ts';
export { openStorage, type Storage, storageFromHandle } from './storage.ts';
