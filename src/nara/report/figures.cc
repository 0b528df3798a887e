#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "nara/follow/status.h"
#include "nara/report/report.h"

namespace nara::report {

using nlohmann::json;

std::map<std::string, std::string> SectionTexts(const std::vector<store::Comment>& comments,
                                                const std::string& unit_id, const std::string& period) {
  std::map<std::string, std::string> out;
  for (const store::Comment& c : comments) {
    if (c.subject_kind != "section" || c.unit_id != unit_id || c.period != period) continue;
    for (const SectionKey& s : Sections()) {
      if (c.subject_id == s.key) out[c.subject_id] = c.text;
    }
  }
  return out;
}

std::string FiguresJson(const follow::FollowUp& follow_up, const model::Period& period, int unit) {
  std::map<std::string, json> rows;
  for (const follow::ScoreRow& r : follow_up.ForUnit(period, unit)) {
    const double v = r.cell.value;
    rows[r.def->id] = {{"indicator", r.def->id},
                       {"value", std::isfinite(v) ? json(v) : json(nullptr)},
                       {"status", follow::StatusName(r.judgement.status)}};
  }
  json out = json::array();
  for (auto& [id, row] : rows) out.push_back(std::move(row));
  return out.dump(1);
}

namespace {

struct Figure {
  double value = NAN;
  std::string status;
};

StatusOr<std::map<std::string, Figure>> ReadFigures(const std::string& text) {
  json list = json::parse(text, nullptr, false);
  if (!list.is_array()) return Status::Invalid("figures.json is not a list of figures");
  std::map<std::string, Figure> out;
  for (const json& row : list) {
    if (!row.is_object() || !row.value("indicator", json()).is_string() || !row.value("status", json()).is_string()) {
      return Status::Invalid("figures.json has an entry without indicator and status");
    }
    const json& v = row.value("value", json());
    out[row["indicator"].get<std::string>()] = {v.is_number() ? v.get<double>() : NAN, row["status"]};
  }
  return out;
}

bool SameValue(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::fabs(a - b) <= 1e-10 * std::max(std::fabs(a), std::fabs(b));
}

}  // namespace

StatusOr<std::vector<ChangedFigure>> ChangedFigures(const std::string& issued, const std::string& current) {
  NARA_ASSIGN_OR_RETURN(auto was, ReadFigures(issued));
  NARA_ASSIGN_OR_RETURN(auto now, ReadFigures(current));
  std::vector<ChangedFigure> out;
  for (const auto& [id, w] : was) {
    auto it = now.find(id);
    if (it == now.end()) {
      out.push_back({id, w.value, NAN, w.status, ""});
    } else if (!SameValue(w.value, it->second.value) || w.status != it->second.status) {
      out.push_back({id, w.value, it->second.value, w.status, it->second.status});
    }
  }
  for (const auto& [id, n] : now) {
    if (!was.count(id)) out.push_back({id, NAN, n.value, "", n.status});
  }
  return out;
}

}  // namespace nara::report
