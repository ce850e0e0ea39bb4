/**
 * Validate an event as `POST /v1/validate` does: routing first (which schema and version, and by which rule),
 * then the verdict, with the row of every error's path marked in the event.
 */
import { describeRoute, eventRoute } from '@schemagate/core/gate';
import { useState } from 'preact/hooks';
import { ApiProblem } from '../api.ts';
import type { Session } from '../app.tsx';
import { Field, JsonBlock, Link, ProblemNotice } from '../components.tsx';
import { schemaRoute } from '../router.ts';
import type { ValidateResult } from '../types.ts';

const EXAMPLE = `{
  "source": "com.shop.orders",
  "detail-type": "OrderPlaced",
  "detail": {}
}`;

interface Outcome {
  event: unknown;
  explicit: { registry?: string; schema?: string; version?: number | 'latest' };
  result?: ValidateResult;
  error?: unknown;
}

export function PlaygroundView({ session }: { session: Session }) {
  const [text, setText] = useState(EXAMPLE);
  const [registry, setRegistry] = useState('');
  const [schema, setSchema] = useState('');
  const [version, setVersion] = useState('');
  const [parseError, setParseError] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();

  const validate = async (submit: Event) => {
    submit.preventDefault();
    setParseError('');
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch (error) {
      setParseError(`The event is not JSON: ${error instanceof Error ? error.message : String(error)}`);
      setOutcome(undefined);
      return;
    }
    const explicit: Outcome['explicit'] = {};
    if (registry.trim()) explicit.registry = registry.trim();
    if (schema.trim()) explicit.schema = schema.trim();
    if (version.trim()) explicit.version = version.trim() === 'latest' ? 'latest' : Number(version.trim());
    setBusy(true);
    try {
      const result = await session.api.request<ValidateResult>('POST', '/v1/validate', {
        event,
        ...explicit,
      });
      setOutcome({ event, explicit, result });
    } catch (error) {
      setOutcome({ event, explicit, error });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>Playground</h1>
      <form class="playground" onSubmit={validate}>
        <Field id="event" label="Event">
          <textarea
            id="event"
            rows={14}
            spellcheck={false}
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
            aria-invalid={parseError ? true : undefined}
            aria-describedby={parseError ? 'event-parse-error' : undefined}
          />
        </Field>
        <fieldset>
          <legend>Route explicitly (optional)</legend>
          <Field id="pg-registry" label="Registry">
            <input id="pg-registry" value={registry} onInput={(e) => setRegistry(e.currentTarget.value)} />
          </Field>
          <Field id="pg-schema" label="Schema">
            <input id="pg-schema" value={schema} onInput={(e) => setSchema(e.currentTarget.value)} />
          </Field>
          <Field id="pg-version" label="Version" hint="A number or latest">
            <input
              id="pg-version"
              value={version}
              aria-describedby="pg-version-hint"
              onInput={(e) => setVersion(e.currentTarget.value)}
            />
          </Field>
        </fieldset>
        <button type="submit" disabled={busy}>
          Validate
        </button>
      </form>
      {parseError && (
        <p id="event-parse-error" class="problem" role="alert">
          {parseError}
        </p>
      )}
      {outcome && <OutcomeView outcome={outcome} />}
    </section>
  );
}

/** Why the event went where it went, in the words of the validate route's rule. */
function routingReason(outcome: Outcome, result: ValidateResult | undefined): string {
  const route = eventRoute(outcome.event, outcome.explicit);
  const how = route
    ? `routed by ${describeRoute(route)}`
    : 'no routing field applies (no schema named, no envelope, no CloudEvent)';
  const inRegistry = outcome.explicit.registry ? ` in registry \`${outcome.explicit.registry}\`` : '';
  let which = '';
  if (result?.version !== null && result?.version !== undefined) {
    which =
      outcome.explicit.version !== undefined && outcome.explicit.version !== 'latest'
        ? `; version ${outcome.explicit.version} as asked`
        : '; the newest version that is not disabled';
  }
  return `${how}${inRegistry}${which}`;
}

/** The gate's words quote names in backticks; they are shown as code. */
function Quoted({ text }: { text: string }) {
  return (
    <>{text.split('`').map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part))}</>
  );
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  const { result, error } = outcome;
  const marked = new Set((result?.errors ?? []).map((issue) => issue.path));
  const problemErrors =
    error instanceof ApiProblem && Array.isArray(error.body.errors)
      ? (error.body.errors as Array<{ path?: string }>)
      : [];
  for (const issue of problemErrors) if (typeof issue.path === 'string') marked.add(issue.path);
  return (
    <div class="outcome" aria-live="polite">
      <h2>Routing</h2>
      {result?.schema && result.registry ? (
        <p class="routing">
          <Link to={`${schemaRoute(result.registry, result.schema)}?version=${result.version}`}>
            {result.registry}/{result.schema} v{result.version}
          </Link>{' '}
          — <Quoted text={routingReason(outcome, result)} />
        </p>
      ) : (
        <p class="routing">
          <Quoted text={routingReason(outcome, result)} />
        </p>
      )}
      <h2>Verdict</h2>
      {error !== undefined && <ProblemNotice error={error} />}
      {result && (
        <>
          <p class={result.valid ? 'verdict ok' : 'verdict bad'} role="status">
            {result.valid
              ? 'Valid'
              : `Invalid: ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}`}
          </p>
          {(result.warnings ?? []).map((warning) => (
            <p key={warning} class="notice">
              {warning}
            </p>
          ))}
          {result.errors.length > 0 && (
            <ul class="errors">
              {result.errors.map((issue, index) => (
                <li key={index}>
                  <code>{issue.path || '/'}</code> {issue.message}{' '}
                  <small>
                    ({issue.keyword} at {issue.schemaPath})
                  </small>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <h3>Event</h3>
      <JsonBlock value={outcome.event} marked={marked} label="The validated event, error paths marked" />
    </div>
  );
}
