-- wrk script for bench/serve/run. Arguments: "rotate" (each thread walks the scorecard
-- requests of a few units and periods in turn, from its own starting point) or one path
-- to ask only; then "gzip" (accept gzip, as a browser does) or "plain"; then optionally a
-- bearer token to sign in with (a database server answers only signed-in users). The run ends
-- with one line the script reads:
--   nara-bench requests=N p50_ms=X p90_ms=X p99_ms=X max_ms=X errors=N non2xx=N
local units = { "nsh", "vc_varberg", "vc_kungsbacka", "ftv_kolla", "vch" }
local periods = { "2024-T1", "2024-T2", "2024-03", "2024-YTD-06", "R12-2024-06", "2023-T3" }

local paths = {}
for _, u in ipairs(units) do
  for _, p in ipairs(periods) do
    paths[#paths + 1] = "/api/scorecard?year=" .. p:match("%d%d%d%d") .. "&period=" .. p .. "&unit=" .. u
  end
end

local counter = 0
local next_path = 1
local headers = {}

function setup(thread)
  counter = counter + 1
  thread:set("first", counter)
end

function init(args)
  if args[1] and args[1] ~= "rotate" then paths = { args[1] } end
  if args[2] == "gzip" then headers["Accept-Encoding"] = "gzip" end
  if args[3] and args[3] ~= "" then headers["Authorization"] = "Bearer " .. args[3] end
  next_path = ((first or 1) * 7) % #paths + 1
end

function request()
  local path = paths[next_path]
  next_path = next_path % #paths + 1
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "nara-bench requests=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
