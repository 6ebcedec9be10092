// Files on Slack: one sent to a person's DM (files.getUploadURLExternal, the bytes to the upload URL,
// files.completeUploadExternal shared into the DM), one chosen in a modal read back (files.info, then
// the download with the bot token), and a user's profile: names and email (users.info, users:read.email).
// @see https://docs.slack.dev/messaging/working-with-files#upload  @see https://docs.slack.dev/reference/methods/files.info
import type { webApi } from '@slack/bolt';
import { plain, type Card } from '../../src/cards/card.js';
import { readCapped, type FileContent } from '../../src/files.js';
import { SendError, type Profile } from '../../src/messenger.js';
import { escapeMrkdwn } from './cards.js';
import { toSendError } from './errors.js';

async function api<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toSendError(err);
  }
}

/** The note that comes with a file, as mrkdwn: a file share takes a comment, not a whole card. */
export function noteText(card: Card): string {
  const lines: string[] = [];
  if (card.header) lines.push(`*${escapeMrkdwn(card.header)}*`);
  for (const el of card.elements) {
    if (el.type === 'section') lines.push(escapeMrkdwn(plain(el.text)));
    if (el.type === 'context') lines.push(`_${escapeMrkdwn(plain(el.text))}_`);
  }
  return lines.join('\n').slice(0, 3900);
}

async function fetchBounded(url: string, init: RequestInit, timeoutMs: number, what: string): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const e = err as Error;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new SendError('unknown', `${what}: no answer in time`);
    throw new SendError('transient', `${what}: Slack unreachable`);
  }
}

/** Uploads the file and shares it in the user's DM with the bot; returns the DM channel and the file id. */
export async function sendFileToDm(web: webApi.WebClient, user: string, file: FileContent, note: Card, timeoutMs: number): Promise<{ channel: string; fileId: string }> {
  const opened = await api(() => web.conversations.open({ users: user }));
  const channel = opened.channel?.id;
  if (!channel) throw new SendError('rejected', 'conversations.open returned no channel');
  const slot = await api(() => web.files.getUploadURLExternal({ filename: file.name, length: file.content.length }));
  if (!slot.upload_url || !slot.file_id) throw new SendError('rejected', 'files.getUploadURLExternal returned no upload URL');
  const res = await fetchBounded(slot.upload_url, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: file.content }, timeoutMs, 'file upload');
  if (!res.ok) {
    await res.body?.cancel();
    throw new SendError(res.status === 429 ? 'rate-limited' : res.status >= 500 ? 'transient' : 'rejected', `file upload HTTP ${res.status}`);
  }
  await res.body?.cancel();
  await api(() => web.files.completeUploadExternal({ files: [{ id: slot.file_id!, title: file.name }], channel_id: channel, initial_comment: noteText(note) }));
  return { channel, fileId: slot.file_id };
}

/**
 * The bot token goes only to Slack: a download URL must be Slack's own (https, *.slack.com), or on the
 * Web API's own origin when SLACK_API_URL points elsewhere (a test's fake).
 */
function mayCarryToken(url: URL, apiUrl: string | undefined): boolean {
  if (url.protocol === 'https:' && (url.hostname === 'slack.com' || url.hostname.endsWith('.slack.com'))) return true;
  try {
    return apiUrl !== undefined && new URL(apiUrl).origin === url.origin;
  } catch {
    return false;
  }
}

/** A file someone chose in a modal: its record from files.info, then its bytes, read with the bot token. */
export async function downloadFile(web: webApi.WebClient, fileId: string, maxBytes: number, timeoutMs: number): Promise<FileContent> {
  const info = await api(() => web.files.info({ file: fileId }));
  const f = info.file;
  const link = f?.url_private_download ?? f?.url_private;
  if (!f || !link) throw new SendError('rejected', 'Slack gave no download link for the file');
  if (typeof f.size === 'number' && f.size > maxBytes) throw new SendError('rejected', `the file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new SendError('rejected', 'Slack gave an unreadable download link');
  }
  if (!mayCarryToken(url, web.slackApiUrl)) throw new SendError('rejected', 'the download link is not Slack’s');
  const res = await fetchBounded(url.href, { headers: { authorization: `Bearer ${web.token ?? ''}` } }, timeoutMs, 'file download');
  if (!res.ok) {
    await res.body?.cancel();
    throw new SendError(res.status >= 500 ? 'transient' : 'rejected', `file download HTTP ${res.status}`);
  }
  // Without files:read Slack answers with its sign-in page rather than an error.
  if ((res.headers.get('content-type') ?? '').startsWith('text/html')) {
    await res.body?.cancel();
    throw new SendError('rejected', 'Slack sent a sign-in page instead of the file (is the files:read scope granted?)');
  }
  const content = await readCapped(res, maxBytes);
  return { name: f.name ?? `${fileId}.csv`, mime: f.mimetype ?? 'application/octet-stream', content };
}

/** The email on a user's Slack profile; undefined when Slack keeps it (no users:read.email) or has none. */
export async function profileEmail(web: webApi.WebClient, user: string): Promise<string | undefined> {
  const res = await api(() => web.users.info({ user }));
  const email = res.user?.profile?.email;
  return typeof email === 'string' && email.includes('@') ? email : undefined;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/**
 * A user's names and email from users.info; undefined for a deactivated account or one Slack does not
 * know (`user_not_found` is an answer, not a failure).
 */
export async function userProfile(web: webApi.WebClient, user: string): Promise<Profile | undefined> {
  let res: Awaited<ReturnType<typeof web.users.info>>;
  try {
    res = await web.users.info({ user });
  } catch (err) {
    const e = toSendError(err);
    if (e.kind === 'rejected' && (e.reason === 'user_not_found' || e.reason === 'user_not_visible')) return undefined;
    throw e;
  }
  const u = res.user;
  if (!u || u.deleted) return undefined;
  const realName = text(u.profile?.real_name) ?? text(u.real_name);
  const displayName = text(u.profile?.display_name);
  const email = text(u.profile?.email);
  return { ...(realName ? { realName } : {}), ...(displayName ? { displayName } : {}), ...(email?.includes('@') ? { email } : {}) };
}
