#!/usr/bin/env bash
# Takes a screenshot of the Hawtio console's Camel routes view during a real run: the sandbox, `run` on a fast
# schedule against it, a console login, headless Chromium (Debian's `chromium` package). Writes docs/console-routes.png
# (or the path given as the first argument). Needs: java 17, a built target/holdfast.jar (built here if missing),
# chromium, curl.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=${1:-docs/console-routes.png}
case "$out" in /*) ;; *) out="$root/$out" ;; esac
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$chromium" ] || { echo "console-screenshot: install chromium (apt-get install chromium)" >&2; exit 1; }
[ -f target/holdfast.jar ] || mvn -B -q package -DskipTests

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sandbox_port=$(free_port)
console_port=$(free_port)
# a throw-away password for this run only, handed over in the environment as operators do
export HOLDFAST_CONSOLE_OPERATOR_PASSWORD="shot-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

(cd "$work" && exec java -jar "$root/target/holdfast.jar" sandbox --port "$sandbox_port" >sandbox.log 2>&1) &
pids+=($!)
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$sandbox_port/" && break; sleep 0.2; done

# from the work folder, so the jar's own routes and settings are used; every run re-checks the whole sandbox
# the sandbox's public demo client; a real secret would come from the environment the same way
(cd "$work" && GENESYS_CLIENT_ID=holdfast-demo GENESYS_CLIENT_SECRET=holdfast-demo exec java -jar "$root/target/holdfast.jar" run \
  --genesys.api-url="http://127.0.0.1:$sandbox_port" --genesys.login-url="http://127.0.0.1:$sandbox_port" \
  --holdfast.media.allowed-hosts=localhost --holdfast.schedule='0/10 * * * * ?' \
  --holdfast.http.port="$console_port" --holdfast.db.url="jdbc:h2:file:$work/data/holdfast" \
  --holdfast.file.dir="$work/export" --holdfast.spool-dir="$work/spool" >run.log 2>&1) &
pids+=($!)

base="http://127.0.0.1:$console_port"
echo "console-screenshot: waiting for the first run to deliver ($base)"
for _ in $(seq 1 240); do
  if curl -s "$base/observe/metrics" 2>/dev/null | grep -Eq '^holdfast_recordings_total\{state="delivered"\} [1-9]'; then
    break
  fi
  sleep 0.5
done
curl -s "$base/observe/metrics" | grep -E '^holdfast_recordings_total\{state="delivered"\} [1-9]' \
  || { echo "console-screenshot: no delivery; see $work/run.log" >&2; tail -30 "$work/run.log" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
java "$root/scripts/ConsoleScreenshot.java" "$chromium" "$base" operator "$out"
