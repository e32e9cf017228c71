#!/usr/bin/env bash
# What a seeded bench database's rows cost to index, on either provider (README, "Seeding: what the indexes cost").
#   benchmarks/index-build-cost/run.sh sqlite $TMPDIR/loginaudit-bench/bench-1000000.db
#   benchmarks/index-build-cost/run.sh postgresql loginaudit_bench_bench_1000000
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
case "${1:-}" in
  sqlite) python3 "$here/sqlite.py" "$2" ;;
  postgresql) su postgres -c "psql -d '$2' -At -f '$here/postgresql.sql'" | grep '^{' ;;
  *) echo "usage: $0 sqlite FILE | postgresql DATABASE" >&2; exit 2 ;;
esac
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
