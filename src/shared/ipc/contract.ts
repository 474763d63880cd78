import { z } from 'zod';
import {
  LanBridgeAnswerSchema,
  LanBridgeRequestSchema,
  LanInterfaceSchema,
  LanStartRequestSchema,
  LanStatusSchema,
} from '../attendee/lan-bridge';

/** File names the save dialog may suggest: no path separators or control characters. */
const SafeFileName = z
  .string()
  .min(1)
  .max(200)
  // eslint-disable-next-line no-control-regex -- control characters are what is rejected
  .regex(/^[^\\/\u0000-\u001f<>:"|?*]+$/, 'file name contains forbidden characters');

const Empty = z.object({}).strict();

/** A pool device token: printable ASCII, the length EnrollResponseSchema allows. */
const DeviceToken = z
  .string()
  .min(20)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'token must be printable ASCII');

/**
 * Every message between renderer and main: channel `domain:action` → request and response
 * schemas. Main validates each request with these before acting; the preload builds its named
 * methods from the same map, so the two sides cannot drift.
 */
export const IPC_CONTRACT = {
  'export:save': {
    req: z
      .object({
        suggestedName: SafeFileName,
        mime: z.string().max(100),
        bytes: z
          .custom<Uint8Array>((value) => value instanceof Uint8Array, 'bytes must be a Uint8Array')
          .refine((b) => b.byteLength <= 200 * 1024 * 1024, 'export larger than 200 MB'),
      })
      .strict(),
    res: z.object({ saved: z.boolean(), location: z.string().optional() }),
  },
  'display:list': {
    req: Empty,
    res: z.array(
      z.object({
        id: z.number(),
        label: z.string(),
        primary: z.boolean(),
        width: z.number(),
        height: z.number(),
      }),
    ),
  },
  'kiosk:open': {
    req: z.object({ displayId: z.number().int().optional() }).strict(),
    res: z.object({ opened: z.boolean() }),
  },
  'kiosk:close': { req: Empty, res: z.object({ closed: z.boolean() }) },
  'backup:write': {
    req: z.object({ json: z.string().max(500 * 1024 * 1024) }).strict(),
    res: z.object({ path: z.string() }),
  },
  'backup:clear': { req: Empty, res: z.object({ removed: z.number().int().min(0) }) },
  'app:info': { req: Empty, res: z.object({ version: z.string(), platform: z.string() }) },
  // The device token, kept by main encrypted with safeStorage (never in the renderer's storage).
  'token:save': {
    req: z.object({ token: DeviceToken }).strict(),
    res: z.object({ saved: z.boolean() }),
  },
  'token:load': { req: Empty, res: z.object({ token: DeviceToken.nullable() }) },
  'token:clear': { req: Empty, res: z.object({ cleared: z.boolean() }) },
  // The booth LAN server for the attendee mobile page (src/main/lan), staff window only.
  'lan:interfaces': { req: Empty, res: z.array(LanInterfaceSchema) },
  'lan:status': { req: Empty, res: LanStatusSchema },
  'lan:start': { req: LanStartRequestSchema, res: LanStatusSchema },
  'lan:stop': { req: Empty, res: LanStatusSchema },
  /** The renderer's answer to a phone's request that main pushed on LAN_REQUEST_CHANNEL. */
  'lan:answer': { req: LanBridgeAnswerSchema.strict(), res: z.object({ accepted: z.boolean() }) },
  // A lucky draw's big screen, full-screen on the second display (the projector) when there is one.
  'draw:openScreen': {
    req: z.object({ drawId: z.uuid().max(36) }).strict(),
    res: z.object({ opened: z.boolean() }),
  },
} as const;

/**
 * The one channel main pushes to the renderer (webContents.send): a phone's request to the booth
 * LAN server, answered through `lan:answer`. The preload validates it before the page sees it.
 */
export const LAN_REQUEST_CHANNEL = 'lan:request';
export const LanRequestMessageSchema = LanBridgeRequestSchema;

export type IpcContract = typeof IPC_CONTRACT;
export type IpcChannel = keyof IpcContract;
export type IpcRequest<C extends IpcChannel> = z.input<IpcContract[C]['req']>;
export type IpcResponse<C extends IpcChannel> = z.output<IpcContract[C]['res']>;

/** What main answers instead of throwing: no stack traces cross the bridge. */
export interface IpcError {
  error: { code: 'invalid_request' | 'forbidden' | 'failed'; message: string };
}

export function isIpcError(value: unknown): value is IpcError {
  return typeof value === 'object' && value !== null && 'error' in value;
}

/** The bridge's method names, one per channel. */
export const BRIDGE_METHODS = {
  saveExport: 'export:save',
  listDisplays: 'display:list',
  openKiosk: 'kiosk:open',
  closeKiosk: 'kiosk:close',
  writeBackup: 'backup:write',
  clearBackups: 'backup:clear',
  appInfo: 'app:info',
  saveToken: 'token:save',
  loadToken: 'token:load',
  clearToken: 'token:clear',
  lanInterfaces: 'lan:interfaces',
  lanStatus: 'lan:status',
  startLan: 'lan:start',
  stopLan: 'lan:stop',
  answerLanRequest: 'lan:answer',
  openDrawScreen: 'draw:openScreen',
} as const satisfies Record<string, IpcChannel>;
