/**
 * The pieces of a generated module, each written once and rendered as TypeScript (`ts`), as JavaScript (`js`)
 * or as its declarations (`dts`), so that `--lang ts` and `--lang js` bindings carry the same code and types.
 */
export type Flavour = 'ts' | 'js' | 'dts';

export interface Parameter {
  name: string;
  type: string;
}

export interface ClassField {
  /** `readonly`, `override readonly`... */
  modifiers: string;
  name: string;
  type: string;
  /** An initializer; without one the constructor assigns the field. */
  value?: string;
}

export type ModulePart =
  /** Text that is the same in every flavour it appears in: comments, type declarations. */
  | { kind: 'text'; text: string; flavours: readonly Flavour[] }
  | { kind: 'const'; doc?: string; exported: boolean; name: string; type: string; value: string }
  | {
      kind: 'function';
      doc?: string;
      exported: boolean;
      name: string;
      parameters: readonly Parameter[];
      returns: string;
      /** The statements, indented by two spaces. */
      body: string;
    }
  | {
      kind: 'class';
      doc?: string;
      name: string;
      extends: string;
      fields: readonly ClassField[];
      parameters: readonly Parameter[];
      /** The constructor's statements, indented by four spaces. */
      body: string;
    };

/** Type declarations: in TypeScript and in declarations, not in JavaScript. */
export const types = (text: string): ModulePart => ({ kind: 'text', text, flavours: ['ts', 'dts'] });

/** The same in every flavour (the header). */
export const everywhere = (text: string): ModulePart => ({
  kind: 'text',
  text,
  flavours: ['ts', 'js', 'dts'],
});

const withDoc = (doc: string | undefined, text: string) => (doc === undefined ? text : `${doc}\n${text}`);

function parameterList(parameters: readonly Parameter[], typed: boolean): string {
  return parameters.map((p) => (typed ? `${p.name}: ${p.type}` : p.name)).join(', ');
}

/** One part in one flavour; undefined when the flavour has nothing of it. */
export function renderPart(part: ModulePart, flavour: Flavour): string | undefined {
  const typed = flavour !== 'js';
  switch (part.kind) {
    case 'text':
      return part.flavours.includes(flavour) ? part.text : undefined;
    case 'const': {
      const exported = part.exported ? 'export ' : '';
      if (flavour === 'dts') {
        return part.exported
          ? withDoc(part.doc, `export declare const ${part.name}: ${part.type};`)
          : undefined;
      }
      const type = typed ? `: ${part.type}` : '';
      return withDoc(part.doc, `${exported}const ${part.name}${type} = ${part.value};`);
    }
    case 'function': {
      const signature = `function ${part.name}(${parameterList(part.parameters, typed)})${typed ? `: ${part.returns}` : ''}`;
      if (flavour === 'dts') {
        return part.exported ? withDoc(part.doc, `export declare ${signature};`) : undefined;
      }
      return withDoc(part.doc, `${part.exported ? 'export ' : ''}${signature} {\n${part.body}\n}`);
    }
    case 'class': {
      const fields = part.fields.map((field) => {
        if (flavour === 'js')
          return `  ${field.name}${field.value === undefined ? '' : ` = ${field.value}`};`;
        if (flavour === 'dts' || field.value === undefined)
          return `  ${field.modifiers} ${field.name}: ${field.type};`;
        return `  ${field.modifiers} ${field.name} = ${field.value};`;
      });
      const constructorHead = `  constructor(${parameterList(part.parameters, typed)})`;
      const constructorCode =
        flavour === 'dts' ? `${constructorHead};` : `${constructorHead} {\n${part.body}\n  }`;
      const head = `export ${flavour === 'dts' ? 'declare ' : ''}class ${part.name} extends ${part.extends} {`;
      return withDoc(part.doc, `${head}\n${fields.join('\n')}\n\n${constructorCode}\n}`);
    }
  }
}

/** The parts of a module in one flavour, separated by blank lines, ending with a newline. */
export function renderModule(parts: readonly ModulePart[], flavour: Flavour): string {
  const rendered = parts.map((part) => renderPart(part, flavour)).filter((text) => text !== undefined);
  return `${rendered.join('\n\n')}\n`;
}
