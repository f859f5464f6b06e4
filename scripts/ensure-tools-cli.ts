import { ensureTools } from '../dev-services/tools';

/** `npm run setup:tools` (and the test command's pretest): build the Go-built servers once, never again. */
ensureTools((line) => console.log(line))
  .then((tools) => {
    for (const [name, where] of Object.entries(tools)) console.log(`${name}: ${where}`);
  })
  .catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
