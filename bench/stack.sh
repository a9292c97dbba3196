# Shared by bench/run.sh and bench/faults.sh (sourced, not run): tools, the Release build, and starting and
# stopping the whole stack through the AppHost on free ports with a fresh data folder. Whatever was started
# is stopped on exit, also on failure or Ctrl+C. Expects ROOT to be set.

log() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
load1() { cut -d' ' -f1 /proc/loadavg; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }

# --- tools ------------------------------------------------------------------------------------------
need_packages=()
command -v wrk >/dev/null || need_packages+=(wrk)
command -v curl >/dev/null || need_packages+=(curl)
if ((${#need_packages[@]})); then
  [[ $(id -u) == 0 ]] || { echo "install ${need_packages[*]} first (apt-get install -y ${need_packages[*]})" >&2; exit 1; }
  log "installing ${need_packages[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_packages[@]}" >/dev/null
fi

log "building Release"
dotnet build "$ROOT/Soldr.AppHost/Soldr.AppHost.csproj" -c Release -nologo -v quiet >/dev/null
dotnet build "$ROOT/bench/Soldr.Bench/Soldr.Bench.csproj" -c Release -nologo -v quiet >/dev/null
APPHOST_DLL="$ROOT/Soldr.AppHost/bin/Release/net10.0/Soldr.AppHost.dll"
BENCH_DLL="$ROOT/bench/Soldr.Bench/bin/Release/net10.0/Soldr.Bench.dll"
export BENCH_PAYLOAD="$ROOT/bench/payload.json"
bench() { dotnet "$BENCH_DLL" "$@"; }

# --- start and stop ---------------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/soldr-bench.XXXXXX)
# As root PostgreSQL runs as an unprivileged user, which must be able to reach the data folder.
chmod 755 "$WORK"
HELPERS=()
APPHOST_PID=""
STACK_PIDS=()

# Whether some process still works in the data folder (PostgreSQL's run in it), by their working folders.
data_in_use() {
  local p
  for p in /proc/[0-9]*; do
    [[ $(readlink "$p/cwd" 2>/dev/null) == "$WORK"/* ]] && return 0
  done
  return 1
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  # A process paused (SIGSTOP) by a scenario would not stop; scenarios run in the background say which in a file.
  for pid in ${PAUSED_PIDS:-} $(cat "$WORK/paused" 2>/dev/null); do kill -CONT "$pid" 2>/dev/null || true; done
  for pid in "${HELPERS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  if [[ -n $APPHOST_PID ]] && kill -0 "$APPHOST_PID" 2>/dev/null; then
    log "stopping the stack"
    local stop_started=$SECONDS
    kill -INT "$APPHOST_PID" 2>/dev/null || true
    for _ in $(seq 90); do kill -0 "$APPHOST_PID" 2>/dev/null || break; sleep 1; done
    if kill -0 "$APPHOST_PID" 2>/dev/null; then
      kill -KILL "$APPHOST_PID" 2>/dev/null || true
      # What it started would outlive it: stop those processes one by one.
      for pid in "${STACK_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    fi
    log "the AppHost exited after $((SECONDS - stop_started)) s"
  fi
  for pid in "${HELPERS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  # PostgreSQL has been seen writing its log just after the AppHost exited, and deleting the folder under
  # it then fails on the file it creates; so the delete waits until no process works in the folder.
  for _ in $(seq 30); do data_in_use || break; sleep 1; done
  if ((status == 0)) && [[ -z ${BENCH_KEEP:-} ]]; then
    rm -rf "$WORK"
  else
    log "logs and data kept in $WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Job control gives every background process its own process group and, unlike a script's default, leaves
# SIGINT to them, so the AppHost can be stopped with Ctrl+C like a person would.
set -m

# stack_start <AppHost arguments...>: the receiver on RECEIVER_PORT, then the AppHost with ingest, UI and API
# on INGEST_PORT, UI_PORT and API_PORT; sets RECEIVER, APPHOST_PID, STACK_PIDS, INGEST_PID, WORKER_PID,
# POSTGRES_PID, INGEST and ConnectionStrings__soldr (exported: the bench tool reaches PostgreSQL as the worker does).
stack_start() {
  dotnet "$BENCH_DLL" receiver --port "$RECEIVER_PORT" >"$WORK/receiver.log" 2>&1 & RECEIVER_PID=$!; HELPERS+=("$RECEIVER_PID")
  RECEIVER="http://127.0.0.1:$RECEIVER_PORT"
  log "starting the stack (data in $WORK/data, ingest on $INGEST_PORT)"
  # From the AppHost's own folder, as "dotnet run" does. Without the dashboard, which would also have the
  # services export every span, log line and metric to it on the same cores (BENCH_DASHBOARD=1 keeps it).
  local dashboard=(--no-dashboard)
  [[ -n ${BENCH_DASHBOARD:-} ]] && dashboard=(--dashboard-port 0)
  env -C "$(dirname "$APPHOST_DLL")" ASPIRE_ALLOW_UNSECURED_TRANSPORT=true dotnet "$APPHOST_DLL" \
    --data-dir "$WORK/data" --ingest-port "$INGEST_PORT" --ui-port "$UI_PORT" --api-port "$API_PORT" "${dashboard[@]}" \
    "$@" >"$WORK/apphost.log" 2>&1 &
  APPHOST_PID=$!
  for _ in $(seq 240); do
    grep -q "Soldr is running" "$WORK/apphost.log" && break
    kill -0 "$APPHOST_PID" 2>/dev/null || { tail -20 "$WORK/apphost.log" >&2; exit 1; }
    sleep 1
  done
  grep -q "Soldr is running" "$WORK/apphost.log" || { tail -20 "$WORK/apphost.log" >&2; echo "the stack did not start" >&2; exit 1; }

  # Aspire's orchestrator starts the processes, not the AppHost itself; each of this stack's mentions its
  # data folder or a secret kept there.
  mapfile -t STACK_PIDS < <(stack_pids)
  INGEST_PID=$(service_pid Soldr.Ingest)
  WORKER_PID=$(service_pid Soldr.Worker)
  POSTGRES_PID=$(service_pid postgres)
  [[ -n $INGEST_PID && -n $WORKER_PID ]] || { echo "ingest or worker process not found" >&2; exit 1; }
  export ConnectionStrings__soldr
  ConnectionStrings__soldr=$(tr '\0' '\n' <"/proc/$WORKER_PID/environ" | sed -n 's/^ConnectionStrings__soldr=//p')
  INGEST="http://127.0.0.1:$INGEST_PORT"
}

stack_pids() {
  local secret p
  secret=$(cat "$WORK/data/soldr-db-password")
  for p in /proc/[0-9]*; do
    [[ ${p#/proc/} == "$$" ]] && continue
    grep -qsF -e "$WORK/data" -e "$secret" "$p/cmdline" "$p/environ" && echo "${p#/proc/}"
  done
}

service_pid() { # the pid of this stack's process whose program is the one named (not "dotnet run" for it)
  local program=$1 pid argv0
  for pid in "${STACK_PIDS[@]}"; do
    argv0=$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | head -1)
    [[ $argv0 == */"$program" ]] && { echo "$pid"; return; }
  done
}

# snapshot <pid> <name>: keeps what it takes to start a process again alike, even once it is gone: its
# environment, working folder, command line, and the user it runs as when that is not ours.
snapshot() {
  local pid=$1 name=$2
  cp "/proc/$pid/environ" "$WORK/$name.env"
  cp "/proc/$pid/cmdline" "$WORK/$name.cmd"
  readlink "/proc/$pid/cwd" >"$WORK/$name.cwd"
  local user; user=$(stat -c %U "/proc/$pid")
  if [[ $user != "$(id -un)" ]]; then echo "$user" >"$WORK/$name.user"; else rm -f "$WORK/$name.user"; fi
}

# start_snapshot <name> <log> [VAR=value...]: starts a process from its snapshot, with the variables given
# added, as the user it ran as (PostgreSQL refuses root); prints the new pid.
start_snapshot() {
  local name=$1 out=$2; shift 2
  local -a env cmd prefix=()
  mapfile -d '' env <"$WORK/$name.env"
  mapfile -d '' cmd <"$WORK/$name.cmd"
  if [[ -f $WORK/$name.user ]]; then
    local user; user=$(cat "$WORK/$name.user")
    prefix=(setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups --)
  fi
  "${prefix[@]}" env -i -C "$(cat "$WORK/$name.cwd")" "${env[@]}" "$@" "${cmd[@]}" >"$out" 2>&1 &
  echo $!
}
