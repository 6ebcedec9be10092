// The baseline for the Slack ack benchmarks: a Bolt app with Bolt's defaults whose /ppp and buttons only ack.
// Run as its own process by bench/slack-ack.ts; it prints "listening" when ready.
import { App, LogLevel } from '@slack/bolt';

const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  logLevel: LogLevel.WARN,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});

app.command('/ppp', async ({ ack }) => {
  await ack();
});

// A button press (bench/survey.ts, bench/alert-clicks.ts): acknowledged and nothing more.
app.action(/.*/, async ({ ack }) => {
  await ack();
});

await app.start(Number(process.env.PORT));
process.stdout.write(`listening on port ${process.env.PORT}\n`);
process.on('SIGTERM', () => {
  void app.stop().finally(() => process.exit(0));
});
