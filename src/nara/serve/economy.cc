#include "nara/serve/economy.h"

#include <cmath>
#include <cstdlib>

#include "nara/serve/json_views.h"
#include "nara/serve/params.h"

namespace nara::serve::api {
namespace {

using follow::Tkr;
json Tkr(const std::optional<double>& kr) { return kr ? json(Tkr(*kr)) : json(nullptr); }

std::string Dump(const json& j) { return j.dump(-1, ' ', false, kInvalidUtf8); }

// The price per care point of `year` from `config_dir`/economy.toml, or the error.
std::variant<double, ApiError> PriceOf(const std::string& config_dir, int year, Lang lang) {
  auto prices = model::LoadPrices(config_dir);
  if (!prices.ok()) return Error(500, lang, Msg::kErrEconomy, {prices.status().message()});
  const model::PriceModel* m = model::FindPrice(*prices, year);
  if (m == nullptr) return Error(404, lang, Msg::kErrNoPrice, {std::to_string(year)});
  return model::BuildPrice(*m).price;
}

}  // namespace

json EconomyJson(const follow::EconomySummary& e, const model::OrgTree& tree, const model::Period& period, int unit,
                 Lang lang) {
  const Days day = LastDayOfMonth(e.through);
  json rows = json::array();
  for (const follow::EconomyRow& r : e.rows) {
    rows.push_back({{"unit", UnitRef(tree, r.unit, day)},
                    {"level", r.level},
                    {"budget_year", Tkr(r.budget_year)},
                    {"budget_ytd", Tkr(r.budget_ytd)},
                    {"actual_ytd", Tkr(r.actual_ytd)},
                    {"deviation_ytd", Tkr(r.deviation_ytd())},
                    {"forecast", Tkr(r.forecast)},
                    {"forecast_deviation", r.forecast ? json(Tkr(*r.forecast - r.budget_year)) : json(nullptr)},
                    {"forecast_made_in", r.forecast ? json(FormatMonth(r.forecast_made_in)) : json(nullptr)},
                    {"revenue_budget_ytd", Tkr(r.revenue_budget_ytd)},
                    {"revenue_actual_ytd", Tkr(r.revenue_actual_ytd)},
                    {"cost_budget_ytd", Tkr(r.cost_budget_ytd)},
                    {"cost_actual_ytd", Tkr(r.cost_actual_ytd)},
                    {"has_children", r.has_children}});
  }
  json months = json::array();
  for (const follow::EconomyMonth& m : e.months) {
    months.push_back({{"month", FormatMonth(m.month)},
                      {"budget", Tkr(m.budget)},
                      {"actual", Tkr(m.actual)},
                      {"deviation_accumulated", Tkr(m.deviation_accumulated)},
                      {"forecast", Tkr(m.forecast)}});
  }
  json accounts = json::array();
  for (size_t i = 0; i < e.accounts.size(); ++i) {
    const follow::EconomyAccount& a = e.accounts[i];
    const Msg name = static_cast<Msg>(static_cast<int>(Msg::kAccountRevenueCapitation) + static_cast<int>(i));
    accounts.push_back({{"account", a.account},
                        {"name", Say(lang, name)},
                        {"kind", a.revenue ? "revenue" : "cost"},
                        {"budget_ytd", Tkr(a.budget_ytd)},
                        {"actual_ytd", Tkr(a.actual_ytd)},
                        {"deviation_ytd", Tkr(a.revenue ? a.actual_ytd - a.budget_ytd : a.budget_ytd - a.actual_ytd)}});
  }
  return {{"year", e.year},
          {"period", period.ToString()},
          {"through", FormatMonth(e.through)},
          {"unit", UnitRef(tree, unit, day)},
          {"rows", rows},
          {"months", months},
          {"accounts", accounts}};
}

json CapitationJson(const follow::CapitationCheck& c, const model::OrgTree& tree, const model::Period& period,
                    int unit) {
  const Days day = LastDayOfMonth(c.through);
  json units = json::array();
  for (const follow::CapitationRow& r : c.units) {
    units.push_back({{"unit", UnitRef(tree, r.unit, day)},
                     {"care_points", std::round(r.care_points * 10) / 10},
                     {"computed", Tkr(r.computed)},
                     {"booked", Tkr(r.booked)},
                     {"difference", Tkr(r.difference())},
                     {"difference_share", r.computed > 0 ? json(r.difference() / r.computed) : json(nullptr)}});
  }
  return {{"year", c.year},
          {"period", period.ToString()},
          {"through", FormatMonth(c.through)},
          {"unit", UnitRef(tree, unit, day)},
          {"price", c.price},
          {"units", units},
          {"total", {{"computed", Tkr(c.computed)}, {"booked", Tkr(c.booked)}, {"difference", Tkr(c.booked - c.computed)}}}};
}

json WhatIfJson(const follow::WhatIfComparison& c, const std::vector<model::WhatIfModel>& models,
                const model::OrgTree& tree) {
  const Days day = LastDayOfMonth(MakeMonth(c.base_year, 12));
  json list = json::array();
  for (size_t i = 0; i < models.size(); ++i) {
    const model::WhatIfModel& m = models[i];
    list.push_back({{"id", m.id}, {"name", m.name}, {"description", m.description}, {"price", c.prices[i]}});
  }
  json rows = json::array();
  for (const follow::WhatIfRow& r : c.rows) {
    json results = json::array(), revenues = json::array();
    for (double v : r.results) results.push_back(Tkr(v));
    for (double v : r.revenues) revenues.push_back(Tkr(v));
    rows.push_back({{"unit", UnitRef(tree, r.unit, day)},
                    {"level", r.level},
                    {"base_result", Tkr(r.base_result)},
                    {"results", results},
                    {"revenues", revenues}});
  }
  return {{"year", c.year}, {"base_year", c.base_year}, {"models", list}, {"rows", rows}};
}

Result EconomySummaryJson(const http::Request& req, const Snapshot& s) {
  Parsed<Scope> parsed = ParseScope(req, s);
  if (auto* e = std::get_if<ApiError>(&parsed)) return *e;
  const Scope& sc = std::get<Scope>(parsed);
  const engine::Dataset& data = s.loaded.extract.data;
  if (data.Find("ledger") == nullptr) return Error(404, sc.lang, Msg::kErrNoLedger);
  const Month through = sc.period.last;
  auto summary = follow::Summarize(data, s.tree(), sc.unit, YearOf(through), through);
  if (!summary.ok()) return Error(400, sc.lang, Msg::kErrEconomy, {summary.status().message()});
  return Dump(EconomyJson(*summary, s.tree(), sc.period, sc.unit, sc.lang));
}

Result CapitationJson(const http::Request& req, const Snapshot& s, const std::string& config_dir) {
  Parsed<Scope> parsed = ParseScope(req, s);
  if (auto* e = std::get_if<ApiError>(&parsed)) return *e;
  const Scope& sc = std::get<Scope>(parsed);
  const engine::Dataset& data = s.loaded.extract.data;
  if (data.Find("ledger") == nullptr) return Error(404, sc.lang, Msg::kErrNoLedger);
  const Month through = sc.period.last;
  auto price = PriceOf(config_dir, YearOf(through), sc.lang);
  if (auto* e = std::get_if<ApiError>(&price)) return *e;
  auto check = follow::CheckCapitation(data, s.tree(), sc.unit, YearOf(through), through, std::get<double>(price));
  if (!check.ok()) return Error(400, sc.lang, Msg::kErrEconomy, {check.status().message()});
  return Dump(CapitationJson(*check, s.tree(), sc.period, sc.unit));
}

Result WhatIfJson(const http::Request& req, const Snapshot& s, const std::string& config_dir) {
  Parsed<Lang> parsed_lang = ParseLangParam(req);
  if (auto* e = std::get_if<ApiError>(&parsed_lang)) return *e;
  const Lang lang = std::get<Lang>(parsed_lang);
  int year = s.last_year + 1;
  if (const std::string text = req.Param("year"); !text.empty()) {
    char* end = nullptr;
    const long y = std::strtol(text.c_str(), &end, 10);
    if (end == text.c_str() || *end != '\0' || y < 1900 || y > 2100) return Error(400, lang, Msg::kErrBadYear, {text});
    year = static_cast<int>(y);
  }
  const engine::Dataset& data = s.loaded.extract.data;
  if (data.Find("ledger") == nullptr) return Error(404, lang, Msg::kErrNoLedger);
  auto models = model::LoadWhatIfModels(config_dir, year);
  if (!models.ok()) return Error(500, lang, Msg::kErrEconomy, {models.status().message()});
  if (models->empty()) return Error(404, lang, Msg::kErrNoWhatIfModels, {std::to_string(year)});
  auto prices = model::LoadPrices(config_dir);
  if (!prices.ok()) return Error(500, lang, Msg::kErrEconomy, {prices.status().message()});
  auto cmp = follow::CompareWhatIf(data, s.tree(), s.administration, *prices, *models);
  if (!cmp.ok()) return Error(400, lang, Msg::kErrEconomy, {cmp.status().message()});
  return Dump(WhatIfJson(*cmp, *models, s.tree()));
}

}  // namespace nara::serve::api
