/** A `schemas/` folder that does not follow the layout; `path` names the file or folder at fault. */
export class SchemaFolderError extends Error {
  override readonly name = 'SchemaFolderError';
  readonly path: string;

  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super(`${path}: ${message}`, options);
    this.path = path;
  }
}
