/** An entry of the response's `errors[]` (and of the `X-Error` header). */
export interface DcsError {
  code: number;
  msg: string;
}
