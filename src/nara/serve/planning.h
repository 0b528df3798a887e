// Planning over HTTP (issue 17; the contract is docs/api.md "Planering"): scenarios run
// on the simulator in the background, their results, how far to trust the model, and
// the geography of care with proposals of where to add a unit.
//
//   GET  /api/planning              the scenarios, the default years, the runs, may_run
//   GET  /api/planning/runs         the runs (the page polls it while one is going)
//   POST /api/planning/runs         start a scenario run                   (controller, admin)
//   POST /api/planning/runs/cancel  stop a queued or running one           (controller, admin)
//   GET  /api/planning/results      one indicator and unit of a finished run, per year
//   GET  /api/planning/results.csv  a finished run's results.csv (nara plan run's columns)
//   GET  /api/planning/backcast     the model's error on 2023, calibrated on 2022 alone
//   GET  /api/planning/geography    a year's grid, distances, units and coverage
//   GET  /api/planning/locate       the optimal k new units and what they change
//   POST /api/planning/scenarios    a proposal saved as a scenario file      (controller, admin)
//
// What is read: the configuration folder's scenarios/*.toml (at each request), its
// catalogue, units and plans (at each run) and geography.toml (plan/places.h). Runs are
// kept in memory, the newest kept_runs of them, and are gone when the server stops.
// One run goes at a time, on a thread of its own with every core for its simulator; the
// others wait in a queue. A cancel stops a run between its simulations (seconds).
// api.cc registers the routes and who may use them; what they read, check and answer
// is here.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "nara/serve/http_message.h"
#include "nara/serve/snapshot.h"

namespace nara::serve {

struct PlanningOptions {
  std::string config_dir;  // scenarios/, the catalogue, units, plans, geography.toml
  int threads = 0;         // the simulator's; 0: every core
  size_t kept_runs = 20;   // finished runs kept (queued and running ones always are)
  std::string work_dir;    // plan::RunOptions::work_dir and the backcast's folder
  // Start the backcast when the first overview is asked for (the page's first load), so
  // that it is ready when the page asks for it (a simulation of two years).
  bool backcast_ahead = false;
};

class Planning {
 public:
  explicit Planning(PlanningOptions options);
  // Cancels the queued runs and the running one, and waits for it to stop.
  ~Planning();
  Planning(const Planning&) = delete;
  Planning& operator=(const Planning&) = delete;

  // GET /api/planning; `may_run` as the caller's role allows (starting, cancelling,
  // saving proposals).
  api::Result Overview(const http::Request& req, bool may_run);
  // GET /api/planning/runs.
  api::Result Runs(const http::Request& req);
  // POST /api/planning/runs (JSON body): 202 and the run, or the error. `by` is the
  // signed-in user's name.
  std::pair<int, api::Result> Start(const http::Request& req, const std::string& by);
  // POST /api/planning/runs/cancel (JSON body {"id": N}): 200 and the run.
  std::pair<int, api::Result> Cancel(const http::Request& req);
  // GET /api/planning/results?run=&indicator=&unit=.
  api::Result Results(const http::Request& req);
  // GET /api/planning/results.csv?run=: the CSV text (not JSON), and the file name to
  // offer in *file_name.
  api::Result ResultsCsv(const http::Request& req, std::string* file_name);
  // GET /api/planning/backcast: computed on the first request (some seconds), then kept.
  api::Result Backcast(const http::Request& req);
  // GET /api/planning/geography?year=.
  api::Result Geography(const http::Request& req);
  // GET /api/planning/locate?k=&kind=&objective=&within=&year=.
  api::Result Locate(const http::Request& req);
  // POST /api/planning/scenarios (JSON body: locate's parameters and `opens`): 201 and
  // the scenario written to the configuration's scenarios/ folder.
  std::pair<int, api::Result> SaveProposal(const http::Request& req);

  // Blocks until no run is queued or running (tests).
  void WaitIdle();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nara::serve
