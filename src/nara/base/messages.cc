#include "nara/base/messages.h"

#include <cmath>
#include <cstdio>

#include "nara/base/text.h"

namespace nara {
namespace {

struct Entry {
  Msg id;
  const char* code;  // stable, for programs: "unknown_unit"
  const char* sv;
  const char* en;
};

// One line per message; the order follows the enum (checked at start of Say's table).
constexpr Entry kCatalogue[] = {
    {Msg::kStatusMet, "status_met", "Uppfyllt", "Met"},
    {Msg::kStatusNear, "status_near", "Nära", "Near"},
    {Msg::kStatusNotMet, "status_not_met", "Ej uppfyllt", "Not met"},
    {Msg::kStatusNoData, "status_no_data", "Saknar data", "No data"},
    {Msg::kStatusSuppressed, "status_suppressed", "För få", "Too few"},
    {Msg::kStatusNoTarget, "status_no_target", "Inget mål", "No target"},

    {Msg::kRuleChangeVsPreviousYear, "rule_change_vs_previous_year", "{0} mot föregående år", "{0} on the previous year"},
    {Msg::kRuleChangeVsBaseline, "rule_change_vs_baseline", "{0} mot {1}", "{0} on {1}"},
    {Msg::kRuleChangeVsPreviousYearEnd, "rule_change_vs_previous_year_end", "{0} mot föregående årsskifte", "{0} on the previous year-end"},
    {Msg::kRuleChangeVsPreviousYearWhole, "rule_change_vs_previous_year_whole", "{0} mot hela föregående år", "{0} on the whole previous year"},
    {Msg::kRuleEachMonthAbovePreviousYear, "rule_each_month_above_previous_year", "varje månad över föregående år", "every month above the previous year"},
    {Msg::kRuleWithinBudget, "rule_within_budget", "inom budget", "within budget"},
    {Msg::kRuleFollowOnly, "rule_follow_only", "följs upp", "followed up"},
    {Msg::kRuleNotSet, "rule_not_set", "ej satt", "not set"},

    {Msg::kAppliedPerYear, "applied_per_year", "{0} per år → {1} för {2}", "{0} a year → {1} for {2}"},
    {Msg::kAppliedChangeOn, "applied_change_on", "{0} mot {1} ({2})", "{0} on {1} ({2})"},
    {Msg::kAppliedChangePerYear, "applied_change_per_year", "{0} per år mot {1} ({2}) → {3} till {4}", "{0} a year on {1} ({2}) → {3} by {4}"},
    {Msg::kAppliedMonthsAbove, "applied_months_above", "{0} av {1} månader över föregående år", "{0} of {1} months above the previous year"},
    {Msg::kAppliedReferenceMissing, "applied_reference_missing", "jämförelsevärde för {0} saknas", "no value for {0} to compare with"},

    {Msg::kErrParameterRequired, "parameter_required", "parametern '{0}' krävs", "the parameter '{0}' is required"},
    {Msg::kErrBadYear, "bad_year", "'{0}' är inget år", "'{0}' is not a year"},
    {Msg::kErrYearOutside, "year_outside", "år {0} ligger utanför de år som visas ({1}–{2})",
     "year {0} is outside the years served ({1}–{2})"},
    {Msg::kErrBadPeriod, "bad_period", "'{0}' är ingen period (t.ex. 2024-03, 2024-T1, 2024-Q1, 2024, 2024-YTD-06, R12-2024-06)",
     "'{0}' is not a period (e.g. 2024-03, 2024-T1, 2024-Q1, 2024, 2024-YTD-06, R12-2024-06)"},
    {Msg::kErrPeriodNotInYear, "period_not_in_year", "perioden {0} slutar inte i planåret {1}", "period {0} does not end in plan year {1}"},
    {Msg::kErrUnknownUnit, "unknown_unit", "okänd enhet '{0}'", "unknown unit '{0}'"},
    {Msg::kErrUnknownIndicator, "unknown_indicator", "okänd indikator '{0}'", "unknown indicator '{0}'"},
    {Msg::kErrIndicatorNotForUnit, "indicator_not_for_unit", "indikatorn '{0}' gäller inte enheten '{1}'",
     "the indicator '{0}' does not apply to the unit '{1}'"},
    {Msg::kErrBadDate, "bad_date", "'{0}' är inget datum (ÅÅÅÅ-MM-DD)", "'{0}' is not a date (YYYY-MM-DD)"},
    {Msg::kErrBadLang, "bad_lang", "okänt språk '{0}' (sv eller en)", "unknown language '{0}' (sv or en)"},
    {Msg::kErrNoPlan, "no_plan", "ingen plan gäller {0}", "no plan is in force in {0}"},
};

static_assert(std::size(kCatalogue) == static_cast<size_t>(Msg::kCount_), "one catalogue entry per message");

constexpr bool InEnumOrder() {
  for (size_t i = 0; i < std::size(kCatalogue); ++i) {
    if (static_cast<size_t>(kCatalogue[i].id) != i) return false;
  }
  return true;
}
static_assert(InEnumOrder(), "the catalogue lists the messages in the enum's order");

std::string Fill(std::string_view text, const std::string_view* args, size_t count) {
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 2 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9' && text[i + 2] == '}') {
      size_t k = static_cast<size_t>(text[i + 1] - '0');
      if (k < count) out += args[k];
      i += 2;
      continue;
    }
    out += text[i];
  }
  return out;
}

}  // namespace

bool ParseLang(std::string_view text, Lang* out) {
  if (EqualsIgnoreCase(text, "sv")) return *out = Lang::kSv, true;
  if (EqualsIgnoreCase(text, "en")) return *out = Lang::kEn, true;
  return false;
}

const char* LangCode(Lang lang) { return lang == Lang::kSv ? "sv" : "en"; }

const char* MessageCode(Msg id) { return kCatalogue[static_cast<size_t>(id)].code; }

std::string_view MessageTemplate(Lang lang, Msg id) {
  const Entry& e = kCatalogue[static_cast<size_t>(id)];
  return lang == Lang::kSv ? e.sv : e.en;
}

std::string Say(Lang lang, Msg id, std::initializer_list<std::string_view> args) {
  return Fill(MessageTemplate(lang, id), args.begin(), args.size());
}

std::string Say(Lang lang, Msg id, const std::vector<std::string>& args) {
  std::vector<std::string_view> views(args.begin(), args.end());
  return Fill(MessageTemplate(lang, id), views.data(), views.size());
}

std::string FormatNumber(double value, int decimals, Lang lang) {
  if (!std::isfinite(value)) return "–";
  const bool sv = lang == Lang::kSv;
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(value));
  std::string_view digits = buf;
  size_t dot = digits.find('.');
  std::string_view int_part = digits.substr(0, dot);
  std::string out;
  bool nonzero = digits.find_first_not_of("0.") != std::string_view::npos;
  if (value < 0 && nonzero) out += sv ? "\u2212" : "-";
  for (size_t i = 0; i < int_part.size(); ++i) {
    if (i > 0 && (int_part.size() - i) % 3 == 0) out += sv ? "\u202F" : ",";
    out += int_part[i];
  }
  if (dot != std::string_view::npos) {
    out += sv ? ',' : '.';
    out.append(digits.substr(dot + 1));
  }
  return out;
}

}  // namespace nara
