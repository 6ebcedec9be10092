// The Teams app package: the manifest's bot, scopes and command lists within Teams' limits, icons of
// the sizes Teams requires (read from the PNG headers), and `npm run teams:package` writing the zip.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { APP_PACKAGE_DIR, buildAppPackage, PACKAGE_FILE, settingsFromEnv } from '../../../adapters/teams/package-app.js';
import { ROOT } from '../../helpers/spawn-bot.js';

const run = promisify(execFile);
const template = JSON.parse(readFileSync(join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8'));
const APP_ID = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';

interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  pixels: Buffer;
}

/** Reads a PNG: the IHDR header, and the pixels unfiltered (8-bit RGBA only, which is all we ship). */
function readPng(bytes: Buffer): Png {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  let offset = 8;
  let header: Omit<Png, 'pixels'> | undefined;
  const data: Buffer[] = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('ascii', offset + 4, offset + 8);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), bitDepth: body[8]!, colorType: body[9]! };
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  if (!header) throw new Error('no IHDR');
  const raw = inflateSync(Buffer.concat(data));
  const stride = header.width * 4;
  const pixels = Buffer.alloc(stride * header.height);
  for (let y = 0; y < header.height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const left = x >= 4 ? pixels[y * stride + x - 4]! : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const upLeft = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4]! : 0;
      const paeth = () => {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      };
      const predictor = [0, left, up, Math.floor((left + up) / 2), paeth()][filter]!;
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { ...header, pixels };
}

describe('the app manifest', () => {
  const bots = template.bots as { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] }[];

  it('uses the current manifest schema and supports shared and private channels', () => {
    expect(template.$schema).toBe('https://developer.microsoft.com/json-schemas/teams/v1.28/MicrosoftTeams.schema.json');
    expect(template.manifestVersion).toBe('1.28');
    // Required from 1.25 on for an app with team scope.
    expect(template.supportsChannelFeatures).toBe('tier1');
    // `@PPP` in channels is the app's short name.
    expect(template.name.short).toBe('PPP');
    expect(template.description.short.length).toBeLessThanOrEqual(80);
  });

  it('has one bot in personal, team and group-chat scopes', () => {
    expect(bots).toHaveLength(1);
    expect(bots[0]!.botId).toBe('${{MICROSOFT_APP_ID}}');
    expect([...bots[0]!.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
  });

  it('lists at most 10 commands in each of at most 2 lists, one for 1:1 chats and one for teams, help in both', () => {
    const lists = bots[0]!.commandLists;
    expect(lists.length).toBeLessThanOrEqual(2);
    expect(lists.map((l) => l.scopes)).toEqual([['personal'], ['team', 'groupChat']]);
    for (const list of lists) {
      expect(list.commands.length).toBeGreaterThan(0);
      expect(list.commands.length).toBeLessThanOrEqual(10);
      const titles = list.commands.map((c) => c.title);
      expect(new Set(titles).size).toBe(titles.length);
      expect(titles).toContain('help');
      for (const c of list.commands) {
        expect(c.title.length).toBeLessThanOrEqual(32);
        expect(c.description.length).toBeLessThanOrEqual(128);
        expect(c.title).toMatch(/^[a-z]+( [a-z]+)?$/);
      }
    }
  });

  it('ships a 192×192 colour icon and a 32×32 outline icon that is white on transparent', () => {
    const color = readPng(readFileSync(join(APP_PACKAGE_DIR, template.icons.color)));
    expect([color.width, color.height, color.bitDepth, color.colorType]).toEqual([192, 192, 8, 6]);
    const outline = readPng(readFileSync(join(APP_PACKAGE_DIR, template.icons.outline)));
    expect([outline.width, outline.height, outline.bitDepth, outline.colorType]).toEqual([32, 32, 8, 6]);
    let drawn = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      const [r, g, b, a] = outline.pixels.subarray(i, i + 4);
      if (a === 0) continue;
      drawn++;
      expect([r, g, b]).toEqual([255, 255, 255]);
    }
    expect(drawn).toBeGreaterThan(50);
    // Transparent around the shield.
    expect(outline.pixels[3]).toBe(0);
  });
});

describe('building the package', () => {
  const settings = settingsFromEnv({ MICROSOFT_APP_ID: APP_ID.toUpperCase(), PPP_PUBLIC_URL: 'https://ppp.example.org/ignored/path', PPP_NAME: 'Twin Cities "TCSP"' }, '0.1.0');

  it('fills in the app id, address and name, leaving no placeholder', () => {
    const { manifest } = buildAppPackage(settings);
    const text = JSON.stringify(manifest);
    expect(text).not.toContain('${{');
    expect(manifest).toMatchObject({
      id: APP_ID,
      version: '0.1.0',
      developer: { websiteUrl: 'https://ppp.example.org', privacyUrl: 'https://ppp.example.org', termsOfUseUrl: 'https://ppp.example.org' },
      name: { short: 'PPP', full: 'PPP Bot — Twin Cities "TCSP"' },
      validDomains: ['ppp.example.org'],
    });
    expect((manifest.bots as { botId: string }[])[0]!.botId).toBe(APP_ID);
  });

  it('zips exactly the manifest and the two icons at the root', () => {
    const { manifest, zip } = buildAppPackage(settings);
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(JSON.parse(strFromU8(files['manifest.json']!))).toEqual(manifest);
    expect(Buffer.from(files['color.png']!)).toEqual(readFileSync(join(APP_PACKAGE_DIR, 'color.png')));
  });

  it('names the variable that is missing or wrong', () => {
    expect(() => settingsFromEnv({ PPP_PUBLIC_URL: 'https://x.org' }, '0.1.0')).toThrow(/^MICROSOFT_APP_ID/);
    expect(() => settingsFromEnv({ MICROSOFT_APP_ID: 'not-a-guid', PPP_PUBLIC_URL: 'https://x.org' }, '0.1.0')).toThrow(/^MICROSOFT_APP_ID/);
    expect(() => settingsFromEnv({ MICROSOFT_APP_ID: APP_ID }, '0.1.0')).toThrow(/^PPP_PUBLIC_URL/);
    expect(() => settingsFromEnv({ MICROSOFT_APP_ID: APP_ID, PPP_PUBLIC_URL: 'http://x.org' }, '0.1.0')).toThrow(/^PPP_PUBLIC_URL must start with https/);
  });

  it('npm run teams:package writes the zip into DATA_DIR', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'ppp-pkg-')), 'data');
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, MICROSOFT_APP_ID: APP_ID, PPP_PUBLIC_URL: 'https://ppp.example.org', DATA_DIR: dataDir };
    const { stdout } = await run('npm', ['run', '--silent', 'teams:package'], { cwd: ROOT, env });
    expect(stdout).toContain(join(dataDir, PACKAGE_FILE));
    const files = unzipSync(readFileSync(join(dataDir, PACKAGE_FILE)));
    expect(JSON.parse(strFromU8(files['manifest.json']!)).id).toBe(APP_ID);

    const failed = await run('npm', ['run', '--silent', 'teams:package'], { cwd: ROOT, env: { ...env, MICROSOFT_APP_ID: '' } }).catch((err: { code: number; stderr: string }) => err);
    expect('code' in failed && failed.code).toBe(2);
    expect('stderr' in failed && failed.stderr).toMatch(/teams:package: MICROSOFT_APP_ID must be/);
  });
});
