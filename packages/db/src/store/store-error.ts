/** A refusal from storage the server maps to an HTTP answer. */
export class StoreError extends Error {
  readonly code: 'not_found' | 'conflict' | 'referenced';

  constructor(code: StoreError['code'], message: string) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
  }
}
