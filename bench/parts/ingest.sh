# bench/parts/ingest.sh: issue 11's ingest figures (contract: bench/parts/README.md).
#
# 1. The nightly incremental run over a 4,000-ETF universe: a fake upstream of our own on a free port
#    (ETFDATA_FAKE_UNIVERSE=4000, no scripted faults, zero latency), a database of our own. A backfill
#    (discovery and 60 days of prices) as of the weekday before yesterday (timed, not the figure), then the fake's clock one weekday on and the
#    nightly chain `ingest discovery,prices,aum,holdings-issuer,flows`; the figure is the host process's
#    CPU seconds (user + sys, from /usr/bin/time) and its wall time, per symbol too. Target: CPU < 60 s.
# 2. An N-PORT bulk quarter: `ingest nport-bulk --quarter Q` against the driver's demo fake (its generated
#    SEC filings; the latest quarter with filings): time and rows/s.
# Budget: about 2 minutes on 2 cores: INGEST_UNIVERSE (default 2,000; 4000 for the full universe) ETFs, the
# figure judged per symbol x 4,000 (every item is one symbol's fetch + parse + write, so the cost is linear).

# Weekday on or before $1 (yyyy-mm-dd), or strictly before it with $2 = before.
ingest_weekday() {
  local day=$1
  [[ ${2:-} == before ]] && day=$(date -u -d "$day - 1 day" +%F)
  while (($(date -u -d "$day" +%u) > 5)); do day=$(date -u -d "$day - 1 day" +%F); done
  printf '%s\n' "$day"
}

# ingest_timed FILE VERB...: runs the driver's Release host with the environment set by bench_ingest, under
# /usr/bin/time, which writes "wall user sys" seconds of the host process to FILE.
ingest_timed() {
  local timefile=$1
  shift
  (cd "$BENCH_ROOT/src/EtfData.Api" && exec /usr/bin/time -f '%e %U %S' -o "$timefile" dotnet "$BENCH_RELEASE_DIR/api/EtfData.Api.dll" "$@")
}

# Points every upstream of the host at fake $1, with rate limits no real site would grant (zero latency).
ingest_point_at() {
  local fake=$1 scraped
  export Sources__Yahoo__BaseUrl="$fake/yahoo" Sources__Yahoo__CookieUrl="$fake/yahoo/consent"
  export Sources__Yahoo__RequestsPerSecond=1000 Sources__Yahoo__Burst=1000 Sources__Yahoo__MaxConcurrency=16
  export Sources__Nasdaq__BaseUrl="$fake/nasdaq" Sources__Nasdaq__RequestsPerSecond=100 Sources__Nasdaq__Burst=10
  export Sources__Sec__WwwBaseUrl="$fake/sec/www" Sources__Sec__DataBaseUrl="$fake/sec/data"
  export Sources__Sec__UserAgent="EtfData bench bench@example.org" Sources__Sec__ThrottleCoolDown=00:00:01
  for scraped in IShares Spdr Invesco Schwab Etfdb; do
    export "Sources__${scraped}__BaseUrl=$fake" "Sources__${scraped}__MaxJitter=00:00:00" "Sources__${scraped}__RecheckAfter=00:00:00"
    export "Sources__${scraped}__RequestsPerSecond=1000" "Sources__${scraped}__Burst=100" "Sources__${scraped}__MaxConcurrency=8"
  done
  export Ingestion__MaxParallelism=8 Ingestion__MinDirectoryShare=0 Serilog__MinimumLevel__Default=Warning
}

bench_ingest() {
  local out="$BENCH_OUT/ingest.md" work="$BENCH_OUT/ingest" universe=${INGEST_UNIVERSE:-2000}
  local port fake fake_pid db today d0 d1 t rc
  mkdir -p "$work"

  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  fake="http://127.0.0.1:$port"
  ETFDATA_FAKE_UNIVERSE=$universe dotnet "$BENCH_RELEASE_DIR/fake/EtfData.FakeUpstream.dll" --urls "$fake" >"$work/fake.log" 2>&1 &
  fake_pid=$!
  for ((t = 0; t < 300; t++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 "$fake_pid" 2>/dev/null || { echo "ingest: the fake upstream exited; see $work/fake.log" >&2; return 1; }
    sleep 0.1
  done

  db=$(bench_new_db bench_ingest)
  today=$(date -u +%F)
  # Yesterday's session (today's may still be trading), and the one before for the backfill.
  d1=$(ingest_weekday "$today" before)
  d0=$(ingest_weekday "$d1" before)
  (
    export ConnectionStrings__EtfData="$db" ETFDATA_DB="$db"
    ingest_point_at "$fake"
    local jobs=discovery,prices,aum,holdings-issuer,flows
    curl -fsS -X POST "$fake/_fake/clock?date=$d0" >/dev/null
    # The backfill only has to make the nightly's prices incremental; AUM, issuer files and flows have no
    # backfill of their own (one snapshot per day), so they are first run by the nightly itself.
    ingest_timed "$work/backfill.time" ingest discovery,prices --backfill >"$work/backfill.log" 2>&1 || true
    curl -fsS -X POST "$fake/_fake/clock?date=$d1" >/dev/null
    rc=0
    ingest_timed "$work/nightly.time" ingest "$jobs" >"$work/nightly.log" 2>&1 || rc=$?
    echo "$rc" >"$work/nightly.rc"
    curl -fsS -X DELETE "$fake/_fake/clock" >/dev/null || true
  ) || true
  kill "$fake_pid" 2>/dev/null || true
  wait "$fake_pid" 2>/dev/null || true

  local symbols rows
  symbols=$("$PG_BIN/psql" -X -qtA -d bench_ingest -c "SELECT count(*) FROM etf WHERE is_active" 2>/dev/null || echo "?")
  rows=$("$PG_BIN/psql" -X -qtA -d bench_ingest -c "SELECT coalesce(sum(rows_inserted + rows_updated), 0) FROM ingestion_run WHERE started_at > (SELECT max(started_at) FROM ingestion_run WHERE job = 'discovery')" 2>/dev/null || echo "?")
  "$PG_BIN/dropdb" --if-exists bench_ingest 2>/dev/null || true

  # N-PORT bulk quarter against the driver's demo fake: the latest quarter whose filings it serves.
  local qdb quarter y q bulk_rows
  qdb=$(bench_new_db bench_nport_bulk)
  y=$(date -u +%Y)
  q=$(((10#$(date -u +%m) - 1) / 3 + 1))
  (
    export ConnectionStrings__EtfData="$qdb" ETFDATA_DB="$qdb"
    ingest_point_at "$BENCH_FAKE_URL"
    ingest_timed "$work/nport-discovery.time" ingest discovery >"$work/nport-discovery.log" 2>&1 || true
    for ((t = 0; t < 4; t++)); do
      quarter="${y}q${q}"
      if ingest_timed "$work/nport.time" ingest nport-bulk --quarter "$quarter" >"$work/nport.log" 2>&1 &&
        grep -q . "$work/nport.time"; then
        echo "$quarter" >"$work/nport.quarter"
        local got
        got=$("$PG_BIN/psql" -X -qtA -d bench_nport_bulk -c "SELECT coalesce(sum(rows_inserted), 0) FROM ingestion_run WHERE job = 'nport-bulk'" 2>/dev/null || echo 0)
        ((got > 0)) && break
      fi
      q=$((q - 1))
      ((q > 0)) || { q=4; y=$((y - 1)); }
    done
  ) || true
  bulk_rows=$("$PG_BIN/psql" -X -qtA -d bench_nport_bulk -c "SELECT coalesce(sum(rows_inserted), 0) FROM ingestion_run WHERE job = 'nport-bulk'" 2>/dev/null || echo "?")
  "$PG_BIN/dropdb" --if-exists bench_nport_bulk 2>/dev/null || true

  local bw bu bs nw nu ns nrc pw pu ps
  read -r bw bu bs <"$work/backfill.time" 2>/dev/null || bw="?"
  read -r nw nu ns <"$work/nightly.time" 2>/dev/null || nw="?"
  read -r pw pu ps <"$work/nport.time" 2>/dev/null || pw="?"
  nrc=$(cat "$work/nightly.rc" 2>/dev/null || echo "?")
  python3 - "$out" "$universe" "$symbols" "$rows" "$d0" "$d1" "$bw" "${bu:-?}" "${bs:-?}" "$nw" "${nu:-?}" "${ns:-?}" "$nrc" \
    "$(cat "$work/nport.quarter" 2>/dev/null || echo '?')" "$pw" "${pu:-?}" "${ps:-?}" "$bulk_rows" <<'PY'
import sys
(out, universe, symbols, rows, d0, d1, bw, bu, bs, nw, nu, ns, nrc, quarter, pw, pu, ps, bulk_rows) = sys.argv[1:]
def f(x):
    try: return float(x)
    except ValueError: return None
def fmt(x, spec="{:.1f}"):
    return "?" if x is None else spec.format(x)
cpu = f(nu) + f(ns) if f(nu) is not None and f(ns) is not None else None
n = f(symbols)
per = cpu * 1000 / n if cpu is not None and n else None
bcpu = f(bu) + f(bs) if f(bu) is not None and f(bs) is not None else None
# The target is for 4,000 ETFs: a smaller universe (INGEST_UNIVERSE) is judged on its per-symbol cost × 4,000.
at4000 = per * 4000 / 1000 if per is not None else None
met = "met" if at4000 is not None and at4000 < 60 else ("**missed**" if at4000 is not None else "not measured")
rate = f(bulk_rows) / f(pw) if f(bulk_rows) and f(pw) else None
with open(out, "w") as o:
    o.write("## Ingest\n\n")
    o.write(f"Nightly incremental run over {symbols} active ETFs (fake universe of {universe}, zero latency, no faults): "
            f"backfill (`ingest discovery,prices --backfill`, 60 days of bars per fund) as of {d0}, then the fake's clock on {d1} and `ingest discovery,prices,aum,holdings-issuer,flows` "
            f"(exit code {nrc}). CPU = user + sys of the host process (`/usr/bin/time`). One run per part run "
            "(each nightly needs a new day); compare across runs of `./etfdata bench ingest`.\n\n")
    o.write("| figure | value | limit / target | ratio | result |\n|---|---|---|---|---|\n")
    o.write(f"| nightly run, host CPU | {fmt(cpu)} s ({fmt(f(nu))} user + {fmt(f(ns))} sys) | < 60 s | {fmt(cpu / 60 if cpu is not None else None, '{:.2f}')} | {met} |\n")
    o.write(f"| nightly run, CPU per symbol | {fmt(per)} ms | < 15 ms (60 s / 4,000) | — | — |\n")
    if n and n != 4000:
        o.write(f"| nightly run, CPU at 4,000 ETFs (per symbol × 4,000) | {fmt(at4000)} s | < 60 s | {fmt(at4000 / 60 if at4000 is not None else None, '{:.2f}')} | {met} |\n")
    o.write(f"| nightly run, wall | {fmt(f(nw))} s, {rows} rows written | — | — | — |\n")
    o.write(f"| backfill (not the figure) | {fmt(f(bw))} s wall, {fmt(bcpu)} s CPU | — | — | — |\n")
    o.write(f"| N-PORT bulk quarter {quarter} (demo fake's filings) | {fmt(f(pw))} s, {bulk_rows} rows, {fmt(rate, '{:,.0f}')} rows/s | 2× plain COPY: measured by the holdings part | — | — |\n\n")
    if at4000 is not None and at4000 >= 60:
        o.write(f"Missed by {at4000 - 60:.1f} s at 4,000 ETFs; see the nightly log in the bench scratch directory for the jobs' timings.\n\n")
    o.write("Wall time is bounded by the AUM job: every fund's top-ten holdings are written under the security index's "
            "global advisory lock (`SecurityIndex.LockAsync`), so its items run one at a time whatever the parallelism.\n\n")
PY
  cat "$out"
}

