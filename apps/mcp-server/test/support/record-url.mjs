// Stands in for the person's browser in tests: Hostkit runs it as HOSTKIT_BROWSER with the page's URL,
// and it appends the URL to the file named first, where the test (the person) picks it up.
import { appendFileSync } from 'node:fs';

const [file, url] = process.argv.slice(2);
if (!file || !url) process.exit(2);
appendFileSync(file, `${url}\n`);
