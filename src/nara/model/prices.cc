#include "nara/model/prices.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "nara/model/toml_read.h"

namespace nara::model {
namespace {

// A list of {name, <amount_key>} tables.
StatusOr<std::vector<PriceComponent>> Components(const std::string& path, const toml::table& year, const char* key,
                                                 const char* amount_key) {
  std::vector<PriceComponent> out;
  const toml::node* node = year.get(key);
  if (node == nullptr) return out;
  const toml::array* list = node->as_array();
  if (list == nullptr) return TomlError(path, *node, std::string(key) + " must be a list of { name, " + amount_key + " }");
  for (const toml::node& item : *list) {
    const toml::table* t = item.as_table();
    const auto* name = t ? t->get_as<std::string>("name") : nullptr;
    const std::optional<double> amount = t ? TomlNumber(t->get(amount_key)) : std::nullopt;
    if (name == nullptr || !amount || t->size() != 2) {
      return TomlError(path, item, std::string(key) + " entries are { name = \"…\", " + amount_key + " = number }");
    }
    PriceComponent c;
    c.name = name->get();
    (std::string(amount_key) == "percent" ? c.percent : c.kr) = *amount;
    out.push_back(std::move(c));
  }
  return out;
}

// One price entry: an economy.toml [[capitation]] entry (year and base required) or a
// what-if model's [price] table (neither: the model's year, and the base year's price
// unless a base is given).
StatusOr<PriceModel> PriceEntry(const std::string& path, const toml::table& t, bool in_whatif) {
  for (const auto& [key, value] : t) {
    static constexpr std::string_view kKeys[] = {"year", "base", "rounding", "source", "factors", "additions"};
    const bool known = std::find(std::begin(kKeys), std::end(kKeys), key.str()) != std::end(kKeys) &&
                       !(in_whatif && key.str() == "year");
    if (!known) {
      return TomlError(path, value,
                 "unknown key '" + std::string(key.str()) + "' (" +
                     (in_whatif ? "base, rounding, source, factors, additions" : "year, base, rounding, source, factors, additions") +
                     ")");
    }
  }
  PriceModel m;
  if (!in_whatif) {
    const auto* year = t.get_as<int64_t>("year");
    if (year == nullptr || year->get() < 1900 || year->get() > 2100) return TomlError(path, t, "year must be a year");
    m.year = static_cast<int>(year->get());
  }
  const std::optional<double> base = TomlNumber(t.get("base"));
  if ((!in_whatif || t.get("base") != nullptr) && (!base || *base <= 0)) {
    return TomlError(path, t, "base must be the previous year's price, a positive number");
  }
  m.base = base.value_or(0);
  if (const auto* r = t.get_as<std::string>("rounding")) {
    if (r->get() == "up") {
      m.rounding = PriceRounding::kUp;
    } else if (r->get() == "nearest") {
      m.rounding = PriceRounding::kNearest;
    } else if (r->get() == "none") {
      m.rounding = PriceRounding::kNone;
    } else {
      return TomlError(path, *r, "rounding must be up, nearest or none, not '" + r->get() + "'");
    }
  }
  if (const auto* s = t.get_as<std::string>("source")) m.source = s->get();
  NARA_ASSIGN_OR_RETURN(m.factors, Components(path, t, "factors", "percent"));
  NARA_ASSIGN_OR_RETURN(m.additions, Components(path, t, "additions", "kr"));
  return m;
}

}  // namespace

PriceBuildUp BuildPrice(const PriceModel& m) {
  PriceBuildUp b;
  b.year = m.year;
  b.lines.push_back({PriceLine::Kind::kBase, "", 0, m.base});
  double percent = 0;
  for (const PriceComponent& f : m.factors) {
    b.lines.push_back({PriceLine::Kind::kFactor, f.name, f.percent, m.base * f.percent / 100.0});
    percent += f.percent;
  }
  double price = m.base * (1.0 + percent / 100.0);
  if (!m.factors.empty()) b.lines.push_back({PriceLine::Kind::kSubtotal, "", 0, price});
  const double rounded = m.rounding == PriceRounding::kUp        ? std::ceil(price - 1e-9)
                         : m.rounding == PriceRounding::kNearest ? std::round(price)
                                                                 : price;
  if (rounded != price) b.lines.push_back({PriceLine::Kind::kRounding, "", 0, rounded - price});
  price = rounded;
  for (const PriceComponent& a : m.additions) {
    b.lines.push_back({PriceLine::Kind::kAddition, a.name, 0, a.kr});
    price += a.kr;
  }
  b.lines.push_back({PriceLine::Kind::kPrice, "", 0, price});
  b.price = price;
  return b;
}

const PriceModel* FindPrice(const std::vector<PriceModel>& models, int year) {
  for (const PriceModel& m : models) {
    if (m.year == year) return &m;
  }
  return nullptr;
}

StatusOr<std::vector<PriceModel>> LoadPrices(const std::string& dir) {
  const std::string path = (std::filesystem::path(dir) / "economy.toml").string();
  if (!std::filesystem::exists(path)) return Status::NotFound(path + ": no such file (the price models)");
  toml::table doc;
  try {
    doc = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Status::DataError(TomlPlace(path, e.source()) + ": " + std::string(e.description()));
  }
  std::vector<PriceModel> out;
  const toml::node* list_node = doc.get("capitation");
  const toml::array* list = list_node ? list_node->as_array() : nullptr;
  if (list == nullptr) return Status::DataError(path + ": no [[capitation]] years");
  std::map<int, const toml::node*> seen;
  for (const toml::node& item : *list) {
    const toml::table* t = item.as_table();
    if (t == nullptr) return TomlError(path, item, "[[capitation]] entries are tables");
    NARA_ASSIGN_OR_RETURN(PriceModel m, PriceEntry(path, *t, /*in_whatif=*/false));
    if (seen.count(m.year)) return TomlError(path, item, "year " + std::to_string(m.year) + " twice");
    seen[m.year] = &item;
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const PriceModel& a, const PriceModel& b) { return a.year < b.year; });
  for (size_t i = 1; i < out.size(); ++i) {
    if (out[i].year != out[i - 1].year + 1) continue;
    const double before = BuildPrice(out[i - 1]).price;
    if (std::abs(out[i].base - before) > 1e-6) {
      return TomlError(path, *seen[out[i].year],
                 "base " + std::to_string(out[i].base) + " is not " + std::to_string(out[i - 1].year) +
                     "'s price " + std::to_string(before));
    }
  }
  return out;
}

StatusOr<WhatIfModel> LoadWhatIfModel(const std::string& path) {
  if (!std::filesystem::exists(path)) return Status::NotFound(path + ": no such file (a what-if model)");
  toml::table doc;
  try {
    doc = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Status::DataError(TomlPlace(path, e.source()) + ": " + std::string(e.description()));
  }
  WhatIfModel m;
  m.file = path;
  m.id = std::filesystem::path(path).stem().string();
  static constexpr std::string_view kNumbers[] = {"cost_index", "fees", "appropriation", "children_capitation",
                                                  "staff_change", "agency_replacement"};
  double* const number_fields[] = {&m.cost_index,   &m.fees,         &m.appropriation, &m.children_capitation,
                                   &m.staff_change, &m.agency_replacement};
  for (const auto& [key, value] : doc) {
    const std::string_view k = key.str();
    if (k == "id" || k == "name" || k == "description") {
      const auto* text = value.as_string();
      if (text == nullptr) return TomlError(path, value, std::string(k) + " must be a text");
      (k == "id" ? m.id : k == "name" ? m.name : m.description) = text->get();
    } else if (k == "year") {
      const auto* year = value.as_integer();
      if (year == nullptr || year->get() < 1900 || year->get() > 2100) return TomlError(path, value, "year must be a year");
      m.year = static_cast<int>(year->get());
    } else if (k == "price") {
      const toml::table* t = value.as_table();
      if (t == nullptr) return TomlError(path, value, "[price] must be a table (as an economy.toml [[capitation]] entry)");
      NARA_ASSIGN_OR_RETURN(m.price, PriceEntry(path, *t, /*in_whatif=*/true));
    } else if (k == "listing") {
      const toml::table* t = value.as_table();
      if (t == nullptr) return TomlError(path, value, "[listing] must be a table of municipality code = percent");
      for (const auto& [code, percent] : *t) {
        int municipality = 0;
        const std::string c(code.str());
        const bool digits = !c.empty() && c.size() <= 4 && std::all_of(c.begin(), c.end(), [](char ch) {
          return ch >= '0' && ch <= '9';
        });
        if (digits) municipality = std::stoi(c);
        const std::optional<double> p = TomlNumber(&percent);
        if (municipality <= 0 || !p) {
          return TomlError(path, percent, "[listing] entries are municipality code = percent (1384 = -0.5)");
        }
        m.listing[municipality] = *p;
      }
    } else if (k == "agency_stop") {
      const auto* b = value.as_boolean();
      if (b == nullptr) return TomlError(path, value, "agency_stop must be true or false");
      m.agency_stop = b->get();
    } else if (auto it = std::find(std::begin(kNumbers), std::end(kNumbers), k); it != std::end(kNumbers)) {
      const std::optional<double> n = TomlNumber(&value);
      if (!n) return TomlError(path, value, std::string(k) + " must be a number");
      *number_fields[it - std::begin(kNumbers)] = *n;
    } else {
      return TomlError(path, value,
                 "unknown key '" + std::string(k) +
                     "' (id, name, description, year, price, listing, cost_index, fees, appropriation, "
                     "children_capitation, staff_change, agency_stop, agency_replacement)");
    }
  }
  if (m.year == 0) return Status::DataError(path + ": no year (the year the model prices)");
  if (m.name.empty()) m.name = m.id;
  m.price.year = m.year;
  return m;
}

StatusOr<std::vector<WhatIfModel>> LoadWhatIfModels(const std::string& config_dir, int year) {
  std::vector<WhatIfModel> out;
  const std::filesystem::path dir = std::filesystem::path(config_dir) / "whatif";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return out;
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  for (const std::string& file : files) {
    NARA_ASSIGN_OR_RETURN(WhatIfModel m, LoadWhatIfModel(file));
    if (m.year != year) continue;
    for (const WhatIfModel& other : out) {
      if (other.id == m.id) return Status::DataError(file + ": id '" + m.id + "' is also " + other.file + "'s");
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace nara::model
