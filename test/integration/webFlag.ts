/** Loaded first by web.ts: marks the run as the web-worker extension host's (helpers.ts WEB_HOST). */
(globalThis as { OOM_LENS_WEB_HOST?: boolean }).OOM_LENS_WEB_HOST = true;
export {};
