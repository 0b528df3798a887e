#include "nara/model/children_capitation.h"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>

#include "nara/model/toml_read.h"

namespace nara::model {

ChildrenCapitation MonthlyChildrenCapitation(const ChildrenDentalModel& model, const std::vector<AreaChildren>& areas) {
  double children = 0, weighted = 0;
  for (const AreaChildren& a : areas) {
    children += static_cast<double>(a.children);
    weighted += static_cast<double>(a.children) * a.relative_risk;
  }
  const double per_month = model.amount / 12.0;
  ChildrenCapitation c;
  c.fixed = model.fixed_share * per_month * children;
  c.differentiated = (1.0 - model.fixed_share) * per_month * weighted;
  return c;
}

StatusOr<std::vector<ChildrenDentalModel>> LoadChildrenDental(const std::string& dir) {
  const std::string path = (std::filesystem::path(dir) / "economy.toml").string();
  if (!std::filesystem::exists(path)) return Status::NotFound(path + ": no such file (the economy's models)");
  toml::table doc;
  try {
    doc = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const toml::source_region& s = e.source();
    return Status::DataError(path + ":" + std::to_string(s.begin.line) + ":" + std::to_string(s.begin.column) +
                             ": " + std::string(e.description()));
  }
  const toml::node* list_node = doc.get("children_dental");
  if (list_node == nullptr) return Status::NotFound(path + ": no [[children_dental]] years");
  const toml::array* list = list_node->as_array();
  if (list == nullptr) return TomlError(path, *list_node, "children_dental must be [[children_dental]] entries");
  std::vector<ChildrenDentalModel> out;
  std::set<int> seen;
  for (const toml::node& item : *list) {
    const toml::table* t = item.as_table();
    if (t == nullptr) return TomlError(path, item, "[[children_dental]] entries are tables");
    for (const auto& [key, value] : *t) {
      static constexpr std::string_view kKeys[] = {"year", "amount", "fixed_share", "source"};
      if (std::find(std::begin(kKeys), std::end(kKeys), key.str()) == std::end(kKeys)) {
        return TomlError(path, value, "unknown key '" + std::string(key.str()) + "' (year, amount, fixed_share, source)");
      }
    }
    ChildrenDentalModel m;
    const auto* year = t->get_as<int64_t>("year");
    if (year == nullptr || year->get() < 1900 || year->get() > 2100) return TomlError(path, item, "year must be a year");
    m.year = static_cast<int>(year->get());
    if (!seen.insert(m.year).second) return TomlError(path, item, "year " + std::to_string(m.year) + " twice");
    const std::optional<double> amount = TomlNumber(t->get("amount"));
    if (!amount || !(*amount > 0)) {
      return TomlError(path, item, "amount must be the yearly amount per child in kronor, a positive number");
    }
    m.amount = *amount;
    if (const toml::node* share_node = t->get("fixed_share")) {
      const std::optional<double> share = TomlNumber(share_node);
      if (!share || *share < 0 || *share > 1) return TomlError(path, *share_node, "fixed_share must lie within 0..1");
      m.fixed_share = *share;
    }
    if (const auto* s = t->get_as<std::string>("source")) m.source = s->get();
    out.push_back(std::move(m));
  }
  if (out.empty()) return Status::NotFound(path + ": no [[children_dental]] years");
  std::sort(out.begin(), out.end(),
            [](const ChildrenDentalModel& a, const ChildrenDentalModel& b) { return a.year < b.year; });
  return out;
}

const ChildrenDentalModel* ChildrenDentalFor(const std::vector<ChildrenDentalModel>& models, int year) {
  const ChildrenDentalModel* found = nullptr;
  for (const ChildrenDentalModel& m : models) {
    if (m.year <= year && (found == nullptr || m.year > found->year)) found = &m;
  }
  return found;
}

}  // namespace nara::model
