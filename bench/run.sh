#!/usr/bin/env bash
# The Holdfast performance benchmark (issue 7): builds the jar, then starts the Genesys sandbox with seeded
# scenarios and measures `holdfast export` and a sequential tutorial-style baseline against it.
# Usage: bench/run.sh [options]     (bench/run.sh --help lists them; with none it runs every suite)
# Needs Java 17 and Maven; GNU time (/usr/bin/time, Debian package "time") for peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/time ]; then
  echo "bench: /usr/bin/time not found: peak RSS will be reported as -1 (install GNU time to measure it)" >&2
fi
mvn -B -q package -DskipTests
exec java -cp target/holdfast.jar:target/test-classes dev.holdfast.bench.Benchmark "$@"
