# Parser benchmark (bench/parts/README.md has the environment): BenchmarkDotNet over the chart,
# holdings-file and N-PORT parsers (bench/EtfData.Benchmarks; bench/results/parsers.md explains the
# classes), in process with a short job so that it fits ~2.5 minutes; the summary becomes the section.

# bench_parse_table REPORT: the table of a BenchmarkDotNet GitHub report, bold and entities undone.
bench_parse_table() {
  sed -n '/^|/p' "$1" | sed -e 's/\*\*//g' -e "s/&#39;/'/g"
}

# bench_parse_nport TABLE: the N-PORT target lines from the NportParserBenchmark table (columns
# found by header: Method, Holdings, MB/s, Alloc/holding, Allocated).
bench_parse_nport() {
  awk -F'|' '
    function trim(s) { gsub(/^ +| +$/, "", s); return s }
    function bytes(s,   v) {
      v = s + 0
      if (s ~ /GB/) return v * 1024 * 1024 * 1024
      if (s ~ /MB/) return v * 1024 * 1024
      if (s ~ /KB/) return v * 1024
      return v
    }
    NR == 1 { for (i = 2; i < NF; i++) col[trim($i)] = i; next }
    NR == 2 { next }
    trim($col["Method"]) == "XmlReaderAsyncTextOnly" { floor[trim($col["Holdings"]) + 0] = trim($col["MB/s"]) + 0 }
    trim($col["Method"]) == "XmlReaderSyncTextOnly" { textper[trim($col["Holdings"]) + 0] = trim($col["Alloc/holding"]) + 0 }
    trim($col["Method"]) == "Parse" {
      h = trim($col["Holdings"]) + 0
      mbs = trim($col["MB/s"]) + 0
      parse[h] = mbs
      alloc = bytes(trim($col["Allocated"]))
      per = trim($col["Alloc/holding"]) + 0
      n++
      if (n == 1 || mbs < min_mbs) min_mbs = mbs
      if (n == 1 || mbs > max_mbs) max_mbs = mbs
      if (n == 1 || h < h_lo) { h_lo = h; a_lo = alloc; p_lo = per }
      if (n == 1 || h > h_hi) { h_hi = h; a_hi = alloc; p_hi = per }
    }
    END {
      if (n == 0) { print "- N-PORT: no Parse rows in the report."; exit }
      printf "- **N-PORT throughput ≥ 50 MB/s: %s.** %.1f–%.1f MB/s over %d–%d holdings.\n", \
        (min_mbs >= 50 ? "met" : sprintf("missed by %.0f %%", (1 - min_mbs / 50) * 100)), min_mbs, max_mbs, h_lo, h_hi
      for (h in parse) if (floor[h] > 0) {
        r = parse[h] / floor[h]; m++
        if (m == 1 || r < r_lo) r_lo = r
        if (m == 1 || r > r_hi) r_hi = r
      }
      if (m > 0) printf "- N-PORT against the async `XmlReader` that only reads the same document, in the same run (the machine'"'"'s load largely cancels out): %.2f–%.2f×.\n", r_lo, r_hi
      growth = a_lo > 0 ? a_hi / a_lo : 0
      printf "- **N-PORT allocation flat in the number of holdings: %s.** Allocated per parse %.1f MB at %d holdings, %.1f MB at %d (×%.1f for ×%.0f holdings); per holding %d B and %d B.\n", \
        (growth <= 2 ? "met" : "missed"), a_lo / 1048576, h_lo, a_hi / 1048576, h_hi, growth, h_hi / h_lo, p_lo, p_hi
      if (textper[h_lo] > 0 && textper[h_hi] > 0)
        printf "- What grows is per holding and constant: an `XmlReader` that only reads the same text allocates %d B and %d B per holding itself (its strings); the parser adds %d B and %d B per holding, the holding record it hands out. Its own overhead does not grow with the file; a total that stays flat would need a reader that does not materialise strings (not an `XmlReader`).\n", \
          textper[h_lo], textper[h_hi], p_lo - textper[h_lo], p_hi - textper[h_hi]
    }' "$1"
}

bench_parse() {
  local dir="$BENCH_OUT/parse" md="$BENCH_OUT/parse.md" results
  rm -rf -- "$dir"
  mkdir -p "$dir"
  # In process: no per-benchmark project generation and build (a minute on 2 cores). One launch,
  # 5 warm-ups (on a busy machine the background tier-1 JIT lags: with fewer, the first case is measured
  # half-jitted), 5 measured iterations; the error columns say how far to trust each mean.
  (cd "$BENCH_ROOT" && dotnet "$BENCH_RELEASE_DIR/tools/EtfData.Benchmarks.dll" --filter '*' --inProcess \
    --launchCount 1 --warmupCount 5 --iterationCount 5 --artifacts "$dir")
  results="$dir/results"
  local nport="$results/EtfData.Benchmarks.NportParserBenchmark-report-github.md"
  local sources="$results/EtfData.Benchmarks.SourceParserBenchmarks-report-github.md"
  [[ -f $nport && -f $sources ]] || { echo "parse: BenchmarkDotNet wrote no reports in $results" >&2; return 1; }
  bench_parse_table "$nport" >"$dir/nport.table"
  {
    printf '## Parse\n\n'
    printf 'BenchmarkDotNet (`bench/EtfData.Benchmarks`, in process, 1 launch, 5 warm-ups, 5 iterations: a short job, so read the Error column) over the parsers; inputs are the fake upstream'"'"'s own payloads parsed from memory. MB/s = input bytes (10^6) / mean time; Alloc/holding and Alloc/item = allocated bytes per operation / items parsed. `bench/results/parsers.md` describes the benchmarks and the floors (`XmlReader…TextOnly`: an `XmlReader` that only reads, measured in the same run).\n\n'
    bench_parse_nport "$dir/nport.table"
    printf '\n### N-PORT (`NportXmlParser`, the demo'"'"'s AGG report repeated)\n\n'
    cat "$dir/nport.table"
    printf '\n### Chart and holdings files\n\n'
    bench_parse_table "$sources"
  } >"$md"
}
