// Run by singleApart(): times one page from a process of its own and prints the median.
import { single } from './http-app.js';

const [base, path, headers, times, warmUp] = process.argv.slice(2);
const ms = await single(new URL(base!), path!, JSON.parse(headers!) as Record<string, string>, Number(times), Number(warmUp));
process.stdout.write(`${ms}\n`);
