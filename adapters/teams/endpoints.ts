// Where Bot Framework authentication looks: the public cloud's endpoints, or — in tests only — a local
// OpenID issuer and token endpoint (BOTFRAMEWORK_OPENID_METADATA_URL, BOTFRAMEWORK_LOGIN_URL), so the
// authenticated path can be run end to end on loopback, as SLACK_API_URL does for Slack.
// @see https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { TeamsConfig } from '../../src/config.js';

// Public-cloud values, as botframework-connector's AuthenticationConstants has them (that package is
// botbuilder's own dependency, not ours to import).
export const BOT_CONNECTOR_SCOPE = 'https://api.botframework.com';
const LOGIN_PREFIX = 'https://login.microsoftonline.com/';
const DEFAULT_TENANT = 'botframework.com';
export const CHANNEL_TOKEN_ISSUER = 'https://api.botframework.com';
const OAUTH_URL = 'https://api.botframework.com';
const CHANNEL_OPENID_METADATA = 'https://login.botframework.com/v1/.well-known/openidconfiguration';
const EMULATOR_OPENID_METADATA = 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration';
const PUBLIC_CALLER_ID = 'urn:botframework:azure';

/** The login URL the bot's own token is asked of: the tenant's for SingleTenant, botframework.com's otherwise. */
export function loginUrlOf(config: TeamsConfig): string {
  const tenant = config.appType === 'MultiTenant' ? DEFAULT_TENANT : config.tenantId || DEFAULT_TENANT;
  return `${config.testEndpoints?.loginUrl ?? LOGIN_PREFIX}${tenant}`;
}

/**
 * The endpoint settings for ConfigurationBotFrameworkAuthentication. None by default: botbuilder then
 * uses the public cloud. Once any endpoint is given, botbuilder expects them all, so the rest are the
 * public cloud's own values.
 */
export function endpointSettings(config: TeamsConfig): Record<string, string | boolean> {
  const local = config.testEndpoints;
  if (!local) return {};
  return {
    ToChannelFromBotLoginUrl: loginUrlOf(config),
    ToChannelFromBotOAuthScope: BOT_CONNECTOR_SCOPE,
    ToBotFromChannelTokenIssuer: CHANNEL_TOKEN_ISSUER,
    OAuthUrl: OAUTH_URL,
    ToBotFromChannelOpenIdMetadataUrl: local.openIdMetadataUrl ?? CHANNEL_OPENID_METADATA,
    ToBotFromEmulatorOpenIdMetadataUrl: EMULATOR_OPENID_METADATA,
    CallerId: PUBLIC_CALLER_ID,
    ValidateAuthority: true,
  };
}

type Credentials = Awaited<ReturnType<ConfigurationServiceClientCredentialFactory['createCredentials']>>;
type WebResource = Parameters<Credentials['signRequest']>[0];

const TOKEN_TIMEOUT_MS = 10_000;
/** Renew this long before a token expires, as botbuilder does. */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * Credentials whose token comes from a local token endpoint with the OAuth 2.0 client-credentials grant,
 * the request MSAL makes of Entra ID. botbuilder's MSAL client cannot be used there: it accepts only
 * https authorities and checks them against Microsoft's instance discovery.
 */
export class LocalLoginCredentialFactory extends ConfigurationServiceClientCredentialFactory {
  private readonly tokens = new Map<string, { token: string; renewAt: number }>();

  constructor(
    settings: ConstructorParameters<typeof ConfigurationServiceClientCredentialFactory>[0],
    private readonly clientId: string,
    private readonly clientSecret: string,
  ) {
    super(settings);
  }

  override async createCredentials(appId: string, audience: string, loginEndpoint: string, validateAuthority: boolean): Promise<Credentials> {
    if (await this.isAuthenticationDisabled()) return super.createCredentials(appId, audience, loginEndpoint, validateAuthority);
    if (!(await this.isValidAppId(appId))) throw new Error('Invalid appId.');
    const tokenUrl = `${loginEndpoint.replace(/\/+$/, '')}/oauth2/v2.0/token`;
    const scope = `${(audience || BOT_CONNECTOR_SCOPE).replace(/\/+$/, '')}/.default`;
    const credentials: Credentials = {
      signRequest: async (resource: WebResource) => {
        resource.headers.set('authorization', `Bearer ${await this.token(tokenUrl, scope)}`);
        return resource;
      },
    };
    return credentials;
  }

  private async token(tokenUrl: string, scope: string): Promise<string> {
    const key = `${tokenUrl} ${scope}`;
    const cached = this.tokens.get(key);
    if (cached && cached.renewAt > Date.now()) return cached.token;
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: this.clientId, client_secret: this.clientSecret, scope }),
      signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
    });
    const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
    if (!response.ok || typeof body.access_token !== 'string' || !body.access_token) {
      throw new Error(`the token endpoint answered HTTP ${response.status} without a token`);
    }
    const lifetimeMs = (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000;
    this.tokens.set(key, { token: body.access_token, renewAt: Date.now() + Math.max(0, lifetimeMs - RENEW_BEFORE_MS) });
    return body.access_token;
  }
}
