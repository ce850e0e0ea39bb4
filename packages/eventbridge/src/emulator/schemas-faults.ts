import { SchemasError, type SchemasErrorCode } from './schemas-error.ts';

/** Which operations a fault applies to; all of them when omitted. */
export interface FaultScope {
  operations?: string[];
}

interface CountedFault {
  remaining: number;
  code: SchemasErrorCode;
  operations?: string[];
}

/**
 * Fault injection for the emulated Schemas API, and the per-operation call counts tests use to
 * prove what a sync did. Every request passes through {@link SchemasFaults.admit} first.
 */
export class SchemasFaults {
  private readonly counted: CountedFault[] = [];
  private failAfterCalls: { budget: number; code: SchemasErrorCode; operations?: string[] } | undefined;
  /** Calls per operation name (ListSchemas, DescribeSchema, ...), including refused ones. */
  readonly calls = new Map<string, number>();

  /** The next `count` matching calls answer 429 TooManyRequestsException. */
  throttleNext(count: number, scope: FaultScope = {}): void {
    this.failNext(count, 'TooManyRequestsException', scope);
  }

  /** The next `count` matching calls fail with `code` (e.g. ServiceUnavailableException). */
  failNext(count: number, code: SchemasErrorCode, scope: FaultScope = {}): void {
    const fault: CountedFault = { remaining: count, code };
    if (scope.operations) fault.operations = scope.operations;
    this.counted.push(fault);
  }

  /**
   * After `calls` more matching calls succeed, every further matching call fails with `code`
   * (500 InternalServerErrorException by default) until {@link clear}: an outage in mid-run.
   */
  failAfter(calls: number, code: SchemasErrorCode = 'InternalServerErrorException', scope: FaultScope = {}) {
    this.failAfterCalls = { budget: calls, code };
    if (scope.operations) this.failAfterCalls.operations = scope.operations;
  }

  /** Removes every injected fault; call counts stay. */
  clear(): void {
    this.counted.length = 0;
    this.failAfterCalls = undefined;
  }

  /** Forgets the call counts. */
  resetCalls(): void {
    this.calls.clear();
  }

  /** Number of calls of one operation, or of all operations when omitted. */
  callCount(operation?: string): number {
    if (operation !== undefined) return this.calls.get(operation) ?? 0;
    let total = 0;
    for (const count of this.calls.values()) total += count;
    return total;
  }

  /** Counts the call and throws the injected error if one applies. */
  admit(operation: string): void {
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
    const fault = this.counted.find((f) => f.remaining > 0 && applies(f.operations, operation));
    if (fault) {
      fault.remaining -= 1;
      throw new SchemasError(fault.code, `Injected fault: ${fault.code} on ${operation}.`);
    }
    const outage = this.failAfterCalls;
    if (outage && applies(outage.operations, operation)) {
      if (outage.budget <= 0) {
        throw new SchemasError(outage.code, `Injected outage: ${outage.code} on ${operation}.`);
      }
      outage.budget -= 1;
    }
  }
}

function applies(operations: string[] | undefined, operation: string): boolean {
  return operations === undefined || operations.includes(operation);
}
