/**
 * The pool app's only way to the pool: same-origin requests to /api/v1 carrying the session
 * cookie (the browser adds Origin to writes, which the pool checks against CSRF). Every failure
 * becomes an ApiError with the pool's `{error: {code, message}}`; a 401 also tells the session,
 * which sends the user to sign-in.
 */
export const API_BASE = '/api/v1';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** status 0: the request never got an answer (offline, pool down). */
export const NETWORK_ERROR_CODE = 'network';

type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];
export type Query = Record<string, QueryValue> | URLSearchParams;

const unauthorizedListeners = new Set<() => void>();

/** Called whenever the pool answers 401: the session is gone (expired, revoked, signed out). */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export function apiUrl(path: string, query?: Query): string {
  const params = query instanceof URLSearchParams ? query : new URLSearchParams();
  if (query && !(query instanceof URLSearchParams)) {
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === '') continue;
      for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
    }
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

function errorOf(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${status}`;
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${status}`;
  if (status === 401) for (const listener of unauthorizedListeners) listener();
  return new ApiError(status, code, message);
}

async function parseBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

async function request<T>(method: string, path: string, init: RequestInit, query?: Query) {
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), {
      method,
      credentials: 'same-origin',
      ...init,
      headers: { accept: 'application/json', ...init.headers },
    });
  } catch (cause) {
    throw new ApiError(0, NETWORK_ERROR_CODE, cause instanceof Error ? cause.message : 'offline');
  }
  const body = await parseBody(response);
  if (!response.ok) throw errorOf(response.status, body);
  return body as T;
}

export interface UploadOptions {
  contentType: string;
  /** 0…1 as the body goes out; large spreadsheets take a while on venue Wi-Fi. */
  onProgress?: (fraction: number) => void;
  method?: 'POST' | 'PUT';
  query?: Query;
  headers?: Record<string, string>;
}

/**
 * GETs started before their screen mounted (the first screen, beside the session check): the
 * screen's own identical GET takes the answer once instead of asking again. Kept briefly; a
 * failed early answer (signed out, say) is asked for again rather than handed on.
 */
const earlyAnswers = new Map<string, Promise<unknown>>();
/** Early answers that have arrived, so a screen's first render can start from them. */
const earlyValues = new Map<string, unknown>();
const EARLY_ANSWER_TTL_MS = 10_000;

function forgetEarly(url: string): void {
  earlyAnswers.delete(url);
  earlyValues.delete(url);
}

export function getEarly(path: string, query?: Query): void {
  const url = apiUrl(path, query);
  if (earlyAnswers.has(url)) return;
  const answer = request('GET', path, {}, query);
  answer.then(
    (value) => {
      if (earlyAnswers.get(url) === answer) earlyValues.set(url, value);
    },
    () => undefined,
  );
  earlyAnswers.set(url, answer);
  setTimeout(() => {
    if (earlyAnswers.get(url) === answer) forgetEarly(url);
  }, EARLY_ANSWER_TTL_MS);
}

/**
 * The early answer to this GET if it has already arrived, taken (once); undefined otherwise. A
 * screen renders it in its first render instead of rendering "loading" and then asking.
 */
export function takeEarlyAnswer<T>(path: string, query?: Query): T | undefined {
  const url = apiUrl(path, query);
  if (!earlyValues.has(url)) return undefined;
  const value = earlyValues.get(url) as T;
  forgetEarly(url);
  return value;
}

export const api = {
  get<T>(path: string, query?: Query): Promise<T> {
    const url = apiUrl(path, query);
    const early = earlyAnswers.get(url);
    if (early) {
      forgetEarly(url);
      return (early as Promise<T>).catch(() => request<T>('GET', path, {}, query));
    }
    return request<T>('GET', path, {}, query);
  },

  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) {
    return request<T>(
      method,
      path,
      body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } },
    );
  },

  /** XMLHttpRequest rather than fetch: only it reports upload progress. */
  upload<T>(path: string, file: Blob, options: UploadOptions): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(options.method ?? 'POST', apiUrl(path, options.query));
      xhr.withCredentials = true;
      xhr.setRequestHeader('content-type', options.contentType);
      xhr.setRequestHeader('accept', 'application/json');
      for (const [name, value] of Object.entries(options.headers ?? {})) {
        xhr.setRequestHeader(name, value);
      }
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) options.onProgress?.(event.loaded / event.total);
      };
      xhr.onerror = () => reject(new ApiError(0, NETWORK_ERROR_CODE, 'upload failed'));
      xhr.onload = () => {
        let body: unknown = null;
        try {
          body = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : null;
        } catch {
          body = xhr.responseText;
        }
        if (xhr.status >= 200 && xhr.status < 300) {
          options.onProgress?.(1);
          resolve(body as T);
        } else reject(errorOf(xhr.status, body));
      };
      xhr.send(file);
    });
  },
};
