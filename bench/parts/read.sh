# Read benchmark (bench/parts/README.md has the environment). For every row of
# bench/read-endpoints.tsv: wrk on the API's path, wrk on the raw-Npgsql reference's path, pgbench on
# the endpoint's own SQL (the database's own limit), interleaved BENCH_RUNS times.
# BENCH_READ_SECONDS overrides the length of each wrk / pgbench run (default: what fits ~4 minutes).
# bench/read-notes.md (optional: why an endpoint misses) is printed under the table.

# bench_read_wait URL PID: waits (60 s) until URL answers 200 while PID lives.
bench_read_wait() {
  local i
  for ((i = 0; i < 120; i++)); do
    kill -0 "$2" 2>/dev/null || return 1
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$1") == 200 ]] && return 0
    sleep 0.5
  done
  return 1
}

# bench_read_wrk URL SECONDS: prints "req/s p50_ms p99_ms errors" (errors: non-2xx/3xx answers
# plus socket errors).
bench_read_wrk() {
  wrk -t2 -c32 -d"$2s" --latency "$1" | awk '
    function ms(v) {
      if (v ~ /us$/) return v / 1000
      if (v ~ /ms$/) return v + 0
      if (v ~ /s$/) return v * 1000
      return v + 0
    }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    /Socket errors:/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) errors += $i + 0 }
    END { printf "%.1f %.2f %.2f %d\n", rps, p50, p99, errors }'
}

# bench_read_pgbench SCRIPT SECONDS LOGDIR: prints "tps p50_ms p99_ms errors", percentiles from
# pgbench's per-transaction log (latency in microseconds, third field).
bench_read_pgbench() {
  local script=$1 seconds=$2 logdir=$3 out
  rm -rf -- "$logdir"
  mkdir -p "$logdir"
  out=$(cd "$logdir" && "$PG_BIN/pgbench" -n -M prepared -c 32 -j 2 -T "$seconds" -f "$script" -l --log-prefix=tx "$BENCH_DB" 2>&1) || {
    printf '%s\n' "$out" >&2
    echo "0 0 0 1"
    return 0
  }
  local tps failed
  tps=$(printf '%s\n' "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -n 1)
  failed=$(printf '%s\n' "$out" | sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' | head -n 1)
  cat "$logdir"/tx.* | awk '{ print $3 }' | sort -n | awk -v tps="${tps:-0}" -v failed="${failed:-0}" '
    { v[NR] = $1 }
    END {
      if (NR == 0) { printf "%s 0 0 %d\n", tps, failed + 1; exit }
      i50 = int(NR * 0.50); if (i50 < 1) i50 = 1
      i99 = int(NR * 0.99); if (i99 < 1) i99 = 1
      printf "%.1f %.2f %.2f %d\n", tps, v[i50] / 1000, v[i99] / 1000, failed
    }'
  rm -rf -- "$logdir"
}

bench_read() {
  local dir="$BENCH_OUT/read" tsv="$BENCH_ROOT/bench/read-endpoints.tsv" md="$BENCH_OUT/read.md"
  local name api ref script i run side secs api_port ref_port api_pid ref_pid failed=0
  local -a names=() apis=() refs=() scripts=() broken=()
  mkdir -p "$dir"
  while IFS=$'\t' read -r name api ref script; do
    [[ -z $name || $name == \#* ]] && continue
    names+=("$name") apis+=("$api") refs+=("$ref") scripts+=("$BENCH_ROOT/bench/sql/$script")
  done <"$tsv"
  if ((${#names[@]} == 0)); then
    printf '## Read\n\nNo endpoint in bench/read-endpoints.tsv.\n' >"$md"
    return 0
  fi
  local n=${#names[@]}
  # Each round measures API, reference and pgbench per endpoint; all rounds in about 250 s.
  secs=${BENCH_READ_SECONDS:-$((250 / (BENCH_RUNS * n * 3)))}
  ((secs < 2)) && secs=2
  ((secs > 8)) && secs=8

  # The hosts outlive the function's locals: the EXIT trap reads this global.
  BENCH_READ_PIDS=""
  trap 'kill $BENCH_READ_PIDS 2>/dev/null; wait 2>/dev/null || true' EXIT
  api_port=$(random_free_port)
  (cd "$BENCH_RELEASE_DIR/api" &&
    ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$api_port" \
      Serilog__MinimumLevel__Default=Warning Scheduler__Enabled=false Storage__MigrateOnStartup=false \
      exec dotnet EtfData.Api.dll) >"$dir/api.log" 2>&1 &
  api_pid=$!
  BENCH_READ_PIDS+=" $api_pid"
  ref_port=$(random_free_port)
  (cd "$BENCH_RELEASE_DIR/rawref" && exec dotnet EtfData.RawReference.dll --urls "http://127.0.0.1:$ref_port") >"$dir/rawref.log" 2>&1 &
  ref_pid=$!
  BENCH_READ_PIDS+=" $ref_pid"
  local api_url="http://127.0.0.1:$api_port" ref_url="http://127.0.0.1:$ref_port"
  bench_read_wait "$api_url/api/health" "$api_pid" || { cat "$dir/api.log" >&2; echo "read: the API did not start" >&2; return 1; }
  bench_read_wait "$ref_url/ref/health" "$ref_pid" || { cat "$dir/rawref.log" >&2; echo "read: the reference did not start" >&2; return 1; }
  echo "read: API on $api_url, reference on $ref_url; $n endpoints x $BENCH_RUNS runs x ${secs}s"

  # Both sides must answer 200; the table says whether their bodies are byte for byte the same.
  local -a bodies=()
  for ((i = 0; i < n; i++)); do
    local a r
    a=$(curl -s -o "$dir/${names[i]}.api.json" -w '%{http_code} %{size_download}' "$api_url${apis[i]}")
    r=$(curl -s -o "$dir/${names[i]}.ref.json" -w '%{http_code} %{size_download}' "$ref_url${refs[i]}")
    if cmp -s "$dir/${names[i]}.api.json" "$dir/${names[i]}.ref.json"; then
      bodies[i]="identical, ${a#* } B"
    else
      bodies[i]="differ: ${a#* } / ${r#* } B"
    fi
    if [[ ${a%% *} != 200 || ${r%% *} != 200 || ! -f ${scripts[i]} ]]; then
      broken[i]="API ${a%% *}, reference ${r%% *}$([[ -f ${scripts[i]} ]] || echo ", no ${scripts[i]#"$BENCH_ROOT"/}")"
      echo "read: ${names[i]} not measured: ${broken[i]}" >&2
      failed=1
      continue
    fi
    # Warm-up: JIT, connection pools, prepared statements, caches.
    wrk -t2 -c32 -d2s "$api_url${apis[i]}" >/dev/null
    wrk -t2 -c32 -d2s "$ref_url${refs[i]}" >/dev/null
  done

  : >"$dir/raw.tsv"
  for ((run = 1; run <= BENCH_RUNS; run++)); do
    for ((i = 0; i < n; i++)); do
      [[ -n ${broken[i]:-} ]] && continue
      # A, B then B, A: neither side always follows the database's pgbench run.
      local -a order=(api ref)
      ((run % 2 == 0)) && order=(ref api)
      for side in "${order[@]}" pgbench; do
        local figures
        case $side in
          api) figures=$(bench_read_wrk "$api_url${apis[i]}" "$secs") ;;
          ref) figures=$(bench_read_wrk "$ref_url${refs[i]}" "$secs") ;;
          pgbench) figures=$(bench_read_pgbench "${scripts[i]}" "$secs" "$dir/pgbench-log") ;;
        esac
        printf '%s\t%s\t%s\t%s\n' "${names[i]}" "$run" "$side" "${figures// /$'\t'}" >>"$dir/raw.tsv"
        echo "read: run $run ${names[i]} $side: $figures (req/s p50 p99 errors)"
      done
    done
  done

  {
    printf '## Read\n\n'
    printf 'Each endpoint under `wrk -t2 -c32 -d%ss --latency`: the API (Release, Production, log level Warning, no request log, scheduler off) and `bench/EtfData.RawReference` (the same rows in the same JSON shape from one prepared raw-Npgsql query), then `pgbench -M prepared -c32 -j2 -T%s` on the endpoint'"'"'s own SQL (`bench/sql/`; the database'"'"'s own limit, p99 from its transaction log). %s runs interleaved (API and reference swap order every run), after a 2 s warm-up of each side. Cells: median (min–max); ratios are taken within each run. Targets: API req/s ≥ 1.0× the reference, API p99 ≤ 2× the reference'"'"'s.\n\n' "$secs" "$secs" "$BENCH_RUNS"
    printf '| endpoint | API req/s | reference req/s | req/s ratio | API p99 ms | reference p99 ms | p99 ratio | pgbench tps | pgbench p99 ms | bodies API / ref | targets |\n'
    printf '|---|---|---|---|---|---|---|---|---|---|---|\n'
    for ((i = 0; i < n; i++)); do
      if [[ -n ${broken[i]:-} ]]; then
        printf '| `%s` | not measured: %s | | | | | | | | | |\n' "${apis[i]}" "${broken[i]}"
        continue
      fi
      awk -F'\t' -v name="${names[i]}" -v path="${apis[i]}" -v bodies="${bodies[i]}" '
        function stat(list,   n, a, i, j, t, med) {
          n = split(list, a, " ")
          for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
          med = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
          STAT_MED = med
          return n == 1 ? fmt(med) : sprintf("%s (%s–%s)", fmt(med), fmt(a[1]), fmt(a[n]))
        }
        function fmt(v) { return v >= 100 ? sprintf("%.0f", v) : v >= 10 ? sprintf("%.1f", v) : sprintf("%.2f", v) }
        $1 == name { rps[$2, $3] = $4; p99[$2, $3] = $6; err[$3] += $7; runs[$2] = 1 }
        END {
          for (r in runs) {
            a_rps = a_rps " " rps[r, "api"]; r_rps = r_rps " " rps[r, "ref"]
            a_p99 = a_p99 " " p99[r, "api"]; r_p99 = r_p99 " " p99[r, "ref"]
            g_tps = g_tps " " rps[r, "pgbench"]; g_p99 = g_p99 " " p99[r, "pgbench"]
            q_rps = q_rps " " (rps[r, "ref"] > 0 ? rps[r, "api"] / rps[r, "ref"] : 0)
            q_p99 = q_p99 " " (p99[r, "ref"] > 0 ? p99[r, "api"] / p99[r, "ref"] : 0)
          }
          c_q_rps = stat(q_rps); m_rps = STAT_MED
          c_q_p99 = stat(q_p99); m_p99 = STAT_MED
          verdict = (m_rps >= 1.0 ? "req/s met" : sprintf("req/s missed by %.0f %%", (1 - m_rps) * 100)) ", " \
                    (m_p99 <= 2.0 ? "p99 met" : sprintf("p99 missed: %.1f× the reference", m_p99))
          errors = err["api"] + err["ref"] + err["pgbench"]
          if (errors > 0) verdict = verdict sprintf(", %d errors (API %d, reference %d, pgbench %d)", errors, err["api"], err["ref"], err["pgbench"])
          printf "| `%s` | %s | %s | %s× | %s | %s | %s× | %s | %s | %s | %s |\n", path, stat(a_rps), stat(r_rps), c_q_rps,
            stat(a_p99), stat(r_p99), c_q_p99, stat(g_tps), stat(g_p99), bodies, verdict
        }' "$dir/raw.tsv"
    done
    printf '\nA miss is given as how far the median of the per-run ratios falls short of its target.\n'
    # Why an endpoint misses is known to whoever works on it: bench/read-notes.md, when present, follows the table.
    if [[ -f $BENCH_ROOT/bench/read-notes.md ]]; then
      printf '\n'
      cat "$BENCH_ROOT/bench/read-notes.md"
    fi
  } >"$md"
  return "$failed"
}
