/**
 * The frame's headers in the `_headers` format of Netlify and Cloudflare Pages: the URL path,
 * then one indented `Name: value` line per header. A `.html` path gets a second rule for the
 * same path without the extension: Cloudflare Pages redirects `/x/frame.html` to `/x/frame`
 * and matches its rules against the path it serves, which would otherwise get no header at all
 * (the frame would run without its CSP, nothing looking wrong).
 */
export function headersFile(path: string, headers: Record<string, string>): string {
  const lines = Object.entries(headers)
    .map(([name, value]) => `  ${name}: ${value}\n`)
    .join('');
  const bare = path.replace(/([^/])\.html$/, '$1');
  const paths = bare === path ? [path] : [path, bare];
  return paths.map((served) => `${served}\n${lines}`).join('');
}

/**
 * An nginx `location` block serving the frame with its headers. `Content-Type` is set through
 * `default_type` (an added header would make a second one); the rest with `add_header ...
 * always`, so they go out on every status.
 */
export function nginxSnippet(path: string, headers: Record<string, string>): string {
  // `;` (legal in a URL path, and in --path) would end nginx's directive there: such a path is quoted.
  const location = /[;'$]/.test(path) ? `"${path}"` : path;
  const lines = [`# audience-relay frame: include inside the server { } block that serves ${path}`, `location = ${location} {`];
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'content-type') {
      const [type, ...params] = value.split(';').map((part) => part.trim());
      const charset = params.find((param) => param.toLowerCase().startsWith('charset='));
      lines.push('    types { }', `    default_type ${type};`, ...(charset ? [`    charset ${charset.slice('charset='.length)};`] : []));
    } else {
      lines.push(`    add_header ${name} "${value.replace(/["\\]/g, '\\$&')}" always;`);
    }
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
