#!/usr/bin/env bash
# Soldr's benchmark suite: builds Release, starts the whole stack (PostgreSQL, Redis, ingest, worker,
# admin) through the AppHost on free ports with a fresh data folder, runs scenarios 1-8 of
# docs/benchmarks.md, prints one table and writes it into docs/benchmarks.md.
#
#   bench/run.sh            full run (about 13 minutes after the build; needs about 10 GB free in /tmp)
#   bench/run.sh --quick    smaller sizes and shorter runs (about 3.5 minutes after the build)
#   bench/run.sh [--quick] --only fairness
#                           scenario 8 alone, after the stack's start and warm-up; prints its row and
#                           leaves docs/benchmarks.md as it is (about 2.5 minutes after the build, 1 with --quick)
#   bench/run.sh [--quick] --only drains
#                           scenario 6's drain three times (100,000 with --quick, else 1,000,000), each
#                           with the CPU each part used; leaves docs/benchmarks.md as it is (about 1.5
#                           minutes after the build with --quick)
#
# Scenario 8 (fairness) adds about 2 minutes to a full run and 40 seconds to a quick one.
#
# Benchmarks are not tests: nothing here fails on a time. The script fails only if something could not
# be measured at all. Whatever it started is stopped on exit, also on failure or Ctrl+C.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODE=full
ONLY=""
COMMAND="bench/run.sh${*:+ $*}"
usage() { echo "usage: bench/run.sh [--quick] [--only fairness|drains]" >&2; exit 2; }
while (($#)); do
  case $1 in
    --quick) MODE=quick ;;
    --only) [[ ${2:-} == fairness || ${2:-} == drains ]] || usage; ONLY=$2; shift ;;
    *) usage ;;
  esac
  shift
done

if [[ $MODE == quick ]]; then
  WRK_SECONDS=8; BACKLOG=10000; WARM_BACKLOG=2000; PACE_SECONDS=10; PURGE_ROWS=100000; BIG_BACKLOG=100000; BIG_WAIT=15
  HF_BACKLOG=2000; FAIR_BACKLOG=20000
else
  WRK_SECONDS=30; BACKLOG=200000; WARM_BACKLOG=20000; PACE_SECONDS=30; PURGE_ROWS=1000000; BIG_BACKLOG=1000000; BIG_WAIT=240
  HF_BACKLOG=10000; FAIR_BACKLOG=200000
fi
CONNECTIONS=64
THREADS=2
PACE_RATE=1000
LOOP_CONCURRENCY=16   # the worker's default MaxConcurrencyPerDestination: same parallelism per destination
FAIR_RATE=100         # scenario 8: requests a second for the webhook whose deliveries should stay fresh
FAIR_SLOW_MS=200      # scenario 8: how long the backlogged webhook's destination takes to answer

source "$ROOT/bench/stack.sh"

read -r RECEIVER_PORT CEILING_PORT INGEST_PORT UI_PORT API_PORT WORKER2_PORT FLOOR_PORT SLOW_PORT < <(bench free-port --count 8)
dotnet "$BENCH_DLL" ceiling --port "$CEILING_PORT" >"$WORK/ceiling.log" 2>&1 & HELPERS+=($!)
# Scenario 8's slow destination: a second receiver, so that what it got is counted apart from the fast one.
dotnet "$BENCH_DLL" receiver --port "$SLOW_PORT" --delay-ms "$FAIR_SLOW_MS" >"$WORK/slow-receiver.log" 2>&1 & HELPERS+=($!)
SLOW_RECEIVER="http://127.0.0.1:$SLOW_PORT"
# The purge's schedule is off: scenario 5 starts it through the management API, like an operator would,
# at the moment it wants. The webhook 'bench' delivers to the receiver; scenario 2 posts to a name that is
# not declared, so ingest saves those requests as unroutable and the worker has nothing to send. Scenario 8's
# webhooks: 'fresh' delivers to the receiver, 'slow' to the slow receiver.
stack_start "--Soldr:Webhooks:bench:Destinations:0:Url=http://127.0.0.1:$RECEIVER_PORT/hook" "--Soldr:Jobs:Purge:Schedule=off" \
  "--Soldr:Webhooks:fresh:Destinations:0:Url=http://127.0.0.1:$RECEIVER_PORT/fresh" \
  "--Soldr:Webhooks:slow:Destinations:0:Url=$SLOW_RECEIVER/slow"
# Scenario 2's second yardstick writes to the stack's PostgreSQL, so it starts once that is up.
dotnet "$BENCH_DLL" durable-floor --port "$FLOOR_PORT" >"$WORK/durable-floor.log" 2>&1 & FLOOR_PID=$!; HELPERS+=("$FLOOR_PID")
for _ in $(seq 30); do grep -q "listening" "$WORK/durable-floor.log" && break; sleep 1; done
grep -q "listening" "$WORK/durable-floor.log" || { cat "$WORK/durable-floor.log" >&2; echo "the durable floor did not start" >&2; exit 1; }

# --- where the time goes: CPU of each part of the stack, and what PostgreSQL's statements wait on ----
HZ=$(getconf CLK_TCK)
tree_ticks() { # CPU ticks used so far by a process and its descendants
  local sum child
  # Own time plus that of children already reaped: PostgreSQL's backends come and go, and what an ended
  # one used moves into the postmaster's cutime and cstime.
  sum=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat" 2>/dev/null || echo 0)
  for child in $(pgrep -P "$1"); do sum=$((sum + $(tree_ticks "$child"))); done
  echo "$sum"
}
cpu_start() { # [pid of a yardstick to count too]
  CPU_T0=$(date +%s.%N); CPU_I0=$(tree_ticks "$INGEST_PID"); CPU_W0=$(tree_ticks "$WORKER_PID"); CPU_P0=$(tree_ticks "${POSTGRES_PID:-$$}")
  CPU_R0=$(tree_ticks "$RECEIVER_PID")
  CPU_Y=${1:-}; CPU_Y0=$( [[ -n $CPU_Y ]] && tree_ticks "$CPU_Y" || echo 0)
}
cpu_report() { # share of all cores used by ingest, worker, PostgreSQL, the receiver (and the yardstick) since cpu_start
  local seconds; seconds=$(awk "BEGIN { print $(date +%s.%N) - $CPU_T0 }")
  awk -v i=$(($(tree_ticks "$INGEST_PID") - CPU_I0)) -v w=$(($(tree_ticks "$WORKER_PID") - CPU_W0)) \
      -v p=$(($(tree_ticks "${POSTGRES_PID:-$$}") - CPU_P0)) -v r=$(($(tree_ticks "$RECEIVER_PID") - CPU_R0)) \
      -v y=$( [[ -n $CPU_Y ]] && echo $(($(tree_ticks "$CPU_Y") - CPU_Y0)) || echo -1) \
      -v hz="$HZ" -v s="$seconds" -v n="$(nproc)" \
      'BEGIN { printf "CPU (share of all %d cores): ingest %.0f%%, worker %.0f%%, PostgreSQL %.0f%%, receiver %.0f%%", n, 100*i/hz/s/n, 100*w/hz/s/n, 100*p/hz/s/n, 100*r/hz/s/n
               if (y >= 0) printf ", the yardstick %.0f%%", 100*y/hz/s/n }'
}
waits_start() { bench pg-waits --seconds "$1" >"$WORK/waits.txt" 2>&1 & WAITS_PID=$!; }
waits_report() { # called inside $(...), a subshell that cannot 'wait' for the sampler, so it polls
  while kill -0 "$WAITS_PID" 2>/dev/null; do sleep 0.2; done
  echo "PostgreSQL: $(cat "$WORK/waits.txt")"
}
declare -A WHERE

reset_peak() { echo 5 >"/proc/$1/clear_refs"; }  # restarts VmHWM from the current resident size
peak_mb() { awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
reset_receiver() { curl -fsS -X POST "$RECEIVER/_reset" >/dev/null; }
wrk_run() { # url -> WRK_* variables
  eval "$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WRK_SECONDS}s" --timeout 10s -s "$ROOT/bench/post.lua" "$1" | grep '^WRK_')"
}
settle() { sleep 3; } # lets the previous scenario's stragglers finish before the next one starts
vacuum_history() { bench sql --query "VACUUM (ANALYZE) requests, deliveries, attempts" >/dev/null; }
yes_no() { awk "BEGIN { print ($1) ? \"yes\" : \"no\" }"; }
# A seeded backlog wakes no worker: it is found at the worker's next poll, up to a second later, which is
# part of the drain's time and shown beside it.
first_s() { calc %.2f "$1 / 1000"; }
TABLE_HEAD='| # | scenario | result | compared with (same run) | ratio | target | met | load |
|---|---|---|---|---|---|---|---|'

# --- 8. fairness: one webhook's backlog and another's fresh deliveries -------------------------------
# Defined here, run after 3h (or alone with --only fairness). The same paced load on webhook 'fresh', first
# with nothing else queued, then while the worker works on a backlog of webhook 'slow', seeded as scenario 3
# seeds its own, whose destination answers each delivery after FAIR_SLOW_MS.
fair() { eval "$("$@" | sed 's/^/FAIR_/')"; } # its KEY=value lines read as FAIR_KEY: scenario 4's figures stay
fresh_run() { # seconds -> FAIR_PACE_*, FAIR_RECV_* of 'fresh' once all arrived; SLOW_SENT: what 'slow' got meanwhile
  reset_receiver; curl -fsS -X POST "$SLOW_RECEIVER/_reset" >/dev/null
  fair bench pace --url "$INGEST/w/fresh/events" --rate "$FAIR_RATE" --seconds "$1"
  SLOW_SENT=$(curl -fsS "$SLOW_RECEIVER/_stats" | sed -n 's/^RECV_COUNT=//p')
  fair bench wait-delivered --receiver "$RECEIVER" --count "$FAIR_PACE_SENT" --since 0 --timeout-s 30
  fair curl -fsS "$RECEIVER/_stats"
}
fairness() {
  LOAD[8]=$(load1); log "8. fairness: 'fresh' at $FAIR_RATE/s for ${PACE_SECONDS}s, idle, then beside a backlog of $FAIR_BACKLOG for 'slow' (load $(load1))"
  fresh_run 3 # a warm-up, not measured: the worker's sends to this destination and their connections
  settle
  fresh_run "$PACE_SECONDS"
  FI_P50=$FAIR_RECV_E2E_P50_MS FI_P99=$FAIR_RECV_E2E_P99_MS FI_MAX=$FAIR_RECV_E2E_MAX_MS FI_N=$FAIR_RECV_E2E_N FI_SENT=$FAIR_PACE_SENT
  settle
  fair bench seed --count "$FAIR_BACKLOG" --webhook slow
  # The window opens once the worker is sending the backlog: a seed commits without waking it.
  fair bench wait-delivered --receiver "$SLOW_RECEIVER" --count 1 --since "$FAIR_SEED_COMMITTED_TICKS" --timeout-s 30
  fresh_run "$PACE_SECONDS"
  FB_P50=$FAIR_RECV_E2E_P50_MS FB_P99=$FAIR_RECV_E2E_P99_MS FB_MAX=$FAIR_RECV_E2E_MAX_MS FB_N=$FAIR_RECV_E2E_N FB_SENT=$FAIR_PACE_SENT
  FB_RATE=$FAIR_PACE_ACHIEVED_RATE SLOW_IN_WINDOW=$SLOW_SENT
  FAIR_RATIO=-; FAIR_MET=no
  if [[ $FI_P99 != - && $FB_P99 != - ]]; then
    FAIR_RATIO=$(calc %.2f "$FB_P99 / $FI_P99"); FAIR_MET=$(yes_no "$FB_P99 <= 3 * $FI_P99")
  fi
  # At its pace what is left of the backlog would take the rest of the run and more: cancelled, by the
  # statement the management API's cancellation runs (here without its request's time limit, which a
  # million-row backlog could pass), and vacuumed away before the next scenario.
  local cancelled before=-1 now
  cancelled=$(bench sql --query "WITH cancelled AS (UPDATE deliveries d SET state = 'cancelled', completed_at = now()
    FROM destinations t JOIN webhooks w ON w.id = t.webhook_id
    WHERE t.id = d.destination_id AND w.name = 'slow' AND d.state IN ('pending', 'held') RETURNING 1) SELECT count(*) FROM cancelled")
  log "  cancelled the $cancelled deliveries left of the backlog"
  # What the worker had claimed before is still sent, as a cancellation leaves deliveries under a lease to
  # finish: the scenario ends once the slow receiver has heard nothing for a second.
  for _ in $(seq 30); do
    now=$(curl -fsS "$SLOW_RECEIVER/_stats" | sed -n 's/^RECV_COUNT=//p')
    [[ $now == "$before" ]] && break
    before=$now; sleep 1
  done
  vacuum_history
}
fairness_row() {
  echo "| 8 | fairness: webhook 'fresh' at $FAIR_RATE req/s for $PACE_SECONDS s, ingest to receiver, while webhook 'slow' (its destination answering in $FAIR_SLOW_MS ms) has a backlog of $FAIR_BACKLOG | p50/p99/max $FB_P50 / $FB_P99 / $FB_MAX ms ($FB_N of $FB_SENT arrived, sent at $FB_RATE/s); 'slow' sent $SLOW_IN_WINDOW meanwhile ($(calc %.0f "$SLOW_IN_WINDOW / $PACE_SECONDS")/s) | the same load with no backlog: p50/p99/max $FI_P50 / $FI_P99 / $FI_MAX ms ($FI_N of $FI_SENT arrived) | $FAIR_RATIO | p99 ≤ 3 × with no backlog | $FAIR_MET | ${LOAD[8]} |"
}

declare -A LOAD
log "warming up"
WRK_SECONDS_SAVED=$WRK_SECONDS; WRK_SECONDS=3
wrk_run "http://127.0.0.1:$CEILING_PORT/w/ingest-only/events"; wrk_run "$INGEST/w/ingest-only/events"
wrk_run "http://127.0.0.1:$FLOOR_PORT/w/ingest-only/events"
WRK_SECONDS=$WRK_SECONDS_SAVED; settle

drain() { # count [timeout] [label] -> DELIVERY_* variables; the clock starts when the backlog commits
  reset_receiver
  eval "$(bench seed --count "$1" --webhook bench)"
  if [[ -n ${3:-} ]]; then cpu_start; waits_start "$WRK_SECONDS"; fi
  eval "$(bench wait-delivered --receiver "$RECEIVER" --count "$1" --since "$SEED_COMMITTED_TICKS" --timeout-s "${2:-600}")"
  if [[ -n ${3:-} ]]; then WHERE[$3]="$(cpu_report). $(waits_report)"; fi
}

if [[ $ONLY == fairness ]]; then
  fairness
  printf '\n%s\n%s\n' "$TABLE_HEAD" "$(fairness_row)"
  exit 0
fi

if [[ $ONLY == drains ]]; then
  drain "$WARM_BACKLOG"
  for i in 1 2 3; do
    vacuum_history; settle
    log "drain $i of $BIG_BACKLOG, one worker (load $(load1))"
    cpu_start
    drain "$BIG_BACKLOG" "$BIG_WAIT"
    echo "drain $i of $BIG_BACKLOG by one worker: $DELIVERY_RATE deliveries/s ($DELIVERED in $DELIVERY_SECONDS s, the first $(first_s "$DELIVERY_FIRST_AFTER_MS") s after the commit); $(cpu_report)"
  done
  exit 0
fi

# --- 1. ceiling -------------------------------------------------------------------------------------
LOAD[1]=$(load1); log "1. ceiling (load $(load1))"
wrk_run "http://127.0.0.1:$CEILING_PORT/w/ingest-only/events"
C_RPS=$WRK_RPS C_P50=$WRK_P50_MS C_P99=$WRK_P99_MS C_P999=$WRK_P999_MS
settle

# --- 2. ingest --------------------------------------------------------------------------------------
LOAD[2]=$(load1); log "2. ingest (load $(load1))"
reset_peak "$INGEST_PID"; reset_peak "$WORKER_PID"
cpu_start; waits_start "$((WRK_SECONDS - 1))"
wrk_run "$INGEST/w/ingest-only/events"
WHERE[2]="$(cpu_report). $(waits_report)"
I_RPS=$WRK_RPS I_P50=$WRK_P50_MS I_P99=$WRK_P99_MS I_P999=$WRK_P999_MS I_ERR=$WRK_ERRORS I_N=$WRK_REQUESTS
MEM_INGEST_2=$(peak_mb "$INGEST_PID"); MEM_WORKER_2=$(peak_mb "$WORKER_PID")
settle

# --- 2f. the durable floor: the least any ingest that commits before it answers does -----------------
LOAD[2f]=$(load1); log "2f. durable floor (load $(load1))"
cpu_start "$FLOOR_PID"; waits_start "$((WRK_SECONDS - 1))"
wrk_run "http://127.0.0.1:$FLOOR_PORT/w/ingest-only/events"
WHERE[2f]="$(cpu_report). $(waits_report)"
F_RPS=$WRK_RPS F_P50=$WRK_P50_MS F_P99=$WRK_P99_MS F_P999=$WRK_P999_MS F_ERR=$WRK_ERRORS
# Stopped now: it drops its table, so the scenarios after it find the database as ingest left it.
kill -TERM "$FLOOR_PID"; wait "$FLOOR_PID" 2>/dev/null || true
settle

# --- 3. delivery, 1 worker --------------------------------------------------------------------------
# Like wrk's warm-up above: the worker's (and the receiver's) sending code is compiled and their connections
# are open before the clock runs, as in a worker that has been up for a while.
log "warming up delivery: a drain of $WARM_BACKLOG, not measured"
drain "$WARM_BACKLOG"
settle
LOAD[3]=$(load1); log "3. delivery of $BACKLOG, one worker (load $(load1))"
reset_peak "$INGEST_PID"; reset_peak "$WORKER_PID"
drain "$BACKLOG" 600 3
D1_RATE=$DELIVERY_RATE D1_S=$DELIVERY_SECONDS D1_N=$DELIVERED D1_FIRST=$DELIVERY_FIRST_AFTER_MS
MEM_INGEST_3=$(peak_mb "$INGEST_PID"); MEM_WORKER_3=$(peak_mb "$WORKER_PID")
settle
reset_receiver
eval "$(bench http-loop --url "$RECEIVER/hook/events" --count "$BACKLOG" --concurrency "$LOOP_CONCURRENCY" --warmup "$WARM_BACKLOG")"
settle

# --- 3f. the delivery floor: the loop plus the least work a queue in PostgreSQL needs ----------------
LOAD[3f]=$(load1); log "3f. delivery floor of $BACKLOG (load $(load1))"
reset_receiver
# It says when its timed drain starts, so the CPU counted is that drain's, not its warm-up's or seeding's.
while read -r line; do
  case $line in
    FLOOR_CLOCK_STARTED) cpu_start ;;
    FLOOR_*=*) eval "$line" ;;
  esac
done < <(bench delivery-floor --url "$RECEIVER/hook/events" --count "$BACKLOG" --concurrency "$LOOP_CONCURRENCY" --warmup "$WARM_BACKLOG")
[[ -n ${FLOOR_RATE:-} ]] || { echo "the delivery floor did not finish" >&2; exit 1; }
WHERE[3f]="$(cpu_report), the yardstick $(calc %.0f "100 * $FLOOR_CPU_SECONDS / $FLOOR_SECONDS / $(nproc)")%"
settle

# --- 7. scale-out: the same backlog with a second worker process --------------------------------------
LOAD[7]=$(load1); log "7. delivery of $BACKLOG, two workers (load $(load1))"
# The second worker gets exactly the first one's environment and command line, on its own health port.
snapshot "$WORKER_PID" worker
WORKER2_PID=$(start_snapshot worker "$WORK/worker-2.log" OTEL_SERVICE_NAME=worker-2 "Kestrel__Endpoints__http__Url=http://127.0.0.1:$WORKER2_PORT" "Soldr__Metrics__Port=$WORKER2_PORT")
HELPERS+=("$WORKER2_PID")
for _ in $(seq 60); do curl -fs "http://127.0.0.1:$WORKER2_PORT/health" >/dev/null && break; sleep 1; done
curl -fs "http://127.0.0.1:$WORKER2_PORT/health" >/dev/null || { tail "$WORK/worker-2.log" >&2; echo "second worker did not start" >&2; exit 1; }
drain "$WARM_BACKLOG"
settle
drain "$BACKLOG"
D2_RATE=$DELIVERY_RATE D2_S=$DELIVERY_SECONDS D2_N=$DELIVERED D2_FIRST=$DELIVERY_FIRST_AFTER_MS
kill -TERM "$WORKER2_PID"; wait "$WORKER2_PID" 2>/dev/null || true
settle

# --- 4. end to end ----------------------------------------------------------------------------------
LOAD[4]=$(load1); log "4. end to end at $PACE_RATE/s for ${PACE_SECONDS}s (load $(load1))"
reset_receiver
eval "$(bench pace --url "$INGEST/w/bench/events" --rate "$PACE_RATE" --seconds "$PACE_SECONDS")"
eval "$(bench wait-delivered --receiver "$RECEIVER" --count "$PACE_SENT" --since 0 --timeout-s 30)"
eval "$(curl -fsS "$RECEIVER/_stats")"
settle

# --- 3s, 3q. Soldr's queue statements without the worker: with the loop's sends, and with none ---------
# The worker is paused (SIGSTOP) so that it does not claim the backlog, and resumed after. After scenario
# 4: their drains and the vacuum that follows write much log, and its checkpoint would share the disk
# with scenario 4's commits.
soldr_queue() { # loop|none label -> QUEUE_* variables
  kill -STOP "$WORKER_PID"; PAUSED_PIDS=$WORKER_PID
  eval "$(bench seed --count "$WARM_BACKLOG" --webhook bench)"
  bench soldr-queue --count "$WARM_BACKLOG" --sends "$1" --url "$RECEIVER/hook/events" >/dev/null
  eval "$(bench seed --count "$BACKLOG" --webhook bench)"
  cpu_start
  eval "$(bench soldr-queue --count "$BACKLOG" --sends "$1" --url "$RECEIVER/hook/events")"
  WHERE[$2]="$(cpu_report), the yardstick $(calc %.0f "100 * $QUEUE_CPU_SECONDS / $QUEUE_SECONDS / $(nproc)")%"
  kill -CONT "$WORKER_PID"; PAUSED_PIDS=""
}
LOAD[3s]=$(load1); log "3s. Soldr's queue statements with the loop's sends, $BACKLOG (load $(load1))"
reset_receiver
soldr_queue loop 3s
QS_RATE=$QUEUE_RATE QS_S=$QUEUE_SECONDS
settle
LOAD[3q]=$(load1); log "3q. Soldr's queue statements with no sends, $BACKLOG (load $(load1))"
soldr_queue none 3q
QN_RATE=$QUEUE_RATE QN_S=$QUEUE_SECONDS
settle

# --- 3h. Hangfire as the delivery queue: each delivery a Hangfire job, for docs/jobs.md ------------------
LOAD[3h]=$(load1); log "3h. Hangfire as the delivery queue, $HF_BACKLOG (load $(load1))"
reset_receiver
eval "$(bench hangfire-queue --url "$RECEIVER/hook/events" --count "$HF_BACKLOG" --concurrency "$LOOP_CONCURRENCY")"
HF_RATE=$HANGFIRE_RATE HF_S=$HANGFIRE_SECONDS
# These two drains leave as many finished deliveries again as scenario 3 and its warm-up did; their
# vacuum runs now rather than as autovacuum during the scenarios that follow.
vacuum_history
settle

# --- 8. fairness (defined above): before 6 and 5, whose drain and purge would share the cores -------
fairness
settle

# --- 6. memory: the worker with a large backlog -----------------------------------------------------
# Before 5: the purge goes on after scenario 5's window, and would share the cores with this drain.
LOAD[6]=$(load1); log "6. worker memory with a backlog of $BIG_BACKLOG (load $(load1))"
reset_peak "$WORKER_PID"
drain "$BIG_BACKLOG" "$BIG_WAIT"
MEM_WORKER_BIG=$(peak_mb "$WORKER_PID"); BIG_DELIVERED=$DELIVERED BIG_RATE=$DELIVERY_RATE BIG_FIRST=$DELIVERY_FIRST_AFTER_MS
settle

# --- 5. purge under load ----------------------------------------------------------------------------
LOAD[5]=$(load1); log "5. ingest without, then during, the purge of $PURGE_ROWS expired requests (load $(load1))"
# History as the worker leaves it, 40 days old: each request delivered once, with its attempt, so the
# purge deletes all three (the webhook keeps requests 30 days, the default).
eval "$(bench seed --count "$PURGE_ROWS" --webhook bench --age-days 40 --deliveries delivered)"
EXPIRED="FROM requests WHERE received_at < now() - interval '35 days'"
# What autovacuum and the next checkpoint would do after such a bulk load, done now: both windows then
# start from the same settled tables, and the comparison is of the purge alone, not of the load's aftermath.
vacuum_history
# CHECKPOINT is the server owner's to run; the AppHost keeps that role's password in the data folder.
ConnectionStrings__soldr=$(sed -e 's/Username=[^;]*/Username=postgres/' -e "s/Password=[^;]*/Password=$(cat "$WORK/data/postgres-password")/" <<<"$ConnectionStrings__soldr") \
  bench sql --query "CHECKPOINT" >/dev/null
wrk_run "$INGEST/w/ingest-only/events"
P0_RPS=$WRK_RPS P0_P99=$WRK_P99_MS
OLDEST=$(bench sql --query "SELECT min(received_at)::text $EXPIRED")
curl -fsS -X POST -H "Authorization: Bearer $(cat "$WORK/data/admin-secret")" "http://127.0.0.1:$API_PORT/api/jobs/purge/trigger" >/dev/null
for _ in $(seq 120); do # the purge has started once the oldest expired request is gone
  [[ $(bench sql --query "SELECT min(received_at)::text $EXPIRED") != "$OLDEST" ]] && break
  sleep 0.5
done
cpu_start; waits_start "$((WRK_SECONDS - 1))"
wrk_run "$INGEST/w/ingest-only/events"
WHERE[5]="$(cpu_report). $(waits_report)"
P1_RPS=$WRK_RPS P1_P99=$WRK_P99_MS
PURGE_LEFT=$(bench sql --query "SELECT count(*) $EXPIRED")
PURGED=$((PURGE_ROWS - PURGE_LEFT))
settle

# --- the table --------------------------------------------------------------------------------------
TABLE=$(cat <<EOF
$TABLE_HEAD
| 1 | ceiling: Kestrel answering 202, wrk ${THREADS} threads, ${CONNECTIONS} connections, ${WRK_SECONDS} s | $C_RPS req/s; p50/p99/p99.9 $C_P50 / $C_P99 / $C_P999 ms | | 1 | | | ${LOAD[1]} |
| 2 | ingest: same wrk load on Soldr.Ingest, each request committed | $I_RPS req/s; p50/p99/p99.9 $I_P50 / $I_P99 / $I_P999 ms; $I_ERR errors of $I_N | ceiling $C_RPS req/s | $(calc %.2f "$I_RPS / $C_RPS") | ≥ 0.5 of ceiling, p99 < 25 ms | $(yes_no "$I_RPS >= 0.5 * $C_RPS && $I_P99 < 25") | ${LOAD[2]} |
| 2f | durable floor: same wrk load on the least a durable ingest does (\`Soldr.Bench durable-floor\`: read the body, insert it, commit, 202) | $F_RPS req/s; p50/p99/p99.9 $F_P50 / $F_P99 / $F_P999 ms; $F_ERR errors; ingest reached $(calc %.2f "$I_RPS / $F_RPS") of it | ceiling $C_RPS req/s | $(calc %.2f "$F_RPS / $C_RPS") | | | ${LOAD[2f]} |
| 3 | delivery: backlog of $BACKLOG drained by 1 worker into a local receiver | $D1_RATE deliveries/s ($D1_N in $D1_S s, the first $(first_s "$D1_FIRST") s after the commit) | HttpClient loop, $LOOP_CONCURRENCY concurrent: $LOOP_RATE req/s | $(calc %.2f "$D1_RATE / $LOOP_RATE") | ≥ 10,000/s and ≥ 0.5 of loop | $(yes_no "$D1_RATE >= 10000 && $D1_RATE >= 0.5 * $LOOP_RATE") | ${LOAD[3]} |
| 3f | delivery floor: the loop plus the least a queue in PostgreSQL needs (\`Soldr.Bench delivery-floor\`: claim 100 per statement, record each batch of outcomes with an attempt row) | $FLOOR_RATE deliveries/s ($FLOOR_DELIVERED in $FLOOR_SECONDS s); 1 worker reached $(calc %.2f "$D1_RATE / $FLOOR_RATE") of it | HttpClient loop: $LOOP_RATE req/s | $(calc %.2f "$FLOOR_RATE / $LOOP_RATE") | | | ${LOAD[3f]} |
| 3s | Soldr's queue with the loop's sends: the worker paused, its claim and record statements run back to back by \`Soldr.Bench soldr-queue --sends loop\` (one claim of 100 and one batch of records under way at a time, as in the worker), each delivery sent as the loop sends it | $QS_RATE deliveries/s ($BACKLOG in $QS_S s); 1 worker reached $(calc %.2f "$D1_RATE / $QS_RATE") of it | HttpClient loop: $LOOP_RATE req/s | $(calc %.2f "$QS_RATE / $LOOP_RATE") | | | ${LOAD[3s]} |
| 3q | Soldr's queue alone: the same statements with no sends (\`--sends none\`: each claimed delivery recorded at once as a 200) | $QN_RATE deliveries/s ($BACKLOG in $QN_S s) | HttpClient loop: $LOOP_RATE req/s | $(calc %.2f "$QN_RATE / $LOOP_RATE") | | | ${LOAD[3q]} |
| 3h | Hangfire as the delivery queue: each delivery a Hangfire job in Hangfire.PostgreSql on the same PostgreSQL (\`Soldr.Bench hangfire-queue\`), drained by a Hangfire server with $LOOP_CONCURRENCY workers, each sending as the loop sends | $HF_RATE deliveries/s ($HF_BACKLOG in $HF_S s) | Soldr's queue with the same sends (3s): $QS_RATE deliveries/s | $(calc %.2f "$HF_RATE / $QS_RATE") | | | ${LOAD[3h]} |
| 4 | end to end: $PACE_RATE req/s for $PACE_SECONDS s, ingest to receiver | p50/p99/max $RECV_E2E_P50_MS / $RECV_E2E_P99_MS / $RECV_E2E_MAX_MS ms ($RECV_E2E_N of $PACE_SENT arrived, sent at $PACE_ACHIEVED_RATE/s) | ingest's own answer p50/p99 $PACE_ACK_P50_MS / $PACE_ACK_P99_MS ms | | p99 < 100 ms | $(yes_no "\"$RECV_E2E_P99_MS\" != \"-\" && $RECV_E2E_P99_MS < 100") | ${LOAD[4]} |
| 5 | purge under load: scenario 2's load while the purge deletes $PURGE_ROWS expired requests | p99 $P1_P99 ms, $P1_RPS req/s; $PURGED purged by the end of the window | without purge: p99 $P0_P99 ms, $P0_RPS req/s | $(calc %.2f "$P1_P99 / $P0_P99") | p99 ≤ 1.2 × without | $(yes_no "$P1_P99 <= 1.2 * $P0_P99") | ${LOAD[5]} |
| 6 | memory: peak RSS (VmHWM) | ingest $MEM_INGEST_2 MB, worker $MEM_WORKER_2 MB during 2; ingest $MEM_INGEST_3 MB, worker $MEM_WORKER_3 MB during 3; worker $MEM_WORKER_BIG MB with a backlog of $BIG_BACKLOG ($BIG_DELIVERED delivered at $BIG_RATE/s, the first $(first_s "$BIG_FIRST") s after the commit) | | | worker < 300 MB with 1,000,000 | $( ((BIG_BACKLOG >= 1000000)) && yes_no "$MEM_WORKER_BIG < 300" || echo "n/a (smaller backlog)") | ${LOAD[6]} |
| 7 | scale-out: scenario 3 with 2 worker processes | $D2_RATE deliveries/s ($D2_N in $D2_S s, the first $(first_s "$D2_FIRST") s after the commit) | 1 worker: $D1_RATE deliveries/s | $(calc %.2f "$D2_RATE / $D1_RATE") | | | ${LOAD[7]} |
$(fairness_row)
EOF
)

CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
MEM_GB=$(awk '/^MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
OS=$(. /etc/os-release && echo "$PRETTY_NAME")
PG=$(bench sql --query "SELECT split_part(version(), ' on ', 1) || ', synchronous_commit=' || current_setting('synchronous_commit') || ', fsync=' || current_setting('fsync')")
DOTNET=$(dotnet --list-runtimes | sed -n 's/^Microsoft.AspNetCore.App \([^ ]*\).*/ASP.NET Core \1/p' | tail -1)
MACHINE="$(nproc) cores ($CPU), ${MEM_GB} GB memory, $OS, kernel $(uname -r); $PG; .NET SDK $(dotnet --version), $DOTNET"
RESULTS=$(cat <<EOF
Command: \`$COMMAND\` ($MODE), $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown).

Machine: $MACHINE. Load average (1 min) at the start of each scenario is in the last column; the load generators, ingest,
worker, PostgreSQL, Redis and the receiver all share these cores.

$TABLE

Where the time goes (CPU over the scenario from /proc; PostgreSQL's commits per second and the average
number of its statements active in each state, sampled from pg_stat_activity every 200 ms; CPU means
running, WALSync/WALWrite mean waiting for the write-ahead log to reach the disk):

- 2 (ingest): ${WHERE[2]}
- 2f (durable floor): ${WHERE[2f]}
- 3 (delivery, 1 worker; CPU over the whole drain, PostgreSQL over its first ${WRK_SECONDS} s): ${WHERE[3]}
- 3f (delivery floor, CPU over its timed drain): ${WHERE[3f]}
- 3s (Soldr's queue with the loop's sends, CPU over its timed drain): ${WHERE[3s]}
- 3q (Soldr's queue alone, CPU over its timed drain): ${WHERE[3q]}
- 5 (ingest during the purge): ${WHERE[5]}
EOF
)

echo
echo "$RESULTS"
DOC="$ROOT/docs/benchmarks.md"
MARKER='<!-- Everything below is written by bench/run.sh. -->'
if grep -qF "$MARKER" "$DOC" 2>/dev/null; then
  { awk -v marker="$MARKER" '{ print } $0 == marker { exit }' "$DOC"; echo; echo "$RESULTS"; } >"$DOC.new" && mv "$DOC.new" "$DOC"
  log "results written to docs/benchmarks.md"
fi
