-- wrk script for scenarios 1, 2 and 5: every request POSTs the realistic 1 KB webhook in
-- bench/payload.json (path in BENCH_PAYLOAD) with a provider's headers, and done() prints the figures
-- as KEY=value lines for bench/run.sh.
local file = assert(io.open(os.getenv("BENCH_PAYLOAD"), "rb"))
local body = file:read("*a"):gsub("%s+$", "")
file:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
wrk.headers["User-Agent"] = "Stripe/1.0 (+https://stripe.com/docs/webhooks)"
wrk.headers["Stripe-Signature"] = "t=1732262400,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd"

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK_REQUESTS=%d\n", summary.requests))
  io.write(string.format("WRK_RPS=%.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("WRK_P50_MS=%.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("WRK_P99_MS=%.2f\n", latency:percentile(99) / 1000))
  io.write(string.format("WRK_P999_MS=%.2f\n", latency:percentile(99.9) / 1000))
  io.write(string.format("WRK_MAX_MS=%.2f\n", latency.max / 1000))
  io.write(string.format("WRK_ERRORS=%d\n", e.connect + e.read + e.write + e.timeout + e.status))
end
