import { describe, expect, it } from 'vitest';
import { ConfigError, compileConfig, demoConfig } from '../src/index';

describe('mock-dcs config', () => {
  it('accepts the built-in demo config', () => {
    const compiled = compileConfig(demoConfig());
    expect(compiled.partners.get('acme')?.segments.map((s) => s.id)).toEqual([5001, 5002, 5003, 5004]);
  });

  it('lists every problem with its path', () => {
    let error: unknown;
    try {
      compileConfig({
        defaultPartner: 'nobody',
        partners: {
          acme: {
            allowedOrigins: ['https://ok.example', 'https://bad.example/path'],
            traits: [{ id: 1, rule: 'c_a == ' }, { id: 1, rule: 'c_b == "x"' }, { id: 'two' }],
            segments: [{ id: 9, rule: '1T AND 77T' }],
          },
        },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'partners.acme.allowedOrigins[1]: expected an origin such as "https://www.publisher.example"',
      'partners.acme.traits[0].rule: expected a quoted string or a number at character 8',
      'partners.acme.traits[1].id: trait 1 is defined twice',
      'partners.acme.traits[2]: expected { id: positive integer, rule?: string, dpid?: number }',
      'partners.acme.segments[0].rule: trait 77 is not defined for this partner',
      'defaultPartner: "nobody" is not one of the partners',
    ]);
  });

  it('takes an allowed origin written with a trailing "/" (as an address bar shows it) as that origin', () => {
    const compiled = compileConfig({ partners: { acme: { allowedOrigins: ['https://www.publisher.example/', 'http://my-site.localhost:8080/'] } } });
    expect([...compiled.partners.get('acme')!.allowedOrigins]).toEqual(['https://www.publisher.example', 'http://my-site.localhost:8080']);
    expect(() => compileConfig({ partners: { acme: { allowedOrigins: ['https://www.publisher.example//'] } } })).toThrow(ConfigError);
  });

  // New-user trial (trial3): "https://*.publisher.example" was taken as an origin; the frame and
  // CORS compare origins exactly, so no page could ever connect, with no word why.
  it('refuses a wildcard origin, naming it: origins are compared exactly', () => {
    let error: unknown;
    try {
      compileConfig({ partners: { acme: { allowedOrigins: ['https://www.publisher.example', 'https://*.publisher.example', 'http://*.localhost:8080'] } } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'partners.acme.allowedOrigins[1]: "https://*.publisher.example": no wildcards, list each origin (origins are compared exactly)',
      'partners.acme.allowedOrigins[2]: "http://*.localhost:8080": no wildcards, list each origin (origins are compared exactly)',
    ]);
  });

  it('refuses a config without partners', () => {
    expect(() => compileConfig({ defaultPartner: 'a', partners: {} })).toThrow(/at least one partner/);
    expect(() => compileConfig(null)).toThrow(ConfigError);
  });
});
