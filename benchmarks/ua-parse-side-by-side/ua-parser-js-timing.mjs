// Times ua-parser-js on the strings LoginAudit's cold-parse timing wrote, with the same protocol:
// one pass (JIT and first use) reported apart, then the median mean of the measured passes.
// Usage: node ua-parser-js-timing.mjs <folder holding node_modules/ua-parser-js> <strings.json> <passes>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [installFolder, stringsFile, passesText] = process.argv.slice(2);
const require = createRequire(join(installFolder, 'package.json'));
const { UAParser } = require('ua-parser-js');
const version = JSON.parse(readFileSync(join(installFolder, 'node_modules', 'ua-parser-js', 'package.json'), 'utf8')).version;
const strings = JSON.parse(readFileSync(stringsFile, 'utf8'));

// The whole result (browser, CPU, device, engine, OS), read so that nothing is optimised away.
let sink = 0;
function meanMicroseconds() {
  const started = process.hrtime.bigint();
  for (const ua of strings) {
    const result = UAParser(ua);
    sink += (result.browser.name ?? '').length + (result.os.name ?? '').length + (result.device.model ?? '').length;
  }
  return Number(process.hrtime.bigint() - started) / 1000 / strings.length;
}

const firstPass = meanMicroseconds();
const passes = Array.from({ length: Number(passesText) }, meanMicroseconds).sort((a, b) => a - b);
const round = value => Math.round(value * 10) / 10;
console.log(JSON.stringify({
  parser: `ua-parser-js ${version}, UAParser(ua) full result`,
  runtime: `node ${process.version}`,
  strings: strings.length,
  first_pass_mean_us: round(firstPass),
  mean_us: round(passes[Math.floor(passes.length / 2)]),
  pass_means_us: passes.map(round),
  checksum: sink,
}));
