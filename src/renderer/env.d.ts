/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The service worker script of web mode's build (vite.web.config.ts); absent elsewhere. */
  readonly LEADPOND_SERVICE_WORKER?: string;
}
