# Load run (bench/parts/README.md has the environment): every row of bench/read-endpoints.tsv driven by
# wrk at BENCH_LOAD_CONNECTIONS connections in all (default 64, spread over the endpoints, one wrk each so
# each endpoint has its own p99) for BENCH_LOAD_SECONDS (default 60) while ingestion writes to the same
# database: the demo's replay of BENCH_LOAD_REPLAY_DAYS (default 60) days of AUM and issuer files, then
# price/dividend/split backfills, one after another until the window ends (the window opens once the writer has
# stored its first item, after a warm-up of the same readers with nothing writing). Fails on any error (non-2xx/3xx
# answer or socket error, wrk's timeout raised to 10 s) and on memory that keeps growing after warm-up
# (the API's VmRSS at the end more than 25 % above its value after warm-up).

# The resident set (VmRSS) of PID in MiB.
bench_load_rss() {
  awk '/^VmRSS:/ { printf "%.0f\n", $2 / 1024 }' "/proc/$1/status"
}

# bench_load_summary WRK_OUTPUT_FILE: prints "requests req/s p50_ms p99_ms errors" (errors: non-2xx/3xx
# answers plus every kind of socket error: connect, read, write, timeout).
bench_load_summary() {
  awk '
    function ms(v) {
      if (v ~ /us$/) return v / 1000
      if (v ~ /ms$/) return v + 0
      if (v ~ /s$/) return v * 1000
      return v + 0
    }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    / requests in / { requests = $1 }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    /Socket errors:/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) errors += $i + 0 }
    END { printf "%d %.1f %.2f %.2f %d\n", requests, rps, p50, p99, errors }' "$1"
}

# bench_load_readers URL SECONDS LABEL: starts one wrk per endpoint (names, paths, per, extra and dir of
# bench_load), connections spread evenly, the first ones taking the remainder; their pids go in wrk_pids.
# LABEL warmup waits for them.
bench_load_readers() {
  local url=$1 secs=$2 label=$3 i c pid
  wrk_pids=()
  for ((i = 0; i < ${#names[@]}; i++)); do
    c=$per
    ((i < extra)) && c=$((per + 1))
    wrk -t1 -c"$c" -d"${secs}s" --timeout 10s --latency "$url${paths[i]}" >"$dir/${names[i]}.$label.wrk" 2>&1 &
    wrk_pids+=($!)
  done
  if [[ $label == warmup ]]; then
    for pid in "${wrk_pids[@]}"; do
      wait "$pid" || true
    done
  fi
  return 0
}

bench_load() {
  local dir="$BENCH_OUT/load" md="$BENCH_OUT/load.md" tsv="$BENCH_ROOT/bench/read-endpoints.tsv"
  local seconds=${BENCH_LOAD_SECONDS:-60} connections=${BENCH_LOAD_CONNECTIONS:-64} days=${BENCH_LOAD_REPLAY_DAYS:-60}
  local db=etfdata_load cs api_port api_pid api_url name path i n per extra
  local -a names=() paths=() wrk_pids=()
  mkdir -p "$dir"
  while IFS=$'\t' read -r name path _; do
    [[ -z $name || $name == \#* ]] && continue
    names+=("$name") paths+=("$path")
  done <"$tsv"
  n=${#names[@]}
  ((n > 0)) || { printf '## Load\n\nNo endpoint in bench/read-endpoints.tsv.\n' >"$md"; return 0; }

  # A copy of the demo data that the writer may change (BENCH_DB is read-only for parts).
  PGOPTIONS="-c client_min_messages=warning" "$PG_BIN/dropdb" --if-exists "$db"
  "$PG_BIN/createdb" -T "$BENCH_DB" "$db"
  cs="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Database=$db"
  bench_demo_sources_env "$BENCH_FAKE_URL"

  BENCH_LOAD_PIDS=""
  trap 'kill $BENCH_LOAD_PIDS 2>/dev/null || true; curl -s -X DELETE "$BENCH_FAKE_URL/_fake/clock" >/dev/null || true; wait 2>/dev/null || true' EXIT
  api_port=$(random_free_port)
  # One client at 64 connections is the point of a load test: the per-client rate limit is off.
  (cd "$BENCH_RELEASE_DIR/api" &&
    ETFDATA_DB=$cs ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$api_port" RateLimiting__Enabled=false \
      Serilog__MinimumLevel__Default=Warning Scheduler__Enabled=false Storage__MigrateOnStartup=false \
      exec dotnet EtfData.Api.dll) >"$dir/api.log" 2>&1 &
  api_pid=$!
  BENCH_LOAD_PIDS+=" $api_pid"
  api_url="http://127.0.0.1:$api_port"
  for ((i = 0; i < 120; i++)); do
    kill -0 "$api_pid" 2>/dev/null || { cat "$dir/api.log" >&2; echo "load: the API exited" >&2; return 1; }
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$api_url/api/health") == 200 ]] && break
    sleep 0.5
  done
  for ((i = 0; i < n; i++)); do
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' "$api_url${paths[i]}")
    [[ $code == 200 ]] || { echo "load: ${names[i]} ${paths[i]} answers $code before the run" >&2; return 1; }
  done
  local rss_start rss_warm rss_end rss_max
  rss_start=$(bench_load_rss "$api_pid")

  per=$((connections / n))
  ((per < 1)) && per=1
  extra=$((connections - per * n))
  ((extra < 0)) && extra=0
  # Warm-up (JIT, pools, prepared statements, the GC's heap at this load): the run's own readers for
  # BENCH_LOAD_WARMUP_SECONDS (default 15) with nothing writing; "after warm-up" is the working set then.
  bench_load_readers "$api_url" "${BENCH_LOAD_WARMUP_SECONDS:-15}" warmup
  rss_warm=$(bench_load_rss "$api_pid")
  echo "load: API on $api_url (pid $api_pid), VmRSS ${rss_start} MiB at start, ${rss_warm} MiB after warm-up"

  # The writer: host processes over the same database, one after another, until the window ends.
  local t_end writer_log="$dir/writer.log" first_run stop_file="$dir/writer.stop"
  rm -f "$stop_file"
  first_run=$("$PG_BIN/psql" -X -tA -d "$db" -c "SELECT coalesce(max(id), 0) FROM ingestion_run")
  (
    cd "$BENCH_RELEASE_DIR/api"
    export ETFDATA_DB=$cs Serilog__MinimumLevel__Default=Warning
    round=0
    while [[ ! -e $stop_file ]]; do
      if ((round % 2 == 0)); then
        dotnet EtfData.Api.dll replay --days "$days" --clock-url "$BENCH_FAKE_URL/_fake/clock" --jobs aum,holdings-issuer --then flows || true
      else
        dotnet EtfData.Api.dll ingest prices,dividends,splits --backfill || true
      fi
      round=$((round + 1))
    done
  ) >"$writer_log" 2>&1 &
  local writer_pid=$!
  BENCH_LOAD_PIDS+=" $writer_pid"
  # The window opens once the writer is writing: its first item stored.
  for ((i = 0; i < 240; i++)); do
    (($("$PG_BIN/psql" -X -tA -d "$db" -c "SELECT count(*) FROM ingestion_item WHERE run_id > $first_run") > 0)) && break
    kill -0 "$writer_pid" 2>/dev/null || { cat "$writer_log" >&2; echo "load: the writer stopped before it wrote" >&2; return 1; }
    sleep 0.5
  done
  t_end=$(($(date +%s) + seconds))
  echo "load: the writer is writing; readers start for ${seconds} s"

  bench_load_readers "$api_url" "$seconds" run
  BENCH_LOAD_PIDS+=" ${wrk_pids[*]}"
  rss_max=$rss_warm
  : >"$dir/rss.tsv"
  while (($(date +%s) < t_end)); do
    sleep 5
    local rss
    rss=$(bench_load_rss "$api_pid") || break
    printf '%s\t%s\n' "$(date +%s)" "$rss" >>"$dir/rss.tsv"
    ((rss > rss_max)) && rss_max=$rss
  done
  local failed=0 pid
  for pid in "${wrk_pids[@]}"; do
    wait "$pid" || failed=1
  done
  rss_end=$(bench_load_rss "$api_pid")
  # The writer round under way when the window closed stops now (replay puts the fake's clock back).
  touch "$stop_file"
  pkill -TERM -P "$writer_pid" 2>/dev/null || true
  wait "$writer_pid" 2>/dev/null || true
  curl -s -X DELETE "$BENCH_FAKE_URL/_fake/clock" >/dev/null || true
  kill -0 "$api_pid" 2>/dev/null || { echo "load: the API died under load" >&2; failed=1; }

  local runs items rows jobs
  read -r runs items rows < <("$PG_BIN/psql" -X -tA -F ' ' -d "$db" -c "
    SELECT count(*), coalesce(sum(items_succeeded), 0), coalesce(sum(rows_inserted + rows_updated), 0)
    FROM ingestion_run WHERE id > $first_run")
  jobs=$("$PG_BIN/psql" -X -tA -d "$db" -c "
    SELECT coalesce(string_agg(job || ' ' || n, ', ' ORDER BY job), 'none')
    FROM (SELECT job, count(*) AS n FROM ingestion_run WHERE id > $first_run GROUP BY job) j")

  local total_requests=0 total_errors=0 requests rps p50 p99 errors table=""
  for ((i = 0; i < n; i++)); do
    read -r requests rps p50 p99 errors < <(bench_load_summary "$dir/${names[i]}.run.wrk")
    total_requests=$((total_requests + requests))
    total_errors=$((total_errors + errors))
    ((requests > 0)) || failed=1
    table+="| ${names[i]} | \`${paths[i]}\` | $requests | $rps | $p50 | $p99 | $errors |"$'\n'
    echo "load: ${names[i]}: $requests requests, $rps req/s, p50 $p50 ms, p99 $p99 ms, $errors errors"
  done
  ((total_errors == 0)) || failed=1
  local growth verdict="flat"
  growth=$(awk -v a="$rss_warm" -v b="$rss_end" 'BEGIN { printf "%.1f", (b - a) * 100 / a }')
  if awk -v a="$rss_warm" -v b="$rss_end" 'BEGIN { exit !(b > a * 1.25) }'; then
    verdict="growing"
    failed=1
  fi

  {
    printf '## Load\n\n'
    printf '%s connections in all (one wrk per endpoint, 1 thread, %s or %s connections each, timeout 10 s) for %s s against the API (Release, ' \
      "$connections" "$per" "$((per + 1))" "$seconds"
    printf 'rate limit off: `RateLimiting__Enabled=false`) over a copy of the demo data, while ingestion wrote to the same database: '
    printf '`replay --days %s --jobs aum,holdings-issuer --then flows` and `ingest prices,dividends,splits --backfill` in turn. ' "$days"
    printf 'Writer, from its start until the window closed: %s runs (%s), %s items stored, %s rows inserted or updated (the run cut off at the end not counted).\n\n' \
      "$runs" "$jobs" "$items" "$rows"
    printf '| endpoint | path | requests | req/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|---|---|\n'
    printf '%s' "$table"
    printf '| **all** | | %s | | | | **%s** |\n\n' "$total_requests" "$total_errors"
    printf 'Errors are non-2xx/3xx answers plus socket errors (connect, read, write, timeout); the target is 0.\n\n'
    printf '| API working set (VmRSS) | MiB |\n|---|---|\n'
    printf '| at start | %s |\n| after warm-up (%s s of the same readers, nothing writing) | %s |\n| highest during the run | %s |\n| at the end | %s |\n\n' "$rss_start" "${BENCH_LOAD_WARMUP_SECONDS:-15}" "$rss_warm" "$rss_max" "$rss_end"
    printf 'Memory after warm-up: %s (%s %% from after warm-up to the end; the target is flat, at most +25 %%).\n' "$verdict" "$growth"
  } >"$md"
  kill "$api_pid" 2>/dev/null || true
  wait "$api_pid" 2>/dev/null || true
  "$PG_BIN/dropdb" --if-exists "$db" 2>/dev/null || true
  ((failed == 0)) || { echo "load: errors or growing memory; see $md" >&2; return 1; }
}
