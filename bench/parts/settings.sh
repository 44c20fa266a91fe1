#!/usr/bin/env bash
# bench_settings: the PostgreSQL load settings (./etfdata's PG_LOAD_SETTINGS, the same values in
# docker-compose.yml). Reports what the benchmark cluster runs with, then measures the settings' effect
# on a first load of generated price rows through BulkWriter (the write part's tool) in a cluster of
# its own, started alternately with PostgreSQL's defaults and with the settings, BENCH_SETTINGS_RUNS
# times each (default 1, to stay near 3 minutes on 2 cores). Sized by BENCH_SETTINGS_ETFS x
# BENCH_SETTINGS_DAYS (default 4,000 x 500 = 2,000,000 rows: a load smaller than about 1,000,000 rows
# writes too little WAL to reach the default max_wal_size's checkpoint and shows no difference). Durability settings (fsync, synchronous_commit, full_page_writes) stay at their
# defaults in both: a load is only worth something once it is durable.
# Contract: bench/parts/README.md. Uses ./etfdata's pg_init/pg_conf/pg_start/pg_stop (the driver sources it).

settings_psql() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$SETTINGS_PORT" -U postgres "$@"; }

# Checkpoints so far (timed + requested) on the part's own cluster.
settings_checkpoints() {
  if (($(settings_psql -d postgres -tAc "SHOW server_version_num") >= 170000)); then
    settings_psql -d postgres -tAc "SELECT num_timed + num_requested FROM pg_stat_checkpointer"
  else
    settings_psql -d postgres -tAc "SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter"
  fi
}

settings_start() {
  local config=$1 attempt
  local -a PG_LOAD_SETTINGS=("${PG_LOAD_SETTINGS[@]}")
  [[ $config == defaults ]] && PG_LOAD_SETTINGS=()
  for attempt in 1 2 3 4 5; do
    SETTINGS_PORT=$(random_free_port)
    if pg_start "$SETTINGS_DATADIR" "$SETTINGS_PORT" "$SETTINGS_LOG"; then return 0; fi
  done
  die "settings: could not start the part's PostgreSQL on a free port"
}

bench_settings() {
  # write_stats / write_median live in the write part.
  declare -F write_stats >/dev/null || source "$BENCH_ROOT/bench/parts/write.sh"
  local etfs=${BENCH_SETTINGS_ETFS:-4000} days=${BENCH_SETTINGS_DAYS:-500} runs=${BENCH_SETTINGS_RUNS:-1}
  local rows dir conn csv i config lsn before out seconds
  local -A rate=() wal=() checkpoints=()
  local names="'shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'fsync', 'synchronous_commit', 'full_page_writes'"
  rows=$((etfs * days))
  dir="$BENCH_OUT/settings"
  mkdir -p "$dir"
  give_to_pg "$dir"
  SETTINGS_DATADIR="$dir/data"
  SETTINGS_LOG="$dir/server.log"
  csv="$dir/prices.csv"
  touch "$SETTINGS_LOG"
  if is_root; then chown "$PG_OS_USER:" "$SETTINGS_LOG"; fi
  pg_init "$SETTINGS_DATADIR" trust
  pg_conf "$SETTINGS_DATADIR" "listen_addresses = '127.0.0.1'" "unix_socket_directories = ''"

  for ((i = 1; i <= runs; i++)); do
    for config in defaults tuned; do
      settings_start "$config"
      if [[ -z ${conn:-} ]]; then
        settings_psql -d postgres -c "CREATE DATABASE bench_settings"
        conn="Host=127.0.0.1;Port=$SETTINGS_PORT;Username=postgres;Database=bench_settings"
        dotnet "$BENCH_RELEASE_DIR/tools/EtfData.Benchmarks.dll" write migrate "$conn" >/dev/null
        settings_psql -d bench_settings -c "INSERT INTO etf (symbol, name) SELECT 'E' || lpad(e::text, 4, '0'), 'Bench ETF ' || e FROM generate_series(0, $etfs - 1) e"
        settings_psql -d bench_settings -c "\\copy (SELECT 'E' || lpad(e::text, 4, '0'), date '2020-01-01' + d, c - 0.05, c + 0.25, c - 0.30, c, c - 0.10, 100000 + e * 10 + d
          FROM generate_series(0, $etfs - 1) e CROSS JOIN generate_series(0, $days - 1) d CROSS JOIN LATERAL (SELECT 20 + (e % 400) + d * 0.01 AS c) x
          ORDER BY e, d) TO '$csv' CSV"
      fi
      conn="Host=127.0.0.1;Port=$SETTINGS_PORT;Username=postgres;Database=bench_settings"
      settings_psql -d bench_settings -c "TRUNCATE price_daily" -c "CHECKPOINT"
      lsn=$(settings_psql -d postgres -tAc "SELECT pg_current_wal_lsn()")
      before=$(settings_checkpoints)
      out=$(write_tool load "$conn" "$csv")
      seconds=$(cut -f1 <<<"$out")
      rate[$config]+="$(awk -v s="$seconds" -v n="$rows" 'BEGIN { printf "%.0f", n / s }') "
      wal[$config]+="$(settings_psql -d postgres -tAc "SELECT round(pg_wal_lsn_diff(pg_current_wal_lsn(), '$lsn') / 1048576.0)") "
      checkpoints[$config]+="$(($(settings_checkpoints) - before)) "
      say "settings: $config run $i: $seconds s, checkpoints ${checkpoints[$config]}"
      if [[ $config == tuned && $i == 1 ]]; then
        SETTINGS_REPORT=$(settings_psql -d postgres -tA -F ' = ' -c "SELECT name, current_setting(name) FROM pg_settings WHERE name IN ($names) ORDER BY name")
      fi
      pg_stop "$SETTINGS_DATADIR"
    done
  done

  local -a d t
  local ratios=() k
  read -ra d <<<"${rate[defaults]}"
  read -ra t <<<"${rate[tuned]}"
  for k in "${!d[@]}"; do ratios+=("$(awk -v x="${t[$k]}" -v y="${d[$k]}" 'BEGIN { printf "%.2f", x / y }')"); done
  {
    printf '## Settings\n\n'
    printf 'The benchmark cluster runs with (from the driver'"'"'s server):\n\n'
    "$PG_BIN/psql" -X -tA -F ' = ' -d postgres -c "SELECT name, current_setting(name) FROM pg_settings WHERE name IN ($names) ORDER BY name" | sed 's/^/    /'
    printf '\nEffect on a first load of %s price rows through BulkWriter (one call; an own cluster, restarted\n' "$rows"
    printf 'for each configuration, %s interleaved runs each). Load settings: `%s` (./etfdata PG_LOAD_SETTINGS,\n' "$runs" "${PG_LOAD_SETTINGS[*]}"
    printf 'docker-compose.yml). Rates are min / median / max.\n\n'
    printf '| configuration | first load, rows/s | WAL MB | checkpoints during the load |\n|---|---|---|---|\n'
    for config in defaults tuned; do
      # shellcheck disable=SC2086 # lists of numbers
      printf '| %s | %s | %s | %s |\n' "$config" "$(write_stats ${rate[$config]})" "$(write_stats ${wal[$config]})" "$(write_stats ${checkpoints[$config]})"
    done
    printf '\nTuned / defaults, run by run: %s (median %s).\n\n' "${ratios[*]}" "$(write_median "${ratios[@]}")"
    printf 'Own cluster, tuned:\n\n%s\n\n' "$(sed 's/^/    /' <<<"${SETTINGS_REPORT:-}")"
  } >"$BENCH_OUT/settings.md"
  rm -rf -- "$dir"
}
