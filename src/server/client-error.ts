import type { Socket } from 'node:net';

/**
 * What the pool answers when Node's HTTP parser refuses a request before any route sees it. The
 * common case is raw UTF-8 in the URL (`curl '…/customers?q=张三'`): HTTP requires a URL to be
 * ASCII (RFC 3986), and Node refuses such a request line even with its lenient parser, so the
 * request cannot be served — but the answer is the API's usual `{error: {code, message}}` and
 * says how to send it (browsers and HTTP libraries percent-encode by themselves).
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy(error);
    return;
  }
  const invalidUrl = error.code === 'HPE_INVALID_URL';
  const body = JSON.stringify({
    error: invalidUrl
      ? {
          code: 'invalid_url',
          message:
            'the URL holds characters that must be percent-encoded (UTF-8), e.g. ?q=%E5%BC%A0 for 张; ' +
            'with curl: curl -G --data-urlencode "q=张三" <url>',
        }
      : { code: 'invalid_request', message: 'the request could not be read' },
  });
  const status =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? '431 Request Header Fields Too Large'
      : '400 Bad Request';
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
