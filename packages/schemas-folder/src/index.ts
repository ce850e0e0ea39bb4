/**
 * The `schemas/` folder reader, in a package of its own so that the server and the CLI read the folder without
 * importing the SDK (which re-exports it).
 */
export { type FolderEntries, type FolderSource, fileSystemSource } from './folder-source.ts';
export {
  type FolderContract,
  type FolderExample,
  type LoadSchemaFolderOptions,
  loadSchemaFolder,
} from './load-schema-folder.ts';
export { orderByReferences, type ReferencingContract } from './order-by-references.ts';
export { SchemaFolderError } from './schema-folder-error.ts';
