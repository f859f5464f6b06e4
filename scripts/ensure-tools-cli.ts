import { ensureChromium } from '../dev-services/chromium';
import { ensureTools } from '../dev-services/tools';

/**
 * `npm run setup:tools` (and the test command's pretest): build the Go-built servers once, never
 * again; with --with-chromium also make sure Debian's Chromium is there for the browser tests.
 */
async function main(): Promise<void> {
  const log = (line: string) => console.log(line);
  const tools = await ensureTools(log);
  for (const [name, where] of Object.entries(tools)) console.log(`${name}: ${where}`);
  if (process.argv.includes('--with-chromium')) console.log(`chromium: ${ensureChromium(log)}`);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
