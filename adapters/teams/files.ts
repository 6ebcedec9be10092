// Files in the Teams 1:1 chat. Sending: a file-consent card, the file's bytes kept in SQLite (file_offers)
// until the person presses Allow; then they go to the OneDrive upload URL Teams gives, and a file card
// follows. Receiving: a file attached to a message arrives with a pre-authorized download URL.
// @see https://learn.microsoft.com/microsoftteams/platform/bots/how-to/bots-filesv4
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { fileOffers } from '../../db/schema.js';
import type { Card } from '../../src/cards/card.js';
import { formatIdentity, type Identity } from '../../src/core/identity.js';
import { readCapped, type FileContent } from '../../src/files.js';
import { SendError } from '../../src/messenger.js';
import { cardMessage, renderForTeams } from './cards.js';
import type { ConnectorActivity } from './connector.js';

export const FILE_CONSENT_TYPE = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_TYPE = 'application/vnd.microsoft.teams.card.file.info';
export const FILE_DOWNLOAD_TYPE = 'application/vnd.microsoft.teams.file.download.info';
export const FILE_CONSENT_INVOKE = 'fileConsent/invoke';

/** How long an offered file waits for Allow; after that its bytes are erased and the export is asked again. */
export const OFFER_TTL_MS = 24 * 3600_000;
const UPLOAD_TIMEOUT_MS = 30_000;

export type Offer = typeof fileOffers.$inferSelect;

/** Keeps the file for the person until they accept; offers past their time lose their bytes here. */
export function createOffer(db: Db, identity: Identity, file: FileContent, now: Date): Offer {
  return db.transaction((tx) => {
    tx.update(fileOffers).set({ status: 'expired', content: null, settledAt: now }).where(and(eq(fileOffers.status, 'offered'), lt(fileOffers.expiresAt, now))).run();
    return tx
      .insert(fileOffers)
      .values({
        platform: 'teams',
        identity: formatIdentity(identity),
        name: file.name,
        mime: file.mime,
        size: file.content.length,
        content: file.content,
        token: randomBytes(16).toString('hex'),
        createdAt: now,
        expiresAt: new Date(now.getTime() + OFFER_TTL_MS),
      })
      .returning()
      .get();
  });
}

export function settleOffer(db: Db, id: number, status: 'sent' | 'declined' | 'failed', now: Date): void {
  db.update(fileOffers).set({ status, content: null, settledAt: now }).where(eq(fileOffers.id, id)).run();
}

/** The message carrying the note and the consent card; accept and decline name the offer and its token. */
export function consentActivity(offer: Offer, note: Card): ConnectorActivity {
  const message = cardMessage(renderForTeams(note));
  const context = { o: offer.id, t: offer.token };
  return {
    ...message,
    attachments: [
      ...message.attachments,
      { contentType: FILE_CONSENT_TYPE, name: offer.name, content: { description: (note.fallback ?? note.header ?? offer.name).slice(0, 200), sizeInBytes: offer.size, acceptContext: context, declineContext: context } },
    ],
  };
}

const consentValue = z.object({
  type: z.literal('fileUpload'),
  action: z.enum(['accept', 'decline']),
  context: z.object({ o: z.number().int(), t: z.string().max(64) }),
  uploadInfo: z.object({ uploadUrl: z.string(), contentUrl: z.string().optional(), name: z.string().optional(), uniqueId: z.string().optional(), fileType: z.string().optional() }).optional(),
});
export type ConsentAnswer = z.infer<typeof consentValue>;

export function readConsent(value: unknown): ConsentAnswer | undefined {
  const parsed = consentValue.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The offer an answer names, if the token matches and it is the answering person's; else why not. */
export function findOffer(db: Db, answer: ConsentAnswer, who: Identity, now: Date): { ok: true; offer: Offer } | { ok: false; problem: string } {
  const offer = db.select().from(fileOffers).where(eq(fileOffers.id, answer.context.o)).get();
  const token = Buffer.from(answer.context.t);
  if (!offer || token.length !== offer.token.length || !timingSafeEqual(token, Buffer.from(offer.token))) return { ok: false, problem: 'I do not know that file.' };
  if (offer.identity !== formatIdentity(who)) return { ok: false, problem: 'That file was offered to someone else.' };
  if (offer.status !== 'offered' || !offer.content) return { ok: false, problem: `That file was already ${offer.status === 'sent' ? 'sent' : offer.status}. Run the command again for a new one.` };
  if (offer.expiresAt.getTime() <= now.getTime()) return { ok: false, problem: 'That file waited too long and was erased. Run the command again for a fresh one.' };
  return { ok: true, offer };
}

/**
 * Teams' URLs are https on Microsoft's side; a test's fake connector serves plain http on the service
 * URL's own origin. Anything else is refused, so an activity cannot point the bot at an internal address.
 */
function allowedUrl(raw: string, serviceUrl: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SendError('rejected', 'not a URL');
  }
  const sameOrigin = (() => {
    try {
      return new URL(serviceUrl).origin === url.origin;
    } catch {
      return false;
    }
  })();
  if (url.protocol !== 'https:' && !sameOrigin) throw new SendError('rejected', 'not an https URL');
  return url;
}

/** Puts the whole file to the OneDrive upload session Teams opened for it. */
export async function uploadOffer(offer: Offer, uploadUrl: string, serviceUrl: string): Promise<void> {
  const url = allowedUrl(uploadUrl, serviceUrl);
  const content = offer.content!;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'PUT',
      // fetch sets Content-Length from the body; the range says it is the whole file in one piece.
      headers: { 'content-range': `bytes 0-${content.length - 1}/${content.length}` },
      body: content,
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
    await res.arrayBuffer();
  } catch {
    throw new SendError('unknown', 'the upload to OneDrive did not finish');
  }
  if (!res.ok) throw new SendError(res.status >= 500 || res.status === 429 ? 'transient' : 'rejected', `OneDrive answered HTTP ${res.status}`);
}

/** The card Teams shows for a file now in the person's OneDrive: open, preview or download. */
export function fileInfoActivity(answer: ConsentAnswer, offer: Offer): ConnectorActivity {
  const info = answer.uploadInfo!;
  return {
    type: 'message',
    attachments: [{ contentType: FILE_INFO_TYPE, contentUrl: info.contentUrl, name: info.name ?? offer.name, content: { uniqueId: info.uniqueId, fileType: info.fileType ?? offer.name.split('.').pop() } }],
  };
}

const downloadAttachment = z.object({
  contentType: z.literal(FILE_DOWNLOAD_TYPE),
  name: z.string().max(255).optional(),
  content: z.object({ downloadUrl: z.string(), fileType: z.string().optional() }),
});

/** A file attached to a message (Teams uploads it to the sender's OneDrive first), or undefined. */
export function readFileAttachment(attachments: unknown): { name: string; downloadUrl: string } | undefined {
  if (!Array.isArray(attachments)) return undefined;
  for (const a of attachments) {
    const parsed = downloadAttachment.safeParse(a);
    if (parsed.success) return { name: parsed.data.name ?? `file.${parsed.data.content.fileType ?? 'csv'}`, downloadUrl: parsed.data.content.downloadUrl };
  }
  return undefined;
}

/** Reads an attached file from its pre-authorized download URL, up to `maxBytes`. */
export async function downloadFile(downloadUrl: string, serviceUrl: string, maxBytes: number): Promise<Buffer> {
  const url = allowedUrl(downloadUrl, serviceUrl);
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS) });
  } catch {
    throw new SendError('transient', 'the file could not be fetched');
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new SendError('rejected', `download answered HTTP ${res.status}`);
  }
  return readCapped(res, maxBytes);
}
