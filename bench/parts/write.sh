#!/usr/bin/env bash
# bench_write: the write path (BulkWriter) against the plain SQL it replaces, on generated price rows.
# Contract: bench/parts/README.md. Sized by BENCH_WRITE_ETFS x BENCH_WRITE_DAYS: the default 4,000 x 250 =
# 1,000,000 rows keeps the part within its 5-minute budget on 2 cores; BENCH_WRITE_DAYS=500 gives the
# issue's 2,000,000 (about twice the time). Figures, each pair interleaved BENCH_WRITE_RUNS times
# (default BENCH_RUNS, at most 2) in one run; plain \copy, for scale only, runs once:
#   (a) first load into an emptied price_daily: BulkWriter vs psql \copy into price_daily vs
#       \copy into a temp table + INSERT ... ON CONFLICT DO UPDATE (plain staging);
#   (b) identical re-load and (c) 1 % changed: BulkWriter vs the staging SQL with the IS DISTINCT FROM
#       prefilter (a LEFT JOIN that leaves identical rows out, and the same test on the DO UPDATE);
#   (d) nightly shape: one call per ETF of 1-5 rows (the last day new) through BulkWriter (a DbContext
#       per call, as the ingestion runner does) vs the same rows as prepared single-row upserts on one
#       open connection (index look-ups).
# WAL bytes come from pg_current_wal_lsn() around each run. BulkWriter's time is measured inside the
# tool around the upsert call (CSV parsing excluded); the SQL side's time is psql's whole run, and the
# nightly limit's is measured inside the tool as well.

# shellcheck disable=SC2317 # functions are called by the driver
write_psql() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$WRITE_DB" "$@"; }

write_now_us() { printf '%s' "${EPOCHREALTIME/[^0-9]/}"; }

write_lsn() { write_psql -tAc "SELECT pg_current_wal_lsn()"; }

write_wal_since() { write_psql -tAc "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$1')"; }

# write_stats NUMBER...: "min / median / max" (median of an even count: the lower middle).
write_stats() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%s / %s / %s", v[1], v[int((NR + 1) / 2)], v[NR] }'
}

write_median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# write_record KEY SECONDS WAL_BYTES [ROWS]: keeps rows/s (or ms per call when ROWS is "calls:N") and WAL MB.
declare -A WRITE_RATE=() WRITE_WAL=()
write_record() {
  local key=$1 seconds=$2 wal=$3 rows=$4 rate
  if [[ $rows == calls:* ]]; then
    rate=$(awk -v s="$seconds" -v n="${rows#calls:}" 'BEGIN { printf "%.3f", s * 1000 / n }')
  else
    rate=$(awk -v s="$seconds" -v n="$rows" 'BEGIN { printf "%.0f", n / s }')
  fi
  WRITE_RATE[$key]+="$rate "
  WRITE_WAL[$key]+="$(awk -v w="$wal" 'BEGIN { printf "%.1f", w / 1048576 }') "
  say "write: $key $seconds s, $rate ${rows%%:*}, WAL $wal bytes"
}

# Fully optimised JIT from the start (no tiered compilation): the timed call then runs the code a host
# runs after its first minutes, not tier-0 code waiting for a background recompilation that a busy
# 2-core machine starves.
write_tool() { DOTNET_TieredCompilation=0 dotnet "$BENCH_RELEASE_DIR/tools/EtfData.Benchmarks.dll" write "$@"; }

# write_sql_run KEY ROWS COMMAND...: runs a SQL-side command, timing it with its WAL.
write_sql_run() {
  local key=$1 rows=$2 lsn t0 t1
  shift 2
  lsn=$(write_lsn)
  t0=$(write_now_us)
  "$@"
  t1=$(write_now_us)
  write_record "$key" "$(awk -v us=$((t1 - t0)) 'BEGIN { printf "%.3f", us / 1e6 }')" "$(write_wal_since "$lsn")" "$rows"
}

# write_tool_run KEY ROWS TOOL_ARGS...: runs the BulkWriter tool (it prints the seconds first).
write_tool_run() {
  local key=$1 rows=$2 lsn out
  shift 2
  lsn=$(write_lsn)
  out=$(write_tool "$@")
  write_record "$key" "$(cut -f1 <<<"$out")" "$(write_wal_since "$lsn")" "$rows"
  say "write: $key counts: $(cut -f2- <<<"$out" | tr '\t' ' ')"
}

write_copy_direct() { write_psql -c "\\copy price_daily FROM '$1' CSV"; }

WRITE_VALUES="open, high, low, close, adj_close, volume"
write_staging_sql() {
  local csv=$1 prefilter=$2 select="SELECT s.* FROM s" where=""
  if [[ $prefilter == 1 ]]; then
    select="SELECT s.* FROM s LEFT JOIN price_daily cur ON cur.symbol = s.symbol AND cur.trade_date = s.trade_date
      WHERE cur.symbol IS NULL OR (cur.open, cur.high, cur.low, cur.close, cur.adj_close, cur.volume)
        IS DISTINCT FROM (s.open, s.high, s.low, s.close, s.adj_close, s.volume)"
    where="WHERE (t.open, t.high, t.low, t.close, t.adj_close, t.volume)
      IS DISTINCT FROM (EXCLUDED.open, EXCLUDED.high, EXCLUDED.low, EXCLUDED.close, EXCLUDED.adj_close, EXCLUDED.volume)"
  fi
  write_psql <<SQL
BEGIN;
CREATE TEMP TABLE s ON COMMIT DROP AS SELECT symbol, trade_date, $WRITE_VALUES FROM price_daily WITH NO DATA;
\\copy s FROM '$csv' CSV
INSERT INTO price_daily AS t (symbol, trade_date, $WRITE_VALUES) $select
ON CONFLICT (symbol, trade_date) DO UPDATE SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low,
  close = EXCLUDED.close, adj_close = EXCLUDED.adj_close, volume = EXCLUDED.volume $where;
COMMIT;
SQL
}

write_truncate() { write_psql -c "TRUNCATE price_daily" -c "CHECKPOINT"; }

# write_row LABEL KEY LIMIT_KEY TARGET UNIT: one markdown row; the ratio is taken run by run (pair i):
# rates for rows/s, times (lower is better) for ms/call.
write_row() {
  local label=$1 key=$2 limit=$3 target=$4 unit=$5 i
  local -a a b ratios=()
  read -ra a <<<"${WRITE_RATE[$key]}"
  read -ra b <<<"${WRITE_RATE[$limit]}"
  for i in "${!b[@]}"; do
    ratios+=("$(awk -v x="${a[$i]}" -v y="${b[$i]}" 'BEGIN { printf "%.2f", x / y }')")
  done
  # shellcheck disable=SC2086 # lists of numbers
  printf '| %s | %s %s | %s %s | %s (%s) | %s | %s / %s |\n' "$label" \
    "$(write_stats ${WRITE_RATE[$key]})" "$unit" "$(write_stats ${WRITE_RATE[$limit]})" "$unit" \
    "$(write_median "${ratios[@]}")" "$(write_stats "${ratios[@]}")" "$target" \
    "$(write_median ${WRITE_WAL[$key]})" "$(write_median ${WRITE_WAL[$limit]})"
}

bench_write() {
  local etfs=${BENCH_WRITE_ETFS:-4000} days=${BENCH_WRITE_DAYS:-250} runs=${BENCH_WRITE_RUNS:-$((${BENCH_RUNS:-3} < 2 ? ${BENCH_RUNS:-3} : 2))}
  local rows=$((etfs * days)) dir="$BENCH_OUT/write" csv conn i delta changed day
  mkdir -p "$dir"
  chmod 0755 "$dir"
  csv="$dir/prices.csv"
  changed="$dir/prices-changed.csv"
  WRITE_DB=bench_write
  conn=$(bench_new_db "$WRITE_DB")
  say "write: generating $etfs ETFs x $days days = $rows price rows"
  write_psql -c "INSERT INTO etf (symbol, name) SELECT 'E' || lpad(e::text, 4, '0'), 'Bench ETF ' || e FROM generate_series(0, $etfs - 1) e"
  # Exact two-decimal prices from the ETF and day number (WriteTool.Bar uses the same formula).
  write_psql -c "\\copy (SELECT 'E' || lpad(e::text, 4, '0'), date '2020-01-01' + d, c - 0.05, c + 0.25, c - 0.30, c, c - 0.10, 100000 + e * 10 + d
    FROM generate_series(0, $etfs - 1) e CROSS JOIN generate_series(0, $days - 1) d CROSS JOIN LATERAL (SELECT 20 + (e % 400) + d * 0.01 AS c) x
    ORDER BY e, d) TO '$csv' CSV"
  # The server reads nothing here (\copy streams from psql), but keep the files readable anyway.
  chmod 0644 "$csv"

  # (a) first load
  for ((i = 1; i <= runs; i++)); do
    write_truncate
    write_tool_run first.bulk "$rows" load "$conn" "$csv"
    if ((i == 1)); then
      write_truncate
      write_sql_run first.copy "$rows" write_copy_direct "$csv"
    fi
    write_truncate
    write_sql_run first.staging "$rows" write_staging_sql "$csv" 0
  done
  write_psql -c "VACUUM ANALYZE price_daily"

  # (b) identical re-load
  for ((i = 1; i <= runs; i++)); do
    write_tool_run same.bulk "$rows" load "$conn" "$csv"
    write_sql_run same.sql "$rows" write_staging_sql "$csv" 1
  done

  # (c) 1 % changed: every run adds another 0.01 to the close of every 100th row, so each run changes
  # exactly 1 % of the stored rows.
  for ((i = 1; i <= runs; i++)); do
    delta=$(awk -v k=$((2 * i - 1)) 'BEGIN { printf "%.2f", k / 100 }')
    write_tool_run changed.bulk "$rows" load "$conn" "$csv" "$delta"
    delta=$(awk -v k=$((2 * i)) 'BEGIN { printf "%.2f", k / 100 }')
    awk -F, -v OFS=, -v k="$delta" 'NR % 100 == 0 { $6 = sprintf("%.2f", $6 + k) } 1' "$csv" >"$changed"
    write_sql_run changed.sql "$rows" write_staging_sql "$changed" 1
  done
  rm -f "$changed"

  # (d) nightly shape: each run adds the next day
  for ((i = 1; i <= runs; i++)); do
    day=$(date -u -d "2020-01-01 + $((days + 2 * i - 2)) days" +%F)
    write_tool_run nightly.bulk "calls:$etfs" nightly "$conn" "$etfs" "$day"
    day=$(date -u -d "2020-01-01 + $((days + 2 * i - 1)) days" +%F)
    write_tool_run nightly.sql "calls:$etfs" nightly-sql "$conn" "$etfs" "$day"
  done

  {
    printf '## Write\n\n'
    printf '%s price rows (%s ETFs x %s days), %s interleaved runs per pair; `./etfdata bench write`.\n' "$rows" "$etfs" "$days" "$runs"
    printf 'Rates are min / median / max; the ratio is EtfData / limit per pair, median (min / median / max);\n'
    printf 'WAL is the median MB per run (EtfData / limit).\n\n'
    printf '| figure | EtfData | limit | ratio | target | WAL MB |\n|---|---|---|---|---|---|\n'
    write_row "first load vs staging + upsert" first.bulk first.staging "≥ 0.95" rows/s
    write_row "first load vs plain \\copy (for scale)" first.bulk first.copy "—" rows/s
    write_row "identical re-load vs SQL with prefilter" same.bulk same.sql "≥ 0.95" rows/s
    write_row "1 % changed vs SQL with prefilter" changed.bulk changed.sql "≥ 0.95" rows/s
    write_row "nightly: $etfs calls of 1–5 rows vs index look-ups (ms per call; ratio = time / limit's)" nightly.bulk nightly.sql "≈ 1" ms/call
    printf '\n'
  } >"$BENCH_OUT/write.md"
  rm -f "$csv"
  "$PG_BIN/dropdb" "$WRITE_DB" || true
}
