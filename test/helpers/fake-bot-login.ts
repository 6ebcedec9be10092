// The Bot Framework's identity services, stood in for on loopback: the OpenID metadata and signing keys
// that tokens on incoming activities are checked against, tokens signed the way the Bot Framework signs
// them, and the token endpoint where the bot gets its own token for replies (client credentials).
// The bot reaches it through BOTFRAMEWORK_OPENID_METADATA_URL and BOTFRAMEWORK_LOGIN_URL.
// @see https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#connector-to-bot
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
/** Real Bot Framework keys list the channels they sign for; Teams' say msteams. */
export const TEAMS_ENDORSEMENTS = ['msteams'];

export interface TokenRequest {
  /** The tenant in the path: the app's tenant for SingleTenant, botframework.com for MultiTenant. */
  tenant: string;
  form: Record<string, string>;
}

export interface TokenClaims {
  /** The app id the token is for. */
  aud: string;
  /** The service URL the activity must carry (the `serviceurl` claim). */
  serviceurl?: string;
  iss?: string;
  /** Seconds since the epoch. */
  exp?: number;
  nbf?: number;
  /** Sign with a key that was never published. */
  foreignKey?: boolean;
}

export class FakeBotLogin {
  readonly tokenRequests: TokenRequest[] = [];
  /** The tokens handed to the bot, in order. */
  readonly issued: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    private readonly key: CryptoKey,
    private readonly foreign: CryptoKey,
    private readonly kid: string,
    private readonly jwk: Record<string, unknown>,
    private readonly client: { appId: string; password: string },
  ) {}

  /** The value for BOTFRAMEWORK_OPENID_METADATA_URL. */
  get metadataUrl(): string {
    return `${this.baseUrl}v1/.well-known/openidconfiguration`;
  }

  /** The value for BOTFRAMEWORK_LOGIN_URL. */
  get loginUrl(): string {
    return this.baseUrl;
  }

  static async start(client: { appId: string; password: string }, options: { endorsements?: string[] } = {}): Promise<FakeBotLogin> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
    const foreign = (await generateKeyPair('RS256', { modulusLength: 2048 })).privateKey;
    const kid = randomBytes(12).toString('base64url');
    const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', x5t: kid, endorsements: options.endorsements ?? TEAMS_ENDORSEMENTS };
    let login: FakeBotLogin | undefined;
    const server = createServer((req, res) => void login!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    login = new FakeBotLogin(server, `http://127.0.0.1:${port}/`, privateKey, foreign, kid, jwk, client);
    return login;
  }

  /** A token as the Bot Framework puts on an activity it delivers: RS256, its issuer, the app id as audience. */
  async sign(claims: TokenClaims): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = claims.serviceurl === undefined ? {} : { serviceurl: claims.serviceurl };
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT', x5t: this.kid })
      .setIssuer(claims.iss ?? BOT_FRAMEWORK_ISSUER)
      .setAudience(claims.aud)
      .setNotBefore(claims.nbf ?? now - 60)
      .setExpirationTime(claims.exp ?? now + 3600)
      .sign(claims.foreignKey ? this.foreign : this.key);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '/').split('?')[0]!;
    const json = (status: number, value: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));

    if (req.method === 'GET' && path === '/v1/.well-known/openidconfiguration') {
      json(200, {
        issuer: BOT_FRAMEWORK_ISSUER,
        authorization_endpoint: `${this.baseUrl}v1/.well-known/authorize`,
        jwks_uri: `${this.baseUrl}v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
      return;
    }
    if (req.method === 'GET' && path === '/v1/.well-known/keys') {
      json(200, { keys: [this.jwk] });
      return;
    }
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
    if (req.method === 'POST' && token) {
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      this.tokenRequests.push({ tenant: decodeURIComponent(token[1]!), form });
      if (form.grant_type !== 'client_credentials' || form.client_id !== this.client.appId || form.client_secret !== this.client.password) {
        json(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
        return;
      }
      if (form.scope !== `${BOT_FRAMEWORK_ISSUER}/.default`) {
        json(400, { error: 'invalid_scope' });
        return;
      }
      const issued = `bot-token-${this.issued.length + 1}-${randomBytes(8).toString('hex')}`;
      this.issued.push(issued);
      json(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: issued });
      return;
    }
    json(404, { error: 'not_found' });
  }
}
