// Bot Framework authentication from the config: one credentials factory shared by the CloudAdapter
// (incoming JWT checks, in-turn replies) and the connector client (proactive sends).
// @see https://learn.microsoft.com/azure/bot-service/bot-builder-authentication
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { TeamsConfig } from '../../src/config.js';
import { FatalAdapterError } from '../../src/platform.js';

/** Adds the Authorization header a connector call needs; does nothing when authentication is off. */
export type Signer = (headers: Record<string, string>) => Promise<void>;

// Public-cloud Bot Connector constants, as botbuilder uses them (the spec has no sovereign clouds).
const BOT_CONNECTOR_SCOPE = 'https://api.botframework.com';
const LOGIN_ENDPOINT = 'https://login.microsoftonline.com/botframework.com';

/** botbuilder's authentication type, named through the adapter that takes it (it lives in a transitive package). */
export type BotFrameworkAuthentication = NonNullable<ConstructorParameters<typeof CloudAdapter>[0]>;

export interface TeamsAuth {
  botFrameworkAuth: BotFrameworkAuthentication;
  sign: Signer;
}

export function createTeamsAuth(config: TeamsConfig): TeamsAuth {
  const settings = config.anonymous
    ? {}
    : {
        MicrosoftAppId: config.appId,
        MicrosoftAppPassword: config.appPassword,
        MicrosoftAppType: config.appType,
        MicrosoftAppTenantId: config.tenantId,
      };
  let credentialsFactory: ConfigurationServiceClientCredentialFactory;
  let botFrameworkAuth: BotFrameworkAuthentication;
  try {
    credentialsFactory = new ConfigurationServiceClientCredentialFactory(settings);
    botFrameworkAuth = new ConfigurationBotFrameworkAuthentication(settings, credentialsFactory);
  } catch (err) {
    // botbuilder asserts on combinations it does not accept; its messages name settings, never values.
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new FatalAdapterError(`Teams credentials are not usable: ${reason}`);
  }

  const sign: Signer = async (headers) => {
    if (config.anonymous) return;
    const credentials = await credentialsFactory.createCredentials(config.appId, BOT_CONNECTOR_SCOPE, LOGIN_ENDPOINT, true);
    // signRequest fetches (and caches) a token and sets the header on whatever it is given.
    const resource = { headers: { set: (name: string, value: string) => void (headers[name.toLowerCase()] = value) } };
    await credentials.signRequest(resource as unknown as Parameters<typeof credentials.signRequest>[0]);
  };
  return { botFrameworkAuth, sign };
}
