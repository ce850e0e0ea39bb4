/** A refusal from storage the server maps to an HTTP answer (`invalid_request`: an input storage cannot take). */
export class StoreError extends Error {
  readonly code: 'not_found' | 'conflict' | 'referenced' | 'invalid_request';

  constructor(code: StoreError['code'], message: string) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
  }
}
