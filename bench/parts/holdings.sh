# shellcheck shell=bash
# Holdings at universe scale (issue 11 point 4). Contract: bench/parts/README.md.
#
# Generates a universe-shaped holdings history in a database of its own (bench/holdings/generate.sql: 4,000 ETFs,
# HOLDINGS_QUARTERS quarters of ~2.83 M holding rows each, 30,000 securities), reused by later runs while its shape
# and the schema version match; then measures
#   (a) the reverse look-up of one of the 50 most-held securities across the latest snapshots, and
#   (b) one ETF's holdings (any fund; the largest funds alone),
# with pgbench at HOLDINGS_CLIENTS clients (p50 / p99 from pgbench --log, shared buffers touched from EXPLAIN), and
#   (c) a quarter's N-PORT bulk load through the real write path (EtfData.Benchmarks holdings-load: NportStore per
#       filing in one transaction, as nport-bulk) against psql \copy of the same rows into holding,
# interleaved, and writes $BENCH_OUT/holdings.md.
#
# Knobs: HOLDINGS_QUARTERS (default 2 = 1/14 of the 28-quarter history, 5.7 M rows, to fit the suite's 20 minutes;
# 4 = 1/7, 11.3 M rows: the security index is already as deep as at 79 M — bench/results/holdings-scale.md; 28 for all of it), HOLDINGS_ETFS (4000), HOLDINGS_CLIENTS ("1 16"), HOLDINGS_SECONDS (5 per
# pgbench run), HOLDINGS_RUNS (2 interleaved pgbench rounds), HOLDINGS_LOAD_EVERY (64: every 64th fund's filing,
# ≈ 55 k rows; the ratio is per row), HOLDINGS_LOAD_RUNS (2), HOLDINGS_KEEP=1 keeps the database for the next run
# (the default drops it: ≈ 3 GB). On an idle 2-core box the defaults stay within the part's 3 minutes; on a shared
# one generation alone took 281 s (load average 60).

bench_holdings() {
  local etfs=${HOLDINGS_ETFS:-4000} quarters=${HOLDINGS_QUARTERS:-2} securities=30000
  local clients=${HOLDINGS_CLIENTS:-1 16} seconds=${HOLDINGS_SECONDS:-5} every=${HOLDINGS_LOAD_EVERY:-64}
  local runs=${HOLDINGS_RUNS:-2} db=bench_holdings dir=$BENCH_ROOT/bench/holdings
  local out=$BENCH_OUT/holdings.md work=$BENCH_OUT/holdings
  local tools=$BENCH_RELEASE_DIR/tools/EtfData.Benchmarks.dll
  local shape="$etfs/$quarters/$securities" have='' conn generated_s=reused t0
  mkdir -p "$work"
  local -a psql=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$db")

  # --- data: reuse when the same shape was generated on the same schema -----------------------------------
  if "$PG_BIN/psql" -X -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    have=$("${psql[@]}" -tAc "SELECT shape || '@' || (SELECT max(version) FROM schema_migration) FROM bench_holdings_shape" 2>/dev/null || true)
  fi
  local latest_migration
  latest_migration=$(find "$BENCH_ROOT/src/EtfData.Api/Storage/Migrations" -name '[0-9][0-9][0-9][0-9]_*.sql' -printf '%f\n' | sort | tail -n 1 | cut -c1-4)
  if [[ $have == "$shape@$((10#$latest_migration))" ]]; then
    conn=$(printf 'Host=%s;Port=%s;Username=%s;Database=%s' "$PGHOST" "$PGPORT" "$PGUSER" "$db")
    [[ -n ${PGPASSWORD:-} ]] && conn+=";Password=$PGPASSWORD"
  else
    conn=$(bench_new_db "$db")
    t0=$EPOCHREALTIME
    "${psql[@]}" -v etfs="$etfs" -v quarters="$quarters" -v securities="$securities" -f "$dir/generate.sql" >"$work/generate.log"
    "${psql[@]}" -c "CREATE TABLE bench_holdings_shape AS SELECT '$shape'::text AS shape"
    generated_s=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }')
  fi
  local rows size
  rows=$("${psql[@]}" -tAc "SELECT reltuples::bigint FROM pg_class WHERE relname = 'holding'")
  size=$("${psql[@]}" -tAc "SELECT pg_size_pretty(pg_total_relation_size('holding'))")

  # --- (a), (b): pgbench, each script at each client count, interleaved runs --------------------------------
  local -a scripts=(reverse-latest reverse-security-first etf-holdings etf-holdings-huge)
  local script c run
  for ((run = 1; run <= runs; run++)); do
    for c in $clients; do
      for script in "${scripts[@]}"; do
        rm -f "$work/$script.c$c.r$run".*
        "$PG_BIN/pgbench" -n -M prepared -D etfs="$etfs" -D quarters="$quarters" -c "$c" -j "$((c < 2 ? 1 : 2))" \
          -T "$seconds" --log --log-prefix="$work/$script.c$c.r$run" -f "$dir/$script.pgbench" "$db" >"$work/$script.c$c.r$run.out" 2>&1 ||
          { cat "$work/$script.c$c.r$run.out" >&2; return 1; }
      done
    done
  done

  # Shared buffers one execution touches (deterministic, unlike latency on a shared machine).
  local b_latest b_first b_etf b_huge
  b_latest=$(holdings_buffers "$db" "$dir/reverse-latest.pgbench" "sid=1")
  b_first=$(holdings_buffers "$db" "$dir/reverse-security-first.pgbench" "sid=1")
  b_etf=$(holdings_buffers "$db" "$dir/etf-holdings.pgbench" "f=7" "quarters=$quarters" "etfs=$etfs")
  b_huge=$(holdings_buffers "$db" "$dir/etf-holdings-huge.pgbench" "f=50" "quarters=$quarters" "etfs=$etfs")
  local held
  held=$("${psql[@]}" -tAc "SELECT count(*) FROM holding WHERE security_id = 1")

  # --- (c): a quarter's bulk load, real path vs \copy, interleaved -------------------------------------------
  local as_of load_runs=${HOLDINGS_LOAD_RUNS:-2} a b
  as_of=$("${psql[@]}" -tAc "SELECT (max(as_of) + interval '3 months')::date FROM holding_snapshot")
  local -a real_rs=() copy_rs=()
  local cleanup="DELETE FROM holding_snapshot WHERE as_of = '$as_of'; DELETE FROM nport_filing WHERE report_period = '$as_of';"
  "${psql[@]}" -c "$cleanup"
  for ((run = 1; run <= load_runs; run++)); do
    # A: the write path; its output is "rows seconds"
    a=$(ETFDATA_DB=$conn dotnet "$tools" holdings-load "$as_of" "$every") || return 1
    real_rs+=("$a")
    "${psql[@]}" -c "\\copy (SELECT h.* FROM holding h JOIN holding_snapshot s ON s.id = h.snapshot_id WHERE s.as_of = '$as_of') TO '$work/quarter.copy'"
    "${psql[@]}" -c "DELETE FROM holding h USING holding_snapshot s WHERE s.id = h.snapshot_id AND s.as_of = '$as_of'" -c "CHECKPOINT"
    # B: plain COPY of the same rows into holding (its snapshots stay, so the foreign key is checked as in A)
    t0=$EPOCHREALTIME
    "${psql[@]}" -c "\\copy holding FROM '$work/quarter.copy'"
    b=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')
    copy_rs+=("${a%% *} $b")
    "${psql[@]}" -c "$cleanup" -c "CHECKPOINT"
  done
  rm -f "$work/quarter.copy"

  # --- report -----------------------------------------------------------------------------------------------
  {
    printf '## Holdings\n\n'
    printf 'Generated universe (bench/holdings/generate.sql): %s ETFs × %s quarters, %s securities: %s holding rows, %s with indexes' \
      "$etfs" "$quarters" "$securities" "$rows" "$size"
    if [[ $generated_s == reused ]]; then printf ' (reused from an earlier run).\n'; else printf ', generated in %s s.\n' "$generated_s"; fi
    printf 'Security 1 (the most held) has %s holding rows. pgbench -M prepared, %s s per run, %s interleaved runs; latency from --log.\n\n' \
      "$held" "$seconds" "$runs"
    printf '| query | clients | tps (min / median / max) | p50 ms (median) | p99 ms (min / median / max) | buffers / execution | target |\n|---|---|---|---|---|---|---|\n'
    for script in "${scripts[@]}"; do
      local bufs
      case $script in reverse-latest) bufs=$b_latest ;; reverse-security-first) bufs=$b_first ;; etf-holdings) bufs=$b_etf ;; *) bufs=$b_huge ;; esac
      for c in $clients; do
        holdings_row "$work" "$script" "$c" "$runs" "$bufs"
      done
    done
    printf '\nQuarter bulk load (%s, the N-PORT filings of one fund in %s), real write path vs `\\copy` of the same rows into holding:\n\n' "$as_of" "$every"
    printf '| run | rows | write path s | rows/s | \\copy s | rows/s | ratio (time) | target |\n|---|---|---|---|---|---|---|---|\n'
    for ((run = 0; run < load_runs; run++)); do
      awk -v r="$((run + 1))" -v a="${real_rs[$run]}" -v b="${copy_rs[$run]}" 'BEGIN {
        split(a, x, " "); split(b, y, " ");
        printf "| %d | %d | %.1f | %.0f | %.1f | %.0f | %.2f× | ≤ 2× |\n", r, x[1], x[2], x[1] / x[2], y[2], y[1] / y[2], x[2] / y[2] }'
    done
    printf '\n'; printf '%s\n' \
      "Buffers / execution (EXPLAIN (ANALYZE, BUFFERS) of one execution: security 1, a typical fund, the largest fund) does not" \
      "depend on the machine's load: compare designs by it. reverse-latest is the endpoint's query (latest snapshots × index" \
      "depth, flat in history); reverse-security-first reads the security's whole history (grows with every snapshot stored)." \
      "Candidates, the extrapolation to 79 M rows and the write path's breakdown: bench/results/holdings-scale.md."
  } >"$out"

  [[ ${HOLDINGS_KEEP:-0} == 1 ]] || "$PG_BIN/dropdb" "$db"
}

# holdings_buffers DB SCRIPT VAR=VALUE…: shared buffers (hit + read) of the script's last statement, one execution.
holdings_buffers() {
  local db=$1 script=$2 sql var
  shift 2
  sql=$(grep -v '^\\set\|^--' "$script" | awk 'BEGIN { RS = ";" } NF { last = $0 } END { print last }')
  for var in "$@"; do sql=${sql//:${var%%=*}/${var#*=}}; done
  "$PG_BIN/psql" -X -d "$db" -tAc "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) $sql" |
    grep -oE '"Shared (Hit|Read) Blocks": [0-9]+' | head -n 2 | awk '{ s += $NF } END { print s }'
}

# holdings_row WORK SCRIPT CLIENTS RUNS BUFFERS: one table row from the runs' pgbench logs (latency in µs, field 3).
holdings_row() {
  local work=$1 script=$2 c=$3 runs=$4 bufs=$5 run
  for ((run = 1; run <= runs; run++)); do
    local tps p50 p99
    tps=$(sed -nE 's/^tps = ([0-9.]+).*/\1/p' "$work/$script.c$c.r$run.out")
    read -r p50 p99 < <(cat "$work/$script.c$c.r$run".[0-9]* | awk '{ print $3 }' | sort -n |
      awk '{ v[NR] = $1 } END { i50 = int(NR * 0.50); i99 = int(NR * 0.99); if (i50 < 1) i50 = 1; if (i99 < 1) i99 = 1; printf "%.2f %.2f\n", v[i50] / 1000, v[i99] / 1000 }')
    printf '%s %s %s\n' "$tps" "$p50" "$p99"
  done | sort -t' ' -k3 -n | awk -v s="$script" -v c="$c" -v b="$bufs" '
    { tps[NR] = $1; p50[NR] = $2; p99[NR] = $3 }
    END {
      n = NR; m = int((n + 1) / 2)  # the middle run (the lower of two)
      # tps sorted separately for min / median / max
      for (i = 1; i <= n; i++) t[i] = tps[i]
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (t[j] < t[i]) { x = t[i]; t[i] = t[j]; t[j] = x }
      target = (s ~ /^reverse|^etf/) ? "p99 < 50 ms" : ""
      printf "| %s | %s | %.0f / %.0f / %.0f | %.2f | %.2f / %.2f / %.2f | %s | %s |\n", s, c, t[1], t[m], t[n], p50[m], p99[1], p99[m], p99[n], b, target
    }'
}
