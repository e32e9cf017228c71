#!/usr/bin/env bash
# A never-seen user agent, parsed by LoginAudit (cache off) and by ua-parser-js 2.0.10 on node, on the same
# strings: the 17,620 distinct user agents of uap-core's test_ua, test_os and test_device suites.
#
# Installs ua-parser-js itself, into a scratch folder outside the repository (never into package.json).
# Runs the two in alternating rounds, so both see the same machine, and prints one JSON object: each side's
# rounds, the median of their means, the ratio (ua-parser-js time / LoginAudit time) and the load average.
#
#   benchmarks/ua-parse-side-by-side/run.sh [rounds]       (default 3; needs dotnet and node/npm)
#   UAP_CORE_CONFORMANCE=/path/to/uap-core/tests  overrides ../shared/conformance/uap-core
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${1:-3}
conformance=${UAP_CORE_CONFORMANCE:-$root/../shared/conformance/uap-core}
scratch=${TMPDIR:-/tmp}/loginaudit-bench/ua-parse-side-by-side
ua_parser_js_version=2.0.10
passes=5 # per round and side; LoginAudit's cold-parse timing runs the same number (ColdParseTiming.MeasuredPasses)

if [[ ! -f "$conformance/test_device.yaml" ]]; then
  echo "uap-core's suites were not found in $conformance (set UAP_CORE_CONFORMANCE)." >&2
  exit 2
fi

mkdir -p "$scratch/ua-parser-js"
installed=$(node -p "try { require('$scratch/ua-parser-js/node_modules/ua-parser-js/package.json').version } catch { '' }" 2>/dev/null || true)
if [[ "$installed" != "$ua_parser_js_version" ]]; then
  echo "installing ua-parser-js@$ua_parser_js_version into $scratch/ua-parser-js" >&2
  # ignore-scripts: only the parser's own code runs, from this script.
  npm install --prefix "$scratch/ua-parser-js" --no-save --ignore-scripts --no-audit --no-fund --loglevel=error \
    "ua-parser-js@$ua_parser_js_version" >&2
fi

echo "building benchmarks/LoginAudit.Benchmarks (Release)" >&2
if ! build_output=$(dotnet build -c Release "$root/benchmarks/LoginAudit.Benchmarks" -nologo -v quiet 2>&1); then
  echo "$build_output" >&2
  exit 1
fi
benchmarks_dll=$root/benchmarks/LoginAudit.Benchmarks/bin/Release/net10.0/LoginAudit.Benchmarks.dll

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
results=()
for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds" >&2
  results+=("$(dotnet "$benchmarks_dll" cold-parse "$conformance" "$scratch/strings.json")")
  results+=("$(node "$here/ua-parser-js-timing.mjs" "$scratch/ua-parser-js" "$scratch/strings.json" "$passes")")
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

printf '%s\n' "${results[@]}" | node "$here/summarise.mjs" "$load_before" "$load_after" "$(nproc)"
