// Reads the rounds run.sh collected (one JSON object a line, LoginAudit then ua-parser-js) and prints the summary.
import { readFileSync } from 'node:fs';

const [loadBefore, loadAfter, processors] = process.argv.slice(2);
const lines = readFileSync(0, 'utf8').trim().split('\n').map(line => JSON.parse(line));
const loginAudit = lines.filter((_, index) => index % 2 === 0);
const uaParserJs = lines.filter((_, index) => index % 2 === 1);
const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const side = rounds => ({
  parser: rounds[0].parser,
  runtime: rounds[0].runtime,
  mean_us: median(rounds.map(round => round.mean_us)),
  first_pass_mean_us: median(rounds.map(round => round.first_pass_mean_us)),
  round_means_us: rounds.map(round => round.mean_us),
});
const ours = side(loginAudit);
const theirs = side(uaParserJs);
console.log(JSON.stringify({
  strings: loginAudit[0].strings,
  loginaudit: ours,
  ua_parser_js: theirs,
  // How many times faster LoginAudit is: in the same rounds, so both saw the same load.
  ratio: Math.round(theirs.mean_us / ours.mean_us * 10) / 10,
  round_ratios: loginAudit.map((round, index) => Math.round(uaParserJs[index].mean_us / round.mean_us * 10) / 10),
  machine: { processors: Number(processors), load_average_before: loadBefore, load_average_after: loadAfter },
}, null, 2));
