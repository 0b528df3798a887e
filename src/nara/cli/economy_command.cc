#include "nara/cli/economy_command.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <ostream>

#include "nara/base/messages.h"
#include "nara/base/text.h"
#include "nara/cli/compute.h"
#include "nara/export/csv.h"
#include "nara/model/prices.h"

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

}  // namespace

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
  CLI::App* economy = app->add_subcommand("economy", "The economy: the capitation price build-up");
  economy->require_subcommand(1);
  price_ = economy->add_subcommand("price", "Print a year's capitation price per care point, built up line by line");
  price_->add_option("--config", price_args_.config_dir, "Configuration folder with economy.toml (default: data/halland)");
  price_->add_option("--year", price_args_.year, "The price year")->required()->check(CLI::Range(1900, 2100));
  price_->add_option("--format", price_args_.format, "table or csv")->check(CLI::IsMember({"table", "csv"}));
  price_->add_option("--lang", price_args_.lang, "sv or en")->check(CLI::IsMember({"sv", "en"}));
}

bool EconomyCommand::Run(std::ostream& out, Status* status) {
  if (!*price_) return false;
  *status = RunPrice(price_args_, out);
  return true;
}

}  // namespace nara::cli
