#!/usr/bin/env bash
# Runs the Vigil benchmarks (builds them first if needed) and writes JMH's output to
# benchmarks/results/<date>.txt. About 10 minutes on two cores.
#
#   benchmarks/run.sh                 every benchmark, with the flags each group needs
#   benchmarks/run.sh <JMH args...>   one BenchMain run with exactly these arguments,
#                                     for example: benchmarks/run.sh HotPathBench -prof gc
#
# Benchmarks marked @UnderAgent get -javaagent:agent/target/vigil-agent.jar from BenchMain;
# iteration counts and times come from each class's annotations (short: the machine is shared).
# Set JAVA to use another java (default: java on the PATH).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
jar=$root/benchmarks/target/benchmarks.jar
agent=$root/agent/target/vigil-agent.jar
java=${JAVA:-java}

stale() {
  [[ ! -f $jar || ! -f $agent ]] && return 0
  [[ -n $(find "$root"/{annotations,policy,agent,test-apps,benchmarks}/src "$root"/*/pom.xml "$root/pom.xml" \
      -newer "$jar" -type f -print -quit) ]]
}
if stale; then
  echo "building (./mvnw -B -q install -DskipTests)..."
  (cd "$root" && ./mvnw -B -q install -DskipTests)
fi

mkdir -p "$root/benchmarks/results"
out=$root/benchmarks/results/$(date +%F).txt
[[ -e $out ]] && out=$root/benchmarks/results/$(date +%F-%H%M%S).txt

{
  echo "# Vigil benchmarks, $(date -Is)"
  echo "# commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "# host $(uname -srm), $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
  "$java" -version 2>&1 | sed 's/^/# /'
} | tee "$out"

failed=0
bench() {
  echo "# benchmarks/run.sh: $java -cp $jar dev.vigil.bench.BenchMain $*" | tee -a "$out"
  "$java" -cp "$jar" dev.vigil.bench.BenchMain "$@" 2>&1 | tee -a "$out" || failed=1
}

start=$(date +%s)
if [[ $# -gt 0 ]]; then
  bench "$@"
else
  # The hot path and conditions must allocate nothing: -prof gc reports B/op.
  bench 'HotPathBench|HotPathScaleBench|ConditionBench|EnforcerHitBench' -prof gc
  bench 'StoreLookupBench|CacheMissBench|EnforcerMissBench' -prof gc
  bench 'PublishToEnforceBench|FileSaveToEnforceBench'
  bench 'AgentStartupBench|StoreFootprintBench'
fi
echo "# total $(( $(date +%s) - start )) s" | tee -a "$out"
echo "results: $out"

# JMH goes on after a benchmark fails and prints <failure>: fail the run so nobody misses it.
if [[ $failed -ne 0 ]] || grep -q '<failure>' "$out"; then
  echo "some benchmarks FAILED: see <failure> in $out" >&2
  exit 1
fi
