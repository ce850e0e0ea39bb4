/**
 * The HTTP contract of schemagate: zod models and route declarations. The server mounts these routes, the
 * OpenAPI document is generated from them and the SDK derives its request and response types from them,
 * so no shape is written twice.
 */
export * from './models.ts';
export { isProblemCode, PROBLEM_CODES, ProblemCode } from './problem-codes.ts';
export { defineRoute, type RouteScope } from './route.ts';
export * as deadLettersRoutes from './routes/dead-letters.ts';
export * as eventsRoutes from './routes/events.ts';
export * as keysRoutes from './routes/keys.ts';
export * as registriesRoutes from './routes/registries.ts';
export * as schemasRoutes from './routes/schemas.ts';
export * as validationRoutes from './routes/validation.ts';
