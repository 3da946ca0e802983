/** Small fetch helpers for the mock backend suites. */

/** A response whose body was read as JSON (or `undefined` when it had none). */
export interface JsonResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

async function read(response: Response): Promise<JsonResponse> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** GETs a URL and reads the JSON answer. */
export async function getJson(url: string, init: RequestInit = {}): Promise<JsonResponse> {
  return read(await fetch(url, init));
}

/** Sends a JSON body (if any) with the given method and reads the JSON answer. */
export async function sendJson(method: string, url: string, body?: unknown, init: RequestInit = {}): Promise<JsonResponse> {
  return read(
    await fetch(url, {
      ...init,
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

/** POSTs a JSON body and reads the JSON answer. */
export function postJson(url: string, body: unknown, init: RequestInit = {}): Promise<JsonResponse> {
  return sendJson('POST', url, body, init);
}

/** Integer cents of a two-decimal amount string, for arithmetic in assertions. */
export function toCents(amount: string): bigint {
  const [units = '0', fraction = '00'] = amount.split('.');
  const sign = units.startsWith('-') ? -1n : 1n;
  return sign * (BigInt(units.replace('-', '')) * 100n + BigInt(fraction));
}
