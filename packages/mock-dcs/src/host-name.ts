/**
 * A host name as `--host` and `startMockDcs({ hostname })` take it: DNS labels (`dcs.localhost`,
 * `demdex.net`), an IPv4 address, or an IPv6 one in brackets. Not a URL: the scheme comes from
 * `https`, the port from `port`, and the name is printed in `url` as `<scheme>://<name>:<port>`.
 */
export const isHostName = (name: string): boolean => /^([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$|^\[[0-9a-f:.]+\]$/i.test(name) && name.length <= 253;
