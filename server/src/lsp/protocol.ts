/**
 * What the client (client/src/) takes from the server's code, in one place: the types of the
 * custom requests' answers, the requests the web-worker server sends for workspace files, how the
 * Node server is launched, and the pure helpers the client's views render with. The client
 * imports this module only, so the server's folders can change without touching the client.
 * Everything here is free of Node modules: the browser client bundles it too.
 */
export type { EventView, ProcessBar, ReportSummary, ReportView, ZoneBar } from '../report/model';
export { renderMarkdown } from '../report/markdown';
export type { DriftFinding } from '../machine/drift';
export type { DropInChoice, DropInDraft } from '../machine/dropin';
export { isSince, SINCE_CHOICES, type Since } from '../machine/kernelLog';
export { formatKiB } from '../oomlog/sizes';
export { oneLineField } from '../common/terminal';
export { mdText } from '../common/markdown';
export { looksLikeOomLog } from '../oomlog/detect';
export { CODE_CACHE_ENV, SERVER_ENV, SERVER_NODE_FLAGS } from '../start/launch';
export * from './workspaceProtocol';
