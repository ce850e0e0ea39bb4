import { describe, expect, it } from 'vitest';
import { batchEventTexts, eventText, memberText } from './json-text.ts';

describe("the events' text in a body", () => {
  it('is the event member as written, whatever it holds', () => {
    const event = '{ "a" : "x\\"}{[,", "b":[1, 2.50 ,{"c":"\\\\"}], "n": 12345678901234567890123 }';
    expect(eventText(`{"registry":"r","event":${event},"schema":"s"}`)).toBe(event);
    expect(eventText(` {\n "event" :\t"a string with } and \\" " }`)).toBe('"a string with } and \\" "');
    expect(eventText('{"event":-1.5e3}')).toBe('-1.5e3');
    expect(eventText('{"event":null,"version":1}')).toBe('null');
  });

  it('takes the last of duplicate members, as JSON.parse does, and a key written with escapes', () => {
    expect(eventText('{"event":1,"event":{"x":2}}')).toBe('{"x":2}');
    expect(eventText('{"\\u0065vent":[true]}')).toBe('[true]');
  });

  it('is nothing for a body that holds no event', () => {
    expect(eventText('[1]')).toBeUndefined();
    expect(eventText('{"events":[]}')).toBeUndefined();
  });

  it("is each batch entry's event, in order", () => {
    const body =
      '{"events":[{"event":{"a":1}},{"registry":"r","event" : [ "]" ]},{"idempotencyKey":"k"}, 5]}';
    expect(batchEventTexts(body)).toEqual(['{"a":1}', '[ "]" ]', undefined, undefined]);
    expect(batchEventTexts('{"events":{}}')).toEqual([]);
  });

  it('matches what JSON.parse reads, for generated bodies', () => {
    for (let n = 0; n < 200; n++) {
      const event = {
        n,
        s: `q"${'}'.repeat(n % 3)}\\`,
        list: Array.from({ length: n % 4 }, (_, i) => ({ i })),
      };
      const text = JSON.stringify(event, null, n % 2 === 0 ? 2 : undefined);
      expect(JSON.parse(eventText(`{"event": ${text}, "registry": "r"}`)!)).toEqual(event);
      expect(batchEventTexts(`{"events":[{"event":${text}},{"event":${text}}]}`)).toEqual([text, text]);
    }
  });
});

describe('a member of an object, as written', () => {
  it("is the text of an event's member, digits and spacing kept", () => {
    const event = '{"source":"s","detail" : { "id": 12345678901234567890, "x":[1 ,2] },"detail-type":"d"}';
    expect(memberText(event, 'detail')).toBe('{ "id": 12345678901234567890, "x":[1 ,2] }');
    expect(memberText(event, 'source')).toBe('"s"');
    expect(memberText(event, 'missing')).toBeUndefined();
    expect(memberText('[{"detail":{}}]', 'detail')).toBeUndefined();
  });
});
