// Bot Framework authentication from the config: one credentials factory shared by the CloudAdapter
// (incoming JWT checks, in-turn replies) and the connector client (proactive sends).
// @see https://learn.microsoft.com/azure/bot-service/bot-builder-authentication
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { TeamsConfig } from '../../src/config.js';
import { FatalAdapterError } from '../../src/platform.js';
import { BOT_CONNECTOR_SCOPE, CHANNEL_TOKEN_ISSUER, endpointSettings, LocalLoginCredentialFactory, loginUrlOf } from './endpoints.js';

/** Adds the Authorization header a connector call needs; does nothing when authentication is off. */
export type Signer = (headers: Record<string, string>) => Promise<void>;

/** botbuilder's authentication type, named through the adapter that takes it (it lives in a transitive package). */
export type BotFrameworkAuthentication = NonNullable<ConstructorParameters<typeof CloudAdapter>[0]>;

/** What authenticating an activity yields: the claims, and the connector factory for the turn's replies. */
export type AuthenticatedRequest = Awaited<ReturnType<BotFrameworkAuthentication['authenticateRequest']>>;

/**
 * Whether an Authorization header is a bearer JWT that says the Bot Framework issued it for a channel,
 * read without verifying anything. Teams' tokens all do; anything else is refused before botbuilder
 * decodes it, because botbuilder's Emulator check adds four issuers to a process-wide list for every
 * new `tid` claim it sees, unauthenticated — a way to fill the bot's memory from outside.
 */
export function fromChannelIssuer(header: string): boolean {
  const jwt = /^Bearer [A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]+$/.exec(header);
  if (!jwt) return false;
  try {
    const payload = JSON.parse(Buffer.from(jwt[1]!, 'base64url').toString('utf8')) as { iss?: unknown } | null;
    return payload?.iss === CHANNEL_TOKEN_ISSUER;
  } catch {
    return false;
  }
}

export interface TeamsAuth {
  botFrameworkAuth: BotFrameworkAuthentication;
  sign: Signer;
}

export function createTeamsAuth(config: TeamsConfig): TeamsAuth {
  const credentialSettings = config.anonymous
    ? {}
    : {
        MicrosoftAppId: config.appId,
        MicrosoftAppPassword: config.appPassword,
        MicrosoftAppType: config.appType,
        MicrosoftAppTenantId: config.tenantId,
      };
  const loginUrl = loginUrlOf(config);
  let credentialsFactory: ConfigurationServiceClientCredentialFactory;
  let botFrameworkAuth: BotFrameworkAuthentication;
  try {
    credentialsFactory =
      !config.anonymous && config.testEndpoints?.loginUrl
        ? new LocalLoginCredentialFactory(credentialSettings, config.appId, config.appPassword)
        : new ConfigurationServiceClientCredentialFactory(credentialSettings);
    botFrameworkAuth = new ConfigurationBotFrameworkAuthentication({ ...credentialSettings, ...endpointSettings(config) }, credentialsFactory);
  } catch (err) {
    // botbuilder asserts on combinations it does not accept; its messages name settings, never values.
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new FatalAdapterError(`Teams credentials are not usable: ${reason}`);
  }

  const sign: Signer = async (headers) => {
    if (config.anonymous) return;
    const credentials = await credentialsFactory.createCredentials(config.appId, BOT_CONNECTOR_SCOPE, loginUrl, true);
    // signRequest fetches (and caches) a token and sets the header on whatever it is given.
    const resource = { headers: { set: (name: string, value: string) => void (headers[name.toLowerCase()] = value) } };
    await credentials.signRequest(resource as unknown as Parameters<typeof credentials.signRequest>[0]);
  };
  return { botFrameworkAuth, sign };
}
