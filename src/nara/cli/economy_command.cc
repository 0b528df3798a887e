#include "nara/cli/economy_command.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <ostream>

#include "nara/base/messages.h"
#include "nara/base/text.h"
#include "nara/cli/compute.h"
#include "nara/export/csv.h"
#include "nara/cli/source.h"
#include "nara/cli/text_table.h"
#include "nara/follow/economy.h"
#include "nara/follow/whatif.h"
#include "nara/model/prices.h"
#include "nara/serve/economy.h"

namespace nara::cli {
namespace {

// The words of a line in the build-up.
std::string LineText(const model::PriceLine& l, Lang lang) {
  switch (l.kind) {
    case model::PriceLine::Kind::kBase: return Say(lang, Msg::kPriceBase);
    case model::PriceLine::Kind::kFactor: return l.name + " " + FormatNumber(l.percent, 1, lang) + " %";
    case model::PriceLine::Kind::kSubtotal: return Say(lang, Msg::kPriceSubtotal);
    case model::PriceLine::Kind::kRounding: return Say(lang, Msg::kPriceRounding);
    case model::PriceLine::Kind::kAddition: return l.name;
    case model::PriceLine::Kind::kPrice: return Say(lang, Msg::kPriceResult);
  }
  return "";
}

// Kronor with öre when there are any.
std::string Kronor(double v, Lang lang) {
  return FormatNumber(v, std::abs(v - std::round(v)) < 1e-9 ? 0 : 2, lang);
}

std::string Tkr(double kr, Lang lang) { return FormatNumber(follow::Tkr(kr), 1, lang); }
std::string Tkr(const std::optional<double>& kr, Lang lang) { return kr ? Tkr(*kr, lang) : "–"; }

// The data, its tree and the unit asked for (default: the administration).
struct Loaded {
  std::unique_ptr<Source> source;
  int unit = -1;
};

StatusOr<Loaded> LoadFor(const EconomyArgs& args, Days day) {
  if (args.db.empty() == args.data_dir.empty()) return Status::Invalid("give --db DB or --data DIR");
  SourceArgs s;
  s.db = args.db;
  s.data_dir = args.data_dir;
  if (!args.data_dir.empty()) s.config_dir = args.config_dir;
  Loaded l;
  NARA_ASSIGN_OR_RETURN(l.source, LoadSource(s));
  const model::OrgTree& tree = l.source->extract.tree;
  l.unit = args.unit.empty() ? DefaultUnit(tree, day) : tree.Find(args.unit);
  if (l.unit < 0) return Status::NotFound("unknown unit '" + args.unit + "'");
  if (l.source->extract.data.Find("ledger") == nullptr) return Status::NotFound(Say(Lang::kEn, Msg::kErrNoLedger));
  return l;
}

}  // namespace

Status RunEconomy(const EconomyArgs& args, std::ostream& out) {
  Lang lang = Lang::kSv;
  if (!ParseLang(args.lang, &lang)) return Status::Invalid("unknown language '" + args.lang + "' (sv or en)");
  NARA_ASSIGN_OR_RETURN(model::Period period, model::ParsePeriod(args.period));
  const Month through = period.last;
  const int year = YearOf(through);
  if (args.year != 0 && args.year != year) {
    return Status::Invalid("the period " + period.ToString() + " does not end in " + std::to_string(args.year));
  }
  NARA_ASSIGN_OR_RETURN(std::vector<model::PriceModel> prices, model::LoadPrices(ConfigDir(args.config_dir)));
  const model::PriceModel* price = model::FindPrice(prices, year);
  if (price == nullptr) return Status::NotFound(Say(Lang::kEn, Msg::kErrNoPrice, {std::to_string(year)}));
  NARA_ASSIGN_OR_RETURN(Loaded l, LoadFor(args, LastDayOfMonth(through)));
  const model::OrgTree& tree = l.source->extract.tree;
  const engine::Dataset& data = l.source->extract.data;
  NARA_ASSIGN_OR_RETURN(follow::EconomySummary e, follow::Summarize(data, tree, l.unit, year, through));
  NARA_ASSIGN_OR_RETURN(follow::CapitationCheck c,
                        follow::CheckCapitation(data, tree, l.unit, year, through, model::BuildPrice(*price).price));
  const Days day = LastDayOfMonth(through);
  auto name = [&](int u) {
    const model::UnitVersion* v = tree.VersionAt(u, day);
    return (v ? *v : tree.Latest(u)).name;
  };
  if (args.format == "json") {
    out << serve::api::json{{"economy", serve::api::EconomyJson(e, tree, period, l.unit, lang)},
                            {"capitation", serve::api::CapitationJson(c, tree, period, l.unit)}}
               .dump(2, ' ', false, serve::api::kInvalidUtf8)
        << "\n";
    return Status::Ok();
  }
  if (args.format == "csv") {
    exports::CsvWriter csv(exports::Dialect::kStandard);
    for (const char* h : {"table", "unit_id", "unit", "level", "figure", "tkr"}) csv.Text(h);
    csv.EndRecord();
    auto put = [&](const char* table, int u, int level, const char* figure, const std::optional<double>& kr) {
      csv.Text(table);
      csv.Text(tree.id(u));
      csv.Text(name(u));
      csv.Number(level);
      csv.Text(figure);
      csv.Number(kr ? follow::Tkr(*kr) : NAN);
      csv.EndRecord();
    };
    for (const follow::EconomyRow& r : e.rows) {
      put("economy", r.unit, r.level, "budget_year", r.budget_year);
      put("economy", r.unit, r.level, "budget_ytd", r.budget_ytd);
      put("economy", r.unit, r.level, "actual_ytd", r.actual_ytd);
      put("economy", r.unit, r.level, "deviation_ytd", r.deviation_ytd());
      put("economy", r.unit, r.level, "forecast", r.forecast);
      put("economy", r.unit, r.level, "forecast_deviation",
          r.forecast ? std::optional<double>(*r.forecast - r.budget_year) : std::nullopt);
    }
    for (const follow::CapitationRow& r : c.units) {
      put("capitation", r.unit, 1, "computed", r.computed);
      put("capitation", r.unit, 1, "booked", r.booked);
      put("capitation", r.unit, 1, "difference", r.difference());
    }
    out << csv.text();
    return Status::Ok();
  }
  const std::string first = FormatMonth(MakeMonth(year, 1)), last = FormatMonth(through);
  out << Say(lang, Msg::kEconTitle, {name(l.unit), first, last}) << "\n";
  std::vector<std::vector<std::string>> rows = {
      {Say(lang, Msg::kEconUnit), Say(lang, Msg::kEconBudgetYear), Say(lang, Msg::kEconBudgetYtd),
       Say(lang, Msg::kEconActualYtd), Say(lang, Msg::kEconDeviationYtd), Say(lang, Msg::kEconForecast),
       Say(lang, Msg::kEconForecastDeviation)}};
  for (const follow::EconomyRow& r : e.rows) {
    rows.push_back({(r.level ? "  " : "") + name(r.unit), Tkr(r.budget_year, lang), Tkr(r.budget_ytd, lang),
                    Tkr(r.actual_ytd, lang), Tkr(r.deviation_ytd(), lang), Tkr(r.forecast, lang),
                    r.forecast ? Tkr(*r.forecast - r.budget_year, lang) : "–"});
  }
  PrintTable(rows, out);
  out << "\n"
      << Say(lang, Msg::kEconCapitationTitle, {name(l.unit), first, last, FormatNumber(c.price, 0, lang)}) << "\n";
  rows = {{Say(lang, Msg::kEconUnit), Say(lang, Msg::kEconCarePoints), Say(lang, Msg::kEconComputed),
           Say(lang, Msg::kEconBooked), Say(lang, Msg::kEconDifference)}};
  for (const follow::CapitationRow& r : c.units) {
    rows.push_back({name(r.unit), FormatNumber(r.care_points, 1, lang), Tkr(r.computed, lang), Tkr(r.booked, lang),
                    Tkr(r.difference(), lang)});
  }
  rows.push_back({Say(lang, Msg::kReportTotal), "", Tkr(c.computed, lang), Tkr(c.booked, lang),
                  Tkr(c.booked - c.computed, lang)});
  PrintTable(rows, out);
  return Status::Ok();
}

Status RunWhatIf(const EconomyArgs& args, std::ostream& out) {
  Lang lang = Lang::kSv;
  if (!ParseLang(args.lang, &lang)) return Status::Invalid("unknown language '" + args.lang + "' (sv or en)");
  const std::string config_dir = ConfigDir(args.config_dir);
  std::vector<model::WhatIfModel> models;
  if (args.models.empty()) {
    NARA_ASSIGN_OR_RETURN(models, model::LoadWhatIfModels(config_dir, args.year));
    if (models.empty()) return Status::NotFound(Say(Lang::kEn, Msg::kErrNoWhatIfModels, {std::to_string(args.year)}));
  } else {
    for (const std::string& file : args.models) {
      NARA_ASSIGN_OR_RETURN(model::WhatIfModel m, model::LoadWhatIfModel(file));
      if (args.year != 0 && m.year != args.year) {
        return Status::Invalid(file + ": the model prices " + std::to_string(m.year) + ", not " +
                               std::to_string(args.year));
      }
      models.push_back(std::move(m));
    }
  }
  NARA_ASSIGN_OR_RETURN(std::vector<model::PriceModel> prices, model::LoadPrices(config_dir));
  const Days day = LastDayOfMonth(MakeMonth(models.front().year - 1, 12));
  NARA_ASSIGN_OR_RETURN(Loaded l, LoadFor(args, day));
  const model::OrgTree& tree = l.source->extract.tree;
  NARA_ASSIGN_OR_RETURN(follow::WhatIfComparison c,
                        follow::CompareWhatIf(l.source->extract.data, tree, l.unit, prices, models));
  auto name = [&](int u) {
    const model::UnitVersion* v = tree.VersionAt(u, day);
    return (v ? *v : tree.Latest(u)).name;
  };
  if (args.format == "json") {
    out << serve::api::WhatIfJson(c, models, tree).dump(2, ' ', false, serve::api::kInvalidUtf8) << "\n";
    return Status::Ok();
  }
  if (args.format == "csv") {
    exports::CsvWriter csv(exports::Dialect::kStandard);
    for (const char* h : {"model", "price", "unit_id", "unit", "level", "base_result_tkr", "result_tkr", "revenue_tkr"})
      csv.Text(h);
    csv.EndRecord();
    for (size_t i = 0; i < models.size(); ++i) {
      for (const follow::WhatIfRow& r : c.rows) {
        csv.Text(models[i].id);
        csv.Number(c.prices[i]);
        csv.Text(tree.id(r.unit));
        csv.Text(name(r.unit));
        csv.Number(r.level);
        csv.Number(follow::Tkr(r.base_result));
        csv.Number(follow::Tkr(r.results[i]));
        csv.Number(follow::Tkr(r.revenues[i]));
        csv.EndRecord();
      }
    }
    out << csv.text();
    return Status::Ok();
  }
  out << Say(lang, Msg::kEconWhatIfTitle, {std::to_string(c.year), std::to_string(c.base_year)}) << "\n";
  for (size_t i = 0; i < models.size(); ++i) {
    out << "  " << models[i].id << ": " << models[i].name << " — " << Say(lang, Msg::kEconPrice) << " "
        << FormatNumber(c.prices[i], 0, lang) << " kr\n";
  }
  std::vector<std::vector<std::string>> rows;
  rows.push_back({Say(lang, Msg::kEconUnit), Say(lang, Msg::kEconBaseResult, {std::to_string(c.base_year)})});
  for (const model::WhatIfModel& m : models) rows.back().push_back(m.id);
  for (const follow::WhatIfRow& r : c.rows) {
    rows.push_back({std::string(static_cast<size_t>(2 * r.level), ' ') + name(r.unit), Tkr(r.base_result, lang)});
    for (double v : r.results) rows.back().push_back(Tkr(v, lang));
  }
  PrintTable(rows, out);
  return Status::Ok();
}

Status RunPrice(const PriceArgs& args, std::ostream& out) {
  Lang lang = Lang::kSv;
  if (!ParseLang(args.lang, &lang)) return Status::Invalid("unknown language '" + args.lang + "' (sv or en)");
  NARA_ASSIGN_OR_RETURN(std::vector<model::PriceModel> models, model::LoadPrices(ConfigDir(args.config_dir)));
  const model::PriceModel* m = model::FindPrice(models, args.year);
  if (m == nullptr) {
    std::string years;
    for (const model::PriceModel& x : models) years += (years.empty() ? "" : ", ") + std::to_string(x.year);
    return Status::NotFound("economy.toml has no price for " + std::to_string(args.year) + " (it has " + years + ")");
  }
  const model::PriceBuildUp b = model::BuildPrice(*m);
  if (args.format == "csv") {
    exports::CsvWriter csv(exports::Dialect::kStandard);
    csv.Text("component");
    csv.Text("percent");
    csv.Text("amount");
    csv.EndRecord();
    for (const model::PriceLine& l : b.lines) {
      // A factor's percent has its own column.
      csv.Text(l.kind == model::PriceLine::Kind::kFactor ? l.name : LineText(l, lang));
      csv.Number(l.kind == model::PriceLine::Kind::kFactor ? l.percent : NAN);
      csv.Number(l.amount);
      csv.EndRecord();
    }
    out << csv.text();
    return Status::Ok();
  }
  size_t width = 0;
  std::vector<std::pair<std::string, std::string>> rows;
  for (const model::PriceLine& l : b.lines) {
    const bool total = l.kind == model::PriceLine::Kind::kSubtotal || l.kind == model::PriceLine::Kind::kPrice;
    const std::string sign = total ? "= " : l.kind == model::PriceLine::Kind::kBase ? "  " : l.amount < 0 ? "− " : "+ ";
    const std::string amount = Kronor(l.kind == model::PriceLine::Kind::kBase || total ? l.amount : std::abs(l.amount), lang);
    rows.push_back({sign + LineText(l, lang), amount});
    width = std::max(width, TextWidth(rows.back().first));
  }
  out << Say(lang, Msg::kPriceTitle, {std::to_string(b.year)}) << "\n";
  if (!m->source.empty()) out << "(" << m->source << ")\n";
  for (const auto& [text, amount] : rows) {
    out << PadText(text, width + 2) << PadText(amount, 12, /*right=*/true) << "\n";
  }
  return Status::Ok();
}

EconomyCommand::EconomyCommand(CLI::App* app) {
  CLI::App* economy = app->add_subcommand(
      "economy", "The economy: budget, outcome and forecast, computed against booked capitation; what-if; the price");
  economy_ = economy;
  economy->require_subcommand(0, 1);
  economy->add_option("--db", args_.db, "The store (nara import)");
  economy->add_option("--data", args_.data_dir, "A folder of extracts");
  economy->add_option("--config", args_.config_dir,
                      "Configuration folder with economy.toml (default: data/halland; with --data also the plan)");
  economy->add_option("--year", args_.year, "The plan year (must be the period's)")->check(CLI::Range(1900, 2100));
  economy->add_option("--period", args_.period, "Period whose last month the figures run to from January (2024-T1)");
  economy->add_option("--unit", args_.unit, "Unit id (default: the administration)");
  economy->add_option("--format", args_.format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  economy->add_option("--lang", args_.lang, "sv or en")->check(CLI::IsMember({"sv", "en"}));
  whatif_ = economy->add_subcommand("whatif", "Compare price models: next year's result per area and unit under each");
  whatif_->add_option("--db", whatif_args_.db, "The store (nara import)");
  whatif_->add_option("--data", whatif_args_.data_dir, "A folder of extracts");
  whatif_->add_option("--config", whatif_args_.config_dir, "Configuration folder with economy.toml and whatif/");
  whatif_->add_option("--year", whatif_args_.year, "The year the models price")->check(CLI::Range(1900, 2100));
  whatif_->add_option("--model", whatif_args_.models, "A model file (repeat; default: the configuration's whatif/*.toml)");
  whatif_->add_option("--unit", whatif_args_.unit, "The administration (default: the one in force)");
  whatif_->add_option("--format", whatif_args_.format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  whatif_->add_option("--lang", whatif_args_.lang, "sv or en")->check(CLI::IsMember({"sv", "en"}));
  price_ = economy->add_subcommand("price", "Print a year's capitation price per care point, built up line by line");
  price_->add_option("--config", price_args_.config_dir, "Configuration folder with economy.toml (default: data/halland)");
  price_->add_option("--year", price_args_.year, "The price year")->required()->check(CLI::Range(1900, 2100));
  price_->add_option("--format", price_args_.format, "table or csv")->check(CLI::IsMember({"table", "csv"}));
  price_->add_option("--lang", price_args_.lang, "sv or en")->check(CLI::IsMember({"sv", "en"}));
}

bool EconomyCommand::Run(std::ostream& out, Status* status) {
  if (!*economy_) return false;
  if (*price_) {
    *status = RunPrice(price_args_, out);
  } else if (*whatif_) {
    *status = whatif_args_.year == 0 && whatif_args_.models.empty()
                  ? Status::Invalid("give --year (the configuration's models of that year) or --model FILE")
                  : RunWhatIf(whatif_args_, out);
  } else {
    *status = args_.period.empty() ? Status::Invalid("give --period (2024-T1), or a subcommand: price, whatif")
                                   : RunEconomy(args_, out);
  }
  return true;
}

}  // namespace nara::cli
