#!/usr/bin/env bash
# Soldr under faults: the whole stack on free ports, a webhook delivering to a local receiver, and a steady
# open-loop sender (150 requests a second for 20 seconds by default) while one part is broken on purpose
# from the 5th second to the 13th:
#
#   worker-kill      the worker is killed (SIGKILL) and started again 3 seconds later
#   postgres-stop    PostgreSQL is shut down (fast shutdown) and started again 8 seconds later
#   postgres-freeze  every PostgreSQL process is frozen (SIGSTOP) and thawed (SIGCONT) 8 seconds later
#   ingest-kill      ingest is killed (SIGKILL) and started again 2 seconds later
#
# For each it prints what was sent, accepted (answered 2xx), delivered (distinct requests the receiver got),
# delivered more than once, and lost (accepted but never delivered), once deliveries have settled.
#
#   bench/faults.sh [scenario...]      all four when none is named; RATE=150 SECONDS_=20 change the load
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCENARIOS=("$@")
((${#SCENARIOS[@]})) || SCENARIOS=(worker-kill postgres-stop postgres-freeze ingest-kill)
RATE=${RATE:-150}
SECONDS_=${SECONDS_:-20}
BREAK_AT=5

source "$ROOT/bench/stack.sh"

read -r RECEIVER_PORT INGEST_PORT UI_PORT API_PORT < <(bench free-port --count 4)
stack_start "--Soldr:Webhooks:faults:Destinations:0:Url=http://127.0.0.1:$RECEIVER_PORT/hook" "--Soldr:Jobs:Purge:Schedule=off"

# Every PostgreSQL process: the postmaster and its children (backends and background workers).
postgres_pids() { echo "$POSTGRES_PID" $(pgrep -P "$POSTGRES_PID"); }

wait_healthy() { # url
  for _ in $(seq 60); do curl -fs "$1" >/dev/null && return; sleep 0.5; done
  echo "$1 did not come back" >&2; exit 1
}

# stop_and_start <pid> <signal> <seconds> <name>: stops a process with the signal, waits until it is gone,
# and after the pause starts it again alike; the new pid goes to $WORK/<name>.pid for the main loop.
stop_and_start() {
  local pid=$1 signal=$2 pause=$3 name=$4
  snapshot "$pid" "$name"
  log "  stopping $name (pid $pid, SIG$signal)"
  kill "-$signal" "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  sleep "$pause"
  start_snapshot "$name" "$WORK/$name-again.log" >"$WORK/$name.pid"
  log "  $name started again (pid $(cat "$WORK/$name.pid"))"
}

# Breaks the part the scenario names at BREAK_AT seconds into the run, and mends it.
break_and_mend() {
  sleep "$BREAK_AT"
  case $1 in
    worker-kill) stop_and_start "$WORKER_PID" KILL 3 worker ;;
    ingest-kill) stop_and_start "$INGEST_PID" KILL 2 ingest ;;
    postgres-stop) stop_and_start "$POSTGRES_PID" INT 8 postgres ;; # a fast shutdown
    postgres-freeze)
      local pids; pids=$(postgres_pids)
      log "  freezing PostgreSQL ($(wc -w <<<"$pids") processes)"
      echo "$pids" >"$WORK/paused"
      # shellcheck disable=SC2086
      kill -STOP $pids
      sleep 8
      # shellcheck disable=SC2086
      kill -CONT $pids
      rm -f "$WORK/paused"
      log "  PostgreSQL thawed" ;;
  esac
}

# The receiver's count must stand still for a while before what it has is final.
settled() {
  local last=-1 count same=0
  for _ in $(seq 240); do
    count=$(curl -fsS "$RECEIVER/_stats" | sed -n 's/^RECV_COUNT=//p')
    if [[ $count == "$last" ]]; then same=$((same + 1)); else same=0; fi
    ((same >= 10)) && return
    last=$count
    sleep 1
  done
}

printf '\n%-16s %6s %9s %10s %11s %5s\n' scenario sent accepted delivered duplicates lost
RESULTS=()
for scenario in "${SCENARIOS[@]}"; do
  log "$scenario: $RATE/s for ${SECONDS_} s, broken at ${BREAK_AT} s"
  curl -fsS -X POST "$RECEIVER/_reset" >/dev/null
  break_and_mend "$scenario" & BREAKER=$!
  eval "$(bench pace --url "$INGEST/w/faults/events" --rate "$RATE" --seconds "$SECONDS_" --acked "$WORK/$scenario.acked")"
  wait "$BREAKER"
  # What was restarted is the one to break next time.
  [[ -f $WORK/worker.pid ]] && { WORKER_PID=$(cat "$WORK/worker.pid"); HELPERS+=("$WORKER_PID"); rm "$WORK/worker.pid"; }
  [[ -f $WORK/ingest.pid ]] && { INGEST_PID=$(cat "$WORK/ingest.pid"); HELPERS+=("$INGEST_PID"); rm "$WORK/ingest.pid"; wait_healthy "$INGEST/alive"; }
  [[ -f $WORK/postgres.pid ]] && { POSTGRES_PID=$(cat "$WORK/postgres.pid"); HELPERS+=("$POSTGRES_PID"); rm "$WORK/postgres.pid"; }
  settled
  curl -fsS "$RECEIVER/_seqs" | sed '/^$/d' | sort >"$WORK/$scenario.received"
  sort "$WORK/$scenario.acked" -o "$WORK/$scenario.acked"
  eval "$(curl -fsS "$RECEIVER/_stats")"
  accepted=$(wc -l <"$WORK/$scenario.acked")
  delivered=$(wc -l <"$WORK/$scenario.received")
  lost=$(comm -23 "$WORK/$scenario.acked" "$WORK/$scenario.received" | wc -l)
  RESULTS+=("$(printf '%-16s %6s %9s %10s %11s %5s' "$scenario" "$PACE_SENT" "$accepted" "$delivered" "$RECV_E2E_DUPLICATES" "$lost")")
  printf '%s\n' "${RESULTS[-1]}"
done

printf '\n%s\n' "bench/faults.sh ${SCENARIOS[*]} ($RATE requests/s for $SECONDS_ s, broken at $BREAK_AT s, $(nproc) cores, $(date -u +%Y-%m-%d))"
printf '%-16s %6s %9s %10s %11s %5s\n' scenario sent accepted delivered duplicates lost
printf '%s\n' "${RESULTS[@]}"
