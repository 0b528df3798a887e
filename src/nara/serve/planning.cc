#include "nara/serve/planning.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cmath>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "nara/base/text.h"
#include "nara/plan/places.h"
#include "nara/plan/scenario.h"
#include "nara/serve/etag.h"
#include "nara/serve/params.h"
#include "nara/sim/region.h"
#include "nara/sim/simulate.h"

namespace nara::serve {
namespace {

namespace fs = std::filesystem;
using api::ApiError;
using api::Error;
using api::json;
using api::Result;
using api::BodyObject;
using api::LenientLang;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, api::kInvalidUtf8); }
json Number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
// A number rounded to `decimals` (the answer's sizes: a grid of 7 000 cells).
json Rounded(double v, int decimals) {
  if (!std::isfinite(v)) return nullptr;
  const double f = std::pow(10.0, decimals);
  return std::round(v * f) / f;
}

std::string IsoUtc(std::chrono::system_clock::time_point t) {
  const std::time_t s = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

enum class State { kQueued, kRunning, kDone, kFailed, kCancelled };
const char* StateName(State s) {
  switch (s) {
    case State::kQueued: return "queued";
    case State::kRunning: return "running";
    case State::kDone: return "done";
    case State::kFailed: return "failed";
    case State::kCancelled: return "cancelled";
  }
  return "";
}

struct Job {
  int64_t id = 0;
  plan::Scenario scenario;
  plan::RunOptions options;
  std::string by;
  std::chrono::system_clock::time_point created;
  // Under Impl::mutex:
  State state = State::kQueued;
  Status error;
  std::chrono::steady_clock::time_point started, finished;
  std::optional<std::chrono::system_clock::time_point> finished_at;
  std::shared_ptr<const plan::Results> results;
  // Also read by the runner without the lock.
  std::atomic<int> runs_done{0};
  std::atomic<bool> cancel{false};
};

// A whole number parameter or field within [lo, hi].
bool WholeIn(const json& v, int64_t lo, int64_t hi, int64_t* out) {
  if (!v.is_number_integer()) return false;
  *out = v.get<int64_t>();
  return *out >= lo && *out <= hi;
}
bool WholeIn(const std::string& text, int64_t lo, int64_t hi, int64_t* out) {
  if (text.empty() || text.size() > 12) return false;
  size_t used = 0;
  try {
    *out = std::stoll(text, &used);
  } catch (const std::exception&) {
    return false;
  }
  return used == text.size() && *out >= lo && *out <= hi;
}
std::string Shown(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// The parameters of a location proposal, from the query (locate) or a body (saving).
struct LocateAsk {
  int k = 1;
  int year = 2024;
  geo::LocateOptions options;
  std::string Key() const {
    return std::to_string(k) + "|" + std::to_string(year) + "|" + (options.branch ? "b" : "h") + "|" +
           (options.objective == geo::Objective::kDistance ? "d" : "c") + "|" + PlainNumber(options.within_km);
  }
};

// `get(name)`: the value as text, or empty when not given.
template <typename Get>
std::variant<LocateAsk, ApiError> ParseLocate(const Get& get, Lang lang) {
  LocateAsk ask;
  int64_t v = 0;
  if (!get("k").empty()) {
    if (!WholeIn(get("k"), 1, 3, &v)) return Error(400, lang, Msg::kErrBadNumber, {"k", get("k")});
    ask.k = static_cast<int>(v);
  }
  if (!get("year").empty()) {
    if (!WholeIn(get("year"), 2015, 2035, &v)) return Error(400, lang, Msg::kErrBadNumber, {"year", get("year")});
    ask.year = static_cast<int>(v);
  }
  const std::string kind = get("kind").empty() ? "health_centre" : get("kind");
  if (kind != "health_centre" && kind != "branch") {
    return Error(400, lang, Msg::kValueNotOneOf, {"kind", "health_centre, branch"});
  }
  ask.options.branch = kind == "branch";
  const std::string objective = get("objective").empty() ? "distance" : get("objective");
  if (objective != "distance" && objective != "coverage") {
    return Error(400, lang, Msg::kValueNotOneOf, {"objective", "distance, coverage"});
  }
  ask.options.objective = objective == "distance" ? geo::Objective::kDistance : geo::Objective::kCoverage;
  if (!get("within").empty()) {
    char* end = nullptr;
    const std::string text = get("within");
    const double km = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !(km > 0) || km > 200) {
      return Error(400, lang, Msg::kErrBadNumber, {"within", get("within")});
    }
    ask.options.within_km = km;
  }
  ask.options.year = ask.year;
  return ask;
}

json ProposalJson(const plan::Proposal& p, double seconds) {
  json units = json::array();
  for (const plan::ProposedUnit& u : p.units) {
    units.push_back({{"e", u.place.e},
                     {"n", u.place.n},
                     {"lat", Rounded(u.position.lat, 5)},
                     {"lon", Rounded(u.position.lon, 5)},
                     {"municipality", u.municipality},
                     {"locality", u.locality}});
  }
  return {{"k", p.k},
          {"kind", p.options.branch ? "branch" : "health_centre"},
          {"objective", p.options.objective == geo::Objective::kDistance ? "distance" : "coverage"},
          {"within", p.options.within_km},
          {"year", p.options.year},
          {"units", units},
          {"before", {{"mean_km", Number(p.MeanBefore())}, {"within_share", Number(p.WithinBefore())}}},
          {"after", {{"mean_km", Number(p.MeanAfter())}, {"within_share", Number(p.WithinAfter())}}},
          {"seconds", Rounded(seconds, 2)}};
}

}  // namespace

struct Planning::Impl {
  PlanningOptions options;
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::shared_ptr<Job>> jobs;  // newest first
  int64_t next_id = 1;
  bool stopping = false;
  std::thread runner;

  std::mutex backcast_mutex;  // held while the backcast is computed: a second asker waits
  std::optional<std::vector<sim::BackcastRow>> backcast;
  std::atomic<bool> backcast_started{false};
  std::thread backcast_ahead;  // PlanningOptions::backcast_ahead's

  std::mutex geo_mutex;  // the worlds, geography answers and proposals made so far
  std::map<int, std::shared_ptr<const plan::World>> worlds;
  std::map<int, api::Kept> geography;  // GET /api/planning/geography's answer per year, with its ETag
  std::map<std::string, std::pair<plan::Proposal, double>> proposals;

  explicit Impl(PlanningOptions o) : options(std::move(o)) {
    runner = std::thread([this] { Run(); });
  }
  ~Impl() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stopping = true;
      for (const auto& j : jobs) j->cancel = true;
    }
    changed.notify_all();
    runner.join();
    if (backcast_ahead.joinable()) backcast_ahead.join();
  }

  // The backcast, computed once (under backcast_mutex: a second asker waits for it).
  Status ComputeBackcast() {
    std::lock_guard<std::mutex> lock(backcast_mutex);
    if (backcast) return Status::Ok();
    std::vector<model::Problem> problems;
    model::Config config = model::LoadConfig(options.config_dir, &problems);
    NARA_RETURN_IF_ERROR(model::ConfigStatus(std::move(problems)));
    NARA_ASSIGN_OR_RETURN(std::vector<sim::BackcastRow> rows, sim::Backcast(config, options.threads, options.work_dir));
    backcast = std::move(rows);
    return Status::Ok();
  }

  json RunJson(const Job& j, Lang lang) const {
    const auto now = std::chrono::steady_clock::now();
    double seconds = 0;
    if (j.state == State::kRunning) seconds = std::chrono::duration<double>(now - j.started).count();
    if (j.finished_at && j.started.time_since_epoch().count() != 0) {
      seconds = std::chrono::duration<double>(j.finished - j.started).count();
    }
    return {{"id", j.id},
            {"scenario", j.scenario.id},
            {"name", j.scenario.name},
            {"first_year", j.options.first_year},
            {"last_year", j.options.last_year},
            {"runs", j.options.runs},
            {"scale", j.options.scale},
            {"seed", j.options.seed},
            {"state", StateName(j.state)},
            {"runs_done", j.runs_done.load()},
            {"cancel_requested", j.cancel.load()},
            {"message", j.state == State::kFailed ? Say(lang, Msg::kErrPlanning, {j.error.message()}) : ""},
            {"by", j.by},
            {"created", IsoUtc(j.created)},
            {"finished", j.finished_at ? json(IsoUtc(*j.finished_at)) : json(nullptr)},
            {"seconds", Rounded(seconds, 1)}};
  }

  json RunsJson(Lang lang) {
    std::lock_guard<std::mutex> lock(mutex);
    json runs = json::array();
    for (const auto& j : jobs) runs.push_back(RunJson(*j, lang));
    return runs;
  }

  // The runner: one run at a time, the oldest queued first.
  void Run() {
    for (;;) {
      std::shared_ptr<Job> job;
      {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [this] { return stopping || Next() != nullptr; });
        if (stopping) return;
        job = Next();
        job->state = State::kRunning;
        job->started = std::chrono::steady_clock::now();
      }
      plan::RunOptions o = job->options;
      o.threads = options.threads;
      o.work_dir = options.work_dir;
      o.cancelled = [job] { return job->cancel.load(); };
      o.run_done = [job](int done) { job->runs_done = done; };
      StatusOr<plan::Results> results = plan::RunScenario(options.config_dir, job->scenario, o);
      {
        std::lock_guard<std::mutex> lock(mutex);
        job->finished = std::chrono::steady_clock::now();
        job->finished_at = std::chrono::system_clock::now();
        if (job->cancel) {
          job->state = State::kCancelled;
        } else if (!results.ok()) {
          job->state = State::kFailed;
          job->error = results.status();
        } else {
          job->state = State::kDone;
          job->results = std::make_shared<const plan::Results>(std::move(*results));
        }
        Prune();
      }
      changed.notify_all();
    }
  }

  // The oldest queued job, under the lock.
  std::shared_ptr<Job> Next() {
    for (auto it = jobs.rbegin(); it != jobs.rend(); ++it) {
      if ((*it)->state == State::kQueued) return *it;
    }
    return nullptr;
  }

  // Leaves the newest kept_runs finished runs, under the lock.
  void Prune() {
    size_t finished = 0;
    for (auto it = jobs.begin(); it != jobs.end();) {
      const bool ended = (*it)->state != State::kQueued && (*it)->state != State::kRunning;
      if (ended && ++finished > options.kept_runs) {
        it = jobs.erase(it);
      } else {
        ++it;
      }
    }
  }

  std::shared_ptr<Job> Find(int64_t id) {
    for (const auto& j : jobs) {
      if (j->id == id) return j;
    }
    return nullptr;
  }

  // The run named by the query's `run`, or the error.
  std::variant<std::shared_ptr<Job>, ApiError> RunParam(const http::Request& req, Lang lang) {
    int64_t id = 0;
    if (!WholeIn(req.Param("run"), 1, INT64_MAX / 2, &id)) return Error(400, lang, Msg::kErrBadNumber, {"run", req.Param("run")});
    std::lock_guard<std::mutex> lock(mutex);
    std::shared_ptr<Job> job = Find(id);
    if (!job) return Error(404, lang, Msg::kErrUnknownPlanRun, {std::to_string(id)});
    if (job->state != State::kDone) return Error(400, lang, Msg::kErrPlanRunNotDone, {std::to_string(id)});
    return job;
  }

  // The world of `year`, made once.
  StatusOr<std::shared_ptr<const plan::World>> WorldOf(int year) {
    std::lock_guard<std::mutex> lock(geo_mutex);
    auto it = worlds.find(year);
    if (it != worlds.end()) return it->second;
    NARA_ASSIGN_OR_RETURN(plan::World world, plan::LoadWorld(options.config_dir, year));
    auto made = std::make_shared<const plan::World>(std::move(world));
    worlds[year] = made;
    return made;
  }

  // The proposal asked for, solved once, and the seconds it took.
  StatusOr<std::pair<plan::Proposal, double>> ProposalOf(const LocateAsk& ask) {
    {
      std::lock_guard<std::mutex> lock(geo_mutex);
      auto it = proposals.find(ask.Key());
      if (it != proposals.end()) return it->second;
    }
    NARA_ASSIGN_OR_RETURN(std::shared_ptr<const plan::World> world, WorldOf(ask.year));
    const auto t0 = std::chrono::steady_clock::now();
    NARA_ASSIGN_OR_RETURN(std::vector<plan::Proposal> p, plan::Propose(*world, ask.options, ask.k, ask.k));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::pair<plan::Proposal, double> made{std::move(p.front()), seconds};
    std::lock_guard<std::mutex> lock(geo_mutex);
    proposals.emplace(ask.Key(), made);
    return made;
  }
};

Planning::Planning(PlanningOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Planning::~Planning() = default;

Result Planning::Overview(const http::Request& req, bool may_run) {
  auto lang = api::ParseLangParam(req);
  if (auto* e = std::get_if<ApiError>(&lang)) return *e;
  const Lang l = std::get<Lang>(lang);
  if (impl_->options.backcast_ahead && !impl_->backcast_started.exchange(true)) {
    impl_->backcast_ahead = std::thread([impl = impl_.get()] { (void)impl->ComputeBackcast(); });
  }
  auto scenarios = plan::LoadScenarios(impl_->options.config_dir);
  if (!scenarios.ok()) return api::Bad(scenarios.status());
  json list = json::array();
  for (const plan::Scenario& s : *scenarios) {
    list.push_back({{"id", s.id}, {"name", s.name}, {"description", s.description}});
  }
  const plan::RunOptions defaults;
  return Dump({{"may_run", may_run},
               {"years", {{"first", defaults.first_year}, {"last", defaults.last_year}}},
               {"scenarios", list},
               {"runs", impl_->RunsJson(l)}});
}

Result Planning::Runs(const http::Request& req) {
  auto lang = api::ParseLangParam(req);
  if (auto* e = std::get_if<ApiError>(&lang)) return *e;
  return Dump({{"runs", impl_->RunsJson(std::get<Lang>(lang))}});
}

std::pair<int, Result> Planning::Start(const http::Request& req, const std::string& by) {
  const Lang lang = LenientLang(req);
  auto parsed = BodyObject(req, lang);
  if (auto* e = std::get_if<ApiError>(&parsed)) return {e->status, *e};
  const json& body = std::get<json>(parsed);
  if (!body.contains("scenario") || !body["scenario"].is_string()) {
    return {400, Error(400, lang, Msg::kErrFieldNotString, {"scenario"})};
  }
  const std::string id = body["scenario"].get<std::string>();
  auto scenarios = plan::LoadScenarios(impl_->options.config_dir);
  if (!scenarios.ok()) {
    ApiError e = api::Bad(scenarios.status());
    return {e.status, e};
  }
  auto found = std::find_if(scenarios->begin(), scenarios->end(), [&id](const plan::Scenario& s) { return s.id == id; });
  if (found == scenarios->end()) return {400, Error(400, lang, Msg::kErrUnknownScenario, {id})};
  plan::RunOptions o;
  int64_t v = 0;
  if (body.contains("first_year")) {
    if (!WholeIn(body["first_year"], 2017, 2035, &v)) {
      return {400, Error(400, lang, Msg::kErrPlanYears, {Shown(body["first_year"]), Shown(body.value("last_year", json(o.last_year)))})};
    }
    o.first_year = static_cast<int>(v);
  }
  if (body.contains("last_year")) {
    if (!WholeIn(body["last_year"], 2017, 2035, &v)) {
      return {400, Error(400, lang, Msg::kErrPlanYears, {std::to_string(o.first_year), Shown(body["last_year"])})};
    }
    o.last_year = static_cast<int>(v);
  }
  if (o.first_year > o.last_year) {
    return {400, Error(400, lang, Msg::kErrPlanYears, {std::to_string(o.first_year), std::to_string(o.last_year)})};
  }
  if (body.contains("runs")) {
    if (!WholeIn(body["runs"], 1, 100, &v)) return {400, Error(400, lang, Msg::kErrPlanRuns, {Shown(body["runs"])})};
    o.runs = static_cast<int>(v);
  }
  if (body.contains("scale")) {
    const json& s = body["scale"];
    if (!s.is_number() || !(s.get<double>() > 0) || s.get<double>() > 2) {
      return {400, Error(400, lang, Msg::kErrPlanScale, {Shown(s)})};
    }
    o.scale = s.get<double>();
  }
  if (body.contains("seed")) {
    if (!WholeIn(body["seed"], 0, int64_t{1} << 40, &v)) return {400, Error(400, lang, Msg::kErrBadNumber, {"seed", Shown(body["seed"])})};
    o.seed = static_cast<uint64_t>(v);
  }
  auto job = std::make_shared<Job>();
  job->scenario = std::move(*found);
  job->options = o;
  job->by = by;
  job->created = std::chrono::system_clock::now();
  json answer;
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    job->id = impl_->next_id++;
    impl_->jobs.push_front(job);
    answer = impl_->RunJson(*job, lang);
  }
  impl_->changed.notify_all();
  return {202, Dump(answer)};
}

std::pair<int, Result> Planning::Cancel(const http::Request& req) {
  const Lang lang = LenientLang(req);
  auto parsed = BodyObject(req, lang);
  if (auto* e = std::get_if<ApiError>(&parsed)) return {e->status, *e};
  const json& body = std::get<json>(parsed);
  int64_t id = 0;
  if (!body.contains("id") || !WholeIn(body["id"], 1, INT64_MAX / 2, &id)) {
    return {400, Error(400, lang, Msg::kErrBadNumber, {"id", body.contains("id") ? Shown(body["id"]) : ""})};
  }
  json answer;
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    std::shared_ptr<Job> job = impl_->Find(id);
    if (!job) return {404, Error(404, lang, Msg::kErrUnknownPlanRun, {std::to_string(id)})};
    if (job->state != State::kQueued && job->state != State::kRunning) {
      return {409, Error(409, lang, Msg::kErrPlanRunFinished, {std::to_string(id)})};
    }
    job->cancel = true;
    if (job->state == State::kQueued) {
      job->state = State::kCancelled;
      job->finished_at = std::chrono::system_clock::now();
      impl_->Prune();
    }
    answer = impl_->RunJson(*job, lang);
  }
  impl_->changed.notify_all();
  return {200, Dump(answer)};
}

Result Planning::Results(const http::Request& req) {
  auto lang = api::ParseLangParam(req);
  if (auto* e = std::get_if<ApiError>(&lang)) return *e;
  const Lang l = std::get<Lang>(lang);
  auto found = impl_->RunParam(req, l);
  if (auto* e = std::get_if<ApiError>(&found)) return *e;
  const std::shared_ptr<Job> job = std::get<std::shared_ptr<Job>>(found);
  const plan::Results& results = *job->results;
  const std::string indicator = req.Param("indicator");
  std::string unit = req.Param("unit");
  if (unit.empty()) unit = results.default_unit;
  bool known_indicator = false, known_unit = false;
  json rows = json::array();
  for (const plan::ResultRow& r : results.rows) {
    known_indicator = known_indicator || r.indicator == indicator;
    known_unit = known_unit || r.unit_id == unit;
    if (r.indicator != indicator || r.unit_id != unit) continue;
    rows.push_back({{"year", r.year},
                    {"median", Number(r.median)},
                    {"p10", Number(r.p10)},
                    {"p90", Number(r.p90)},
                    {"target", Number(r.target)},
                    {"status", r.status},
                    {"runs_with_value", r.runs_with_value}});
  }
  if (!known_indicator) return Error(400, l, Msg::kErrUnknownIndicator, {indicator});
  if (!known_unit) return Error(400, l, Msg::kErrUnknownUnit, {unit});
  json run;
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    run = impl_->RunJson(*job, l);
  }
  return Dump({{"run", run}, {"indicator", indicator}, {"unit", unit}, {"rows", rows}});
}

Result Planning::ResultsCsv(const http::Request& req, std::string* file_name) {
  auto lang = api::ParseLangParam(req);
  if (auto* e = std::get_if<ApiError>(&lang)) return *e;
  auto found = impl_->RunParam(req, std::get<Lang>(lang));
  if (auto* e = std::get_if<ApiError>(&found)) return *e;
  const std::shared_ptr<Job> job = std::get<std::shared_ptr<Job>>(found);
  std::ostringstream out;
  plan::WriteResultsCsv(*job->results, out);
  *file_name = "planering_" + std::to_string(job->id) + "_" + plan::Slug(job->scenario.id) + ".csv";
  return out.str();
}

Result Planning::Backcast(const http::Request& req) {
  auto lang = api::ParseLangParam(req);
  if (auto* e = std::get_if<ApiError>(&lang)) return *e;
  const Lang l = std::get<Lang>(lang);
  if (Status s = impl_->ComputeBackcast(); !s.ok()) {
    return s.code() == StatusCode::kDataError ? api::Bad(s) : Error(500, l, Msg::kErrPlanning, {s.message()});
  }
  std::lock_guard<std::mutex> lock(impl_->backcast_mutex);
  static constexpr Msg kLabels[] = {Msg::kBackcastPhone, Msg::kBackcastAssessment,       Msg::kBackcastChats,
                                    Msg::kBackcastChatWait, Msg::kBackcastDentalChildren, Msg::kBackcastDentalAdults};
  json rows = json::array();
  for (size_t i = 0; i < impl_->backcast->size(); ++i) {
    const sim::BackcastRow& r = (*impl_->backcast)[i];
    const bool share = r.row.share();
    const double error = share ? r.row.simulated - r.row.seed : 100 * (r.row.simulated - r.row.seed) / r.row.seed;
    rows.push_back({{"figure", r.row.figure},
                    {"label", i < std::size(kLabels) ? Say(l, kLabels[i]) : r.row.figure},
                    {"share", share},
                    {"seed", Number(r.row.seed)},
                    {"backcast", Number(r.row.simulated)},
                    {"error", Rounded(error, 2)},
                    {"tolerance", share ? r.tolerance : 100 * r.tolerance},
                    {"held", r.Held()}});
  }
  return Dump({{"calibration_year", 2022}, {"year", 2023}, {"rows", rows}});
}

namespace {

// The grid of a year with each cell's distances, the units and the coverage: the same
// for every asker (the configuration's tree does not change while serving), so made once.
std::string GeographyAnswer(const plan::World& w, int year) {
  const std::vector<double> hc = geo::NearestStraight(w.grid, w.sites, geo::Reach::kHealthCentre);
  const std::vector<double> care = geo::NearestStraight(w.grid, w.sites, geo::Reach::kCare);
  json e = json::array(), n = json::array(), muni = json::array(), residents = json::array(),
       aged = json::array(), km_hc = json::array(), km_care = json::array();
  for (size_t i = 0; i < w.grid.cells.size(); ++i) {
    const geo::Cell& c = w.grid.cells[i];
    e.push_back(c.e);
    n.push_back(c.n);
    muni.push_back(c.municipality);
    residents.push_back(Rounded(c.population, 2));
    aged.push_back(Rounded(c.aged_80, 2));
    km_hc.push_back(Rounded(hc[i] * geo::kDetourFactor / 1000, 2));
    km_care.push_back(Rounded(care[i] * geo::kDetourFactor / 1000, 2));
  }
  json municipalities = json::array();
  for (const auto& m : sim::kMunicipalities) municipalities.push_back(m.name);
  json sites = json::array();
  for (const geo::Site& s : w.sites) {
    sites.push_back({{"id", s.id}, {"name", s.name}, {"branch", s.branch}, {"e", s.plane.e}, {"n", s.plane.n}});
  }
  json coverage = json::array();
  for (geo::Reach reach : {geo::Reach::kHealthCentre, geo::Reach::kCare}) {
    const geo::CoverageTable table = geo::ComputeCoverage(w.grid, w.sites, reach);
    for (size_t m = 0; m <= table.municipality.size(); ++m) {
      const geo::Coverage& c = m < table.municipality.size() ? table.municipality[m] : table.region;
      json within = json::array(), within_80 = json::array();
      for (size_t i = 0; i < geo::kCoverageKm.size(); ++i) {
        within.push_back(Rounded(c.Share(i), 5));
        within_80.push_back(Rounded(c.Share80(i), 5));
      }
      coverage.push_back({{"area", m < table.municipality.size() ? std::string(sim::kMunicipalities[m].name) : "Halland"},
                          {"nearest", reach == geo::Reach::kCare ? "care" : "health_centre"},
                          {"residents", Rounded(c.residents, 1)},
                          {"aged_80", Rounded(c.aged_80, 1)},
                          {"within", within},
                          {"within_80", within_80},
                          {"mean_km", Rounded(c.MeanKm(), 2)},
                          {"longest_km", Rounded(c.longest_km, 1)}});
    }
  }
  return Dump({{"year", year},
               {"factor", geo::kDetourFactor},
               {"cell_m", geo::kCellSize},
               {"municipalities", municipalities},
               {"cells",
                {{"e", e},
                 {"n", n},
                 {"municipality", muni},
                 {"residents", residents},
                 {"aged_80", aged},
                 {"km_health_centre", km_hc},
                 {"km_care", km_care}}},
               {"sites", sites},
               {"coverage", coverage}});
}

}  // namespace

Result Planning::Geography(const http::Request& req) {
  auto lang = api::ParseLangParam(req);
  if (auto* e = std::get_if<ApiError>(&lang)) return *e;
  const Lang l = std::get<Lang>(lang);
  int64_t year = 2024;
  if (!req.Param("year").empty() && !WholeIn(req.Param("year"), 2015, 2035, &year)) {
    return Error(400, l, Msg::kErrBadNumber, {"year", req.Param("year")});
  }
  {
    std::lock_guard<std::mutex> lock(impl_->geo_mutex);
    auto it = impl_->geography.find(static_cast<int>(year));
    if (it != impl_->geography.end()) return it->second;
  }
  auto world = impl_->WorldOf(static_cast<int>(year));
  if (!world.ok()) return api::Bad(world.status());
  auto bytes = std::make_shared<const std::string>(GeographyAnswer(**world, static_cast<int>(year)));
  api::Kept answer{bytes, BodyETag(*bytes)};
  std::lock_guard<std::mutex> lock(impl_->geo_mutex);
  return impl_->geography.emplace(static_cast<int>(year), std::move(answer)).first->second;
}

Result Planning::Locate(const http::Request& req) {
  auto lang = api::ParseLangParam(req);
  if (auto* e = std::get_if<ApiError>(&lang)) return *e;
  auto ask = ParseLocate([&req](const char* name) { return req.Param(name); }, std::get<Lang>(lang));
  if (auto* e = std::get_if<ApiError>(&ask)) return *e;
  auto proposal = impl_->ProposalOf(std::get<LocateAsk>(ask));
  if (!proposal.ok()) return api::Bad(proposal.status());
  return Dump(ProposalJson(proposal->first, proposal->second));
}

std::pair<int, Result> Planning::SaveProposal(const http::Request& req) {
  const Lang lang = LenientLang(req);
  auto parsed = BodyObject(req, lang);
  if (auto* e = std::get_if<ApiError>(&parsed)) return {e->status, *e};
  const json& body = std::get<json>(parsed);
  auto field = [&body](const char* name) -> std::string {
    if (!body.contains(name)) return "";
    return body[name].is_string() ? body[name].get<std::string>() : body[name].dump();
  };
  auto ask = ParseLocate(field, lang);
  if (auto* e = std::get_if<ApiError>(&ask)) return {e->status, *e};
  const LocateAsk& a = std::get<LocateAsk>(ask);
  Days opens = DaysFromCivil(a.year + 1, 1, 1);
  if (!field("opens").empty() && ParseDate(field("opens"), &opens) != TimeParseError::kNone) {
    return {400, Error(400, lang, Msg::kErrBadDate, {field("opens")})};
  }
  auto proposal = impl_->ProposalOf(a);
  if (!proposal.ok()) {
    ApiError e = api::Bad(proposal.status());
    return {e.status, e};
  }
  auto world = impl_->WorldOf(a.year);
  if (!world.ok()) {
    ApiError e = api::Bad(world.status());
    return {e.status, e};
  }
  auto text = plan::ProposalScenario(**world, proposal->first, opens);
  if (!text.ok()) {
    ApiError e = api::Bad(text.status());
    return {e.status, e};
  }
  // A new file: the proposal's stem, with _2, _3 … when that is taken.
  const fs::path dir = fs::path(impl_->options.config_dir) / "scenarios";
  std::error_code ec;
  fs::create_directories(dir, ec);
  const std::string stem = plan::ProposalStem(proposal->first);
  std::lock_guard<std::mutex> lock(impl_->geo_mutex);  // one writer picks a name at a time
  fs::path file = dir / (stem + ".toml");
  for (int i = 2; fs::exists(file); ++i) file = dir / (stem + "_" + std::to_string(i) + ".toml");
  {
    std::ofstream out(file);
    out << *text;
    if (!out) return {500, Error(500, lang, Msg::kErrPlanning, {"cannot write " + file.string()})};
  }
  auto scenario = plan::LoadScenario(file.string());
  if (!scenario.ok()) {
    fs::remove(file, ec);
    return {500, Error(500, lang, Msg::kErrPlanning, {scenario.status().message()})};
  }
  return {201, Dump({{"id", scenario->id}, {"name", scenario->name}, {"description", scenario->description}})};
}

void Planning::WaitIdle() {
  std::unique_lock<std::mutex> lock(impl_->mutex);
  impl_->changed.wait(lock, [this] { return impl_->Next() == nullptr && std::none_of(impl_->jobs.begin(), impl_->jobs.end(), [](const auto& j) { return j->state == State::kRunning; }); });
}

}  // namespace nara::serve
