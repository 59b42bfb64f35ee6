import { parseRule, referencedTraits, type RuleNode } from './rules/parse';

/** A trait: a rule over signals, or (without `rule`) a pixel trait realized only by `d_sid`. */
export interface TraitConfig {
  id: number;
  name?: string;
  rule?: string;
}

/** A segment: a rule over traits, e.g. `1001T AND (1002T OR NOT 1003T)` or `1001T >= 3`. */
export interface SegmentConfig {
  id: number;
  name?: string;
  rule: string;
}

export interface PartnerConfig {
  /** Origins (`scheme://host[:port]`) allowed to embed the frame and call `/event` with CORS. */
  allowedOrigins: string[];
  /** `dcs_region` in responses. Default 7. */
  region?: number;
  traits: TraitConfig[];
  segments: SegmentConfig[];
}

/** The emulator's configuration file (JSON). See packages/mock-dcs/README.md. */
export interface MockDcsConfig {
  /** Partner used when the first label of `Host` is not a configured partner. */
  defaultPartner: string;
  partners: Record<string, PartnerConfig>;
}

export interface CompiledTrait {
  id: number;
  name: string;
  rule: RuleNode | null;
}

export interface CompiledSegment {
  id: number;
  name: string;
  rule: RuleNode;
}

export interface CompiledPartner {
  name: string;
  allowedOrigins: ReadonlySet<string>;
  region: number;
  traits: CompiledTrait[];
  segments: CompiledSegment[];
}

export interface CompiledConfig {
  defaultPartner: string;
  partners: ReadonlyMap<string, CompiledPartner>;
  source: MockDcsConfig;
}

export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid mock-dcs config:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/** Validates a config and compiles its rules; throws a {@link ConfigError} listing every problem with its path. */
export function compileConfig(input: unknown): CompiledConfig {
  const problems: string[] = [];
  const partners = new Map<string, CompiledPartner>();
  if (!isObject(input)) throw new ConfigError(['(root): expected an object']);
  if (typeof input.defaultPartner !== 'string') problems.push('defaultPartner: expected a partner name');
  if (!isObject(input.partners) || Object.keys(input.partners).length === 0) {
    problems.push('partners: expected an object with at least one partner');
  } else {
    for (const [name, partner] of Object.entries(input.partners)) {
      const compiled = compilePartner(`partners.${name}`, name, partner, problems);
      if (compiled) partners.set(name, compiled);
    }
    if (typeof input.defaultPartner === 'string' && !(input.defaultPartner in input.partners)) {
      problems.push(`defaultPartner: "${input.defaultPartner}" is not one of the partners`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { defaultPartner: input.defaultPartner as string, partners, source: input as unknown as MockDcsConfig };
}

function compilePartner(path: string, name: string, input: unknown, problems: string[]): CompiledPartner | null {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(name)) problems.push(`${path}: partner names use lowercase letters, digits and "-"`);
  if (!isObject(input)) {
    problems.push(`${path}: expected an object`);
    return null;
  }
  const allowedOrigins = new Set<string>();
  if (!Array.isArray(input.allowedOrigins)) problems.push(`${path}.allowedOrigins: expected a list of origins`);
  else {
    input.allowedOrigins.forEach((origin, i) => {
      if (typeof origin === 'string' && isOrigin(origin)) allowedOrigins.add(origin);
      else problems.push(`${path}.allowedOrigins[${i}]: expected an origin such as "https://www.publisher.example"`);
    });
  }
  const region = input.region ?? 7;
  if (typeof region !== 'number' || !Number.isInteger(region)) problems.push(`${path}.region: expected a whole number`);

  const traits: CompiledTrait[] = [];
  list(input.traits, `${path}.traits`, problems).forEach((trait, i) => {
    const at = `${path}.traits[${i}]`;
    if (!isObject(trait) || !isId(trait.id)) return void problems.push(`${at}: expected { id: positive integer, rule?: string }`);
    if (traits.some((t) => t.id === trait.id)) problems.push(`${at}.id: trait ${trait.id} is defined twice`);
    let rule: RuleNode | null = null;
    if (trait.rule !== undefined) rule = compile(trait.rule, 'trait', `${at}.rule`, problems);
    traits.push({ id: trait.id, name: typeof trait.name === 'string' ? trait.name : `trait ${trait.id}`, rule });
  });

  const segments: CompiledSegment[] = [];
  list(input.segments, `${path}.segments`, problems).forEach((segment, i) => {
    const at = `${path}.segments[${i}]`;
    if (!isObject(segment) || !isId(segment.id)) return void problems.push(`${at}: expected { id: positive integer, rule: string }`);
    const rule = compile(segment.rule, 'segment', `${at}.rule`, problems);
    if (!rule) return;
    for (const id of referencedTraits(rule)) {
      if (!traits.some((t) => t.id === id)) problems.push(`${at}.rule: trait ${id} is not defined for this partner`);
    }
    segments.push({ id: segment.id, name: typeof segment.name === 'string' ? segment.name : `segment ${segment.id}`, rule });
  });

  return { name, allowedOrigins, region: region as number, traits, segments };
}

function list(value: unknown, path: string, problems: string[]): unknown[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  problems.push(`${path}: expected a list`);
  return [];
}

function compile(source: unknown, kind: 'trait' | 'segment', path: string, problems: string[]): RuleNode | null {
  if (typeof source !== 'string') {
    problems.push(`${path}: expected a rule string`);
    return null;
  }
  try {
    return parseRule(source, kind);
  } catch (error) {
    problems.push(`${path}: ${(error as Error).message}`);
    return null;
  }
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}
