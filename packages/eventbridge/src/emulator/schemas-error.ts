/** The error codes of the Schemas API, with the HTTP status the real service answers them with. */
export const SCHEMAS_ERROR_STATUS = {
  BadRequestException: 400,
  UnauthorizedException: 401,
  ForbiddenException: 403,
  NotFoundException: 404,
  ConflictException: 409,
  GoneException: 410,
  PreconditionFailedException: 412,
  TooManyRequestsException: 429,
  InternalServerErrorException: 500,
  ServiceUnavailableException: 503,
} as const;

/** A Schemas API error code. */
export type SchemasErrorCode = keyof typeof SCHEMAS_ERROR_STATUS;

/** Thrown inside the emulator; rendered as `{Code, Message}` with `x-amzn-ErrorType`. */
export class SchemasError extends Error {
  readonly code: SchemasErrorCode;

  constructor(code: SchemasErrorCode, message: string) {
    super(message);
    this.name = code;
    this.code = code;
  }

  get status(): number {
    return SCHEMAS_ERROR_STATUS[this.code];
  }
}
