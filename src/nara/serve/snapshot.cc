#include "nara/serve/snapshot.h"

#include <algorithm>

#include "nara/base/text.h"

namespace nara::serve::api {

// The store's configuration version the snapshot was computed with; null for a folder.
json ConfigVersionJson(const Snapshot& s) {
  return s.loaded.config_version > 0 ? json(s.loaded.config_version) : json(nullptr);
}

namespace {

// The default unit: the administration valid on `day`, else any, else the root.
int Administration(const model::OrgTree& tree, Days day) {
  for (int u = 0; u < tree.size(); ++u) {
    const model::UnitVersion* v = tree.VersionAt(u, day);
    if (v && v->kind == model::UnitKind::kAdministration) return u;
  }
  for (int u = 0; u < tree.size(); ++u) {
    if (tree.Latest(u).kind == model::UnitKind::kAdministration) return u;
  }
  return tree.root();
}

}  // namespace

const model::Plan* PlanFor(const model::Config& config, int year) {
  const model::Plan* best = nullptr;
  for (const model::Plan& p : config.plans) {
    if (p.year <= year && (best == nullptr || p.year > best->year)) best = &p;
  }
  return best;
}

StatusOr<std::shared_ptr<Snapshot>> BuildSnapshot(Backend& backend, const ServerOptions& options,
                                                  int64_t version) {
  auto snap = std::make_shared<Snapshot>();
  NARA_ASSIGN_OR_RETURN(snap->loaded, backend.Load());
  snap->version = version;
  snap->loaded_at = NowLocal();
  const model::Config& config = snap->config();
  int first = options.first_year, last = options.last_year;
  if (first == 0 || last == 0) {
    int lo = 0, hi = 0;
    for (const model::Plan& p : config.plans) {
      lo = lo == 0 ? p.year : std::min(lo, p.year);
      hi = std::max(hi, p.year);
    }
    if (lo == 0)
      return Status::DataError("the configuration has no plan; give the years to serve with --years");
    if (first == 0) first = lo;
    if (last == 0) last = hi;
  }
  if (first > last) return Status::Invalid("the first year served is after the last");
  snap->first_year = first;
  snap->last_year = last;
  follow::FollowUp::Options fo;
  fo.first_year = first;
  fo.last_year = last;
  NARA_ASSIGN_OR_RETURN(follow::FollowUp f, follow::FollowUp::Build(config.catalogue, snap->tree(),
                                                                    snap->loaded.extract.data, fo));
  snap->follow = std::make_unique<follow::FollowUp>(std::move(f));
  snap->administration = Administration(snap->tree(), LastDayOfMonth(MakeMonth(last, 12)));
  // Every month of the years served (and the year before, for sparklines) is
  // evaluated now, for all units at once: the engine memoises them, so a first request
  // for any unit and period then only combines months already computed. The last
  // month with any data is found on the way.
  for (Month m = MakeMonth(first - 1, 1); m <= MakeMonth(last, 12); ++m) {
    for (const follow::ScoreRow& r : snap->follow->ForUnit(MonthPeriod(m), snap->tree().root())) {
      if (r.cell.n > 0 && YearOf(m) >= first) snap->data_through = FormatMonth(m);
    }
  }
  for (const model::IndicatorDef& d : config.catalogue) {
    if (std::find(snap->perspectives.begin(), snap->perspectives.end(), d.perspective) ==
        snap->perspectives.end()) {
      snap->perspectives.push_back(d.perspective);
    }
  }
  return snap;
}

}  // namespace nara::serve::api
