#include "nara/serve/openapi.h"

#include <nlohmann/json.hpp>

namespace nara::serve {
namespace {

using nlohmann::json;

json Ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

json Query(const std::string& name, const std::string& description, bool required = false,
           json example = nullptr) {
  json p = {{"name", name},
            {"in", "query"},
            {"required", required},
            {"description", description},
            {"schema", {{"type", "string"}}}};
  if (!example.is_null()) p["example"] = example;
  return p;
}

json JsonResponse(const std::string& description, const json& schema) {
  return {{"description", description}, {"content", {{"application/json", {{"schema", schema}}}}}};
}

json Errors(std::initializer_list<int> codes) {
  json out = json::object();
  for (int c : codes) {
    std::string d = c == 400 ? "Bad parameter (unknown unit or indicator, malformed period, year not served)"
                    : c == 404 ? "Not found: no plan in force that year, or the indicator does not apply to the unit"
                    : c == 409 ? "The server reads a folder of extracts and cannot import"
                    : c == 422 ? "The file breaks the data contract; problems carry code, file, line, field and message"
                               : "Error";
    out[std::to_string(c)] = JsonResponse(d, Ref("Error"));
  }
  return out;
}

json Get(const std::string& summary, const json& params, const json& ok, std::initializer_list<int> errors) {
  json responses = Errors(errors);
  responses["200"] = ok;
  return {{"get", {{"summary", summary}, {"parameters", params}, {"responses", responses}}}};
}

json Nullable(const std::string& type) { return {{"type", json::array({type, "null"})}}; }

json Build() {
  const json year =
      Query("year",
            "Plan year (one of the years served, see /api/info). Default: the period's year, else "
            "the last year served.",
            false, "2024");
  const json period =
      Query("period",
            "Period: 2024-03 (month), 2024-T1 (tertial), 2024-Q1, 2024, 2024-YTD-06 (year to date), "
            "R12-2024-06 (rolling 12 months). Must end in the plan year. Default: the whole year.",
            false, "2024-T1");
  const json unit = Query("unit", "Unit id. Default: the administration.", false, "vc_varberg");
  const json indicator = Query("indicator", "Indicator id of the catalogue.", true, "phone_same_day");
  const json lang = Query("lang", "Language of every text in the answer, errors included: sv (default) or en.",
                          false, "sv");

  json schemas;
  schemas["Error"] = {{"type", "object"},
                      {"required", {"error"}},
                      {"properties",
                       {{"error",
                         {{"type", "object"},
                          {"required", {"status", "message"}},
                          {"properties",
                           {{"status", {{"type", "integer"}}},
                            {"code",
                             {{"type", "string"},
                              {"description",
                               "The message's id, stable for programs: bad_year, year_outside, bad_period, "
                               "period_not_in_year, unknown_unit, unknown_indicator, indicator_not_for_unit, "
                               "parameter_required, bad_date, bad_lang, no_plan"}}},
                            {"message", {{"type", "string"}, {"description", "In the language asked for (lang)"}}},
                            {"problems",
                             {{"type", "array"},
                              {"items",
                               {{"type", "object"},
                                {"properties",
                                 {{"code",
                                   {{"type", "string"},
                                    {"nullable", true},
                                    {"description", "The problem's message id (value_no_such_date, csv_duplicate_key, …)"}}},
                                  {"file", Nullable("string")},
                                  {"line", Nullable("integer")},
                                  {"column",
                                   {{"type", "integer"},
                                    {"nullable", true},
                                    {"description", "Character position, when the problem is in no one field"}}},
                                  {"field", {{"type", "string"}, {"nullable", true}, {"description", "The column's name"}}},
                                  {"field_position",
                                   {{"type", "integer"},
                                    {"nullable", true},
                                    {"description", "The field's position in its row, from 1"}}},
                                  {"message",
                                   {{"type", "string"}, {"description", "In the language asked for (lang)"}}}}}}}}}}}}}}}};
  schemas["UnitRef"] = {{"type", "object"},
                        {"properties",
                         {{"id", {{"type", "string"}}},
                          {"name", {{"type", "string"}}},
                          {"kind", {{"type", "string"}}},
                          {"ownership", {{"type", "string"}, {"enum", {"public", "private"}}}}}}};
  schemas["Result"] = {
      {"type", "object"},
      {"description",
       "One indicator's outcome. Values are null when missing or suppressed (n below the minimum)."},
      {"properties",
       {{"indicator", {{"type", "string"}}},
        {"value", Nullable("number")},
        {"numerator", Nullable("number")},
        {"denominator", Nullable("number")},
        {"n", {{"type", "integer"}}},
        {"decimals",
         {{"type", "integer"},
          {"description",
           "Digits to show this cell's value, previous year and target with: the indicator's own, or more "
           "when fewer would make value and status disagree (−0,02 Mnkr not met against ≥ 0)"}}},
        {"target", Nullable("number")},
        {"target_text",
         {{"type", "string"},
          {"description",
           "The target applied to this period, formatted like the value in the language asked for "
           "(\"≥ 218 487\" for a yearly 655 462 in a tertial); empty when the unit has no target"}}},
        {"target_rule",
         {{"type", "string"},
          {"description",
           "Where the target came from (\"655 462 per år → 218 487 för 2024-T3\", \"+500 mot 2023-12 "
           "(178 711)\", \"jämförelsevärde för 2021 saknas\"); empty when the text says it all"}}},
        {"status",
         {{"type", "string"},
          {"enum", {"met", "near", "not_met", "no_data", "suppressed", "no_target"}},
          {"description",
           "no_data: no value or n = 0 (the value is then null); no_target: no target, a follow-only one, "
           "or its previous-year or baseline value is missing"}}},
        {"status_text", {{"type", "string"}, {"description", "The status in the language asked for"}}},
        {"previous_year_value", Nullable("number")}}}};
  schemas["Indicator"] = {{"type", "object"},
                          {"properties",
                           {{"id", {{"type", "string"}}},
                            {"name", {{"type", "string"}}},
                            {"perspective", {{"type", "string"}}},
                            {"definition", {{"type", "string"}}},
                            {"display", {{"type", "string"}}},
                            {"better", {{"type", "string"}, {"enum", {"higher", "lower"}}}},
                            {"decimals", {{"type", "integer"}}},
                            {"min_n", {{"type", "integer"}}},
                            {"tolerance", {{"type", "number"}}},
                            {"measure",
                             {{"type", "string"},
                              {"enum", {"rate", "flow", "stock"}},
                              {"description",
                               "flow: a count over the period (a yearly threshold covers the period's share "
                               "of days); stock: a level at its end (a change target grows with the share of "
                               "the year elapsed)"}}},
                            {"applies_to",
                             {{"type", "array"},
                              {"items", {{"type", "string"}}},
                              {"description",
                               "Unit kinds the indicator is about (empty: every kind); other units are shown "
                               "it only when such a unit is below them"}}},
                            {"targets", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
  schemas["Comment"] = {
      {"type", "object"},
      {"required", {"subject_kind", "subject_id", "unit", "period", "text"}},
      {"properties",
       {{"subject_kind", {{"type", "string"}, {"enum", {"indicator", "goal"}}}},
        {"subject_id", {{"type", "string"}, {"description", "Indicator id, or goal/assignment id"}}},
        {"unit", {{"type", "string"}}},
        {"period", {{"type", "string"}}},
        {"text", {{"type", "string"}, {"description", "Empty text removes the comment"}}},
        {"author", {{"type", "string"}}},
        {"updated_at", {{"type", "string"}, {"readOnly", true}}}}}};
  schemas["Batch"] = {{"type", "object"},
                      {"properties",
                       {{"id", {{"type", "integer"}}},
                        {"table", {{"type", "string"}}},
                        {"file_name", {{"type", "string"}}},
                        {"sha256", {{"type", "string"}}},
                        {"bytes", {{"type", "integer"}}},
                        {"rows", {{"type", "integer"}}},
                        {"period_from", {{"type", "string"}}},
                        {"period_to", {{"type", "string"}}},
                        {"loaded_at", {{"type", "string"}}},
                        {"loaded_by", {{"type", "string"}}},
                        {"config_version", {{"type", "integer"}}},
                        {"supersedes", {{"type", "array"}, {"items", {{"type", "integer"}}}}}}}};

  json obj = {{"type", "object"}};
  json paths;
  paths["/api/info"] =
      Get("What is served: source, years, data version, configuration version, the default unit",
          json::array(), JsonResponse("Server and data facts", obj), {});
  paths["/api/units"] =
      Get("The organisation tree with validity: every unit, its versions, parent and children",
          json::array({Query("date", "Only units valid on this day (YYYY-MM-DD), parents as of that day",
                             false, "2024-04-30"),
                       lang}),
          JsonResponse("Units", obj), {400});
  paths["/api/plan"] =
      Get("The plan in force in a year: focus areas → goals → assignments with their indicators",
          json::array({year, lang}), JsonResponse("Plan", obj), {400, 404});
  paths["/api/catalogue"] =
      Get("The indicator catalogue with definitions and targets per plan year", json::array({lang}),
          JsonResponse("Catalogue", {{"type", "object"},
                                     {"properties",
                                      {{"perspectives", {{"type", "array"}}},
                                       {"indicators", {{"type", "array"}, {"items", Ref("Indicator")}}}}}}),
          {400});
  json row = Ref("Result");
  paths["/api/scorecard"] = Get(
      "The plan year's scorecard of one unit and period, every indicator with a 12-month sparkline",
      json::array({year, period, unit, lang}),
      JsonResponse("Scorecard", {{"type", "object"},
                                 {"properties",
                                  {{"year", {{"type", "integer"}}},
                                   {"period", {{"type", "string"}}},
                                   {"unit", Ref("UnitRef")},
                                   {"data_version", {{"type", "integer"}}},
                                   {"config_version",
                                    {{"type", "integer"},
                                     {"nullable", true},
                                     {"description",
                                      "The database's configuration version the results are computed "
                                      "with (null for a folder of extracts)"}}},
                                   {"sparkline_from",
                                    {{"type", "string"},
                                     {"description",
                                      "Month of each row's first sparkline value (12 monthly values through "
                                      "the period's last month, rounded to four significant digits)"}}},
                                   {"rows", {{"type", "array"}, {"items", row}}}}}}),
      {400});
  paths["/api/series"] =
      Get("One indicator's monthly values of a year for a unit: value, target, previous year, "
          "numerator, denominator, n",
          json::array({indicator, year, unit, lang}),
          JsonResponse("Series", {{"type", "object"},
                                  {"properties",
                                   {{"indicator", Ref("Indicator")},
                                    {"unit", Ref("UnitRef")},
                                    {"months", {{"type", "array"}, {"items", row}}}}}}),
          {400, 404});
  paths["/api/breakdown"] =
      Get("One indicator over a unit's children it applies to, in a period",
          json::array({indicator, year, period, unit, lang}),
          JsonResponse("Breakdown", {{"type", "object"},
                                     {"properties",
                                      {{"indicator", Ref("Indicator")},
                                       {"total", row},
                                       {"children", {{"type", "array"}, {"items", row}}}}}}),
          {400, 404});
  json comments_get = Get(
      "Analysis comments, filtered",
      json::array({Query("subject_kind", "indicator or goal"), Query("subject_id", "Indicator or goal id"),
                   Query("unit", "Unit id"), Query("period", "Period")}),
      JsonResponse("Comments",
                   {{"type", "object"},
                    {"properties", {{"comments", {{"type", "array"}, {"items", Ref("Comment")}}}}}}),
      {400});
  json post_responses = Errors({400});
  post_responses["201"] =
      JsonResponse("The stored comment", {{"type", "object"}, {"properties", {{"comment", Ref("Comment")}}}});
  comments_get["post"] = {
      {"summary",
       "Write (or with empty text remove) the analysis text of an indicator or goal, "
       "unit and period"},
      {"requestBody",
       {{"required", true}, {"content", {{"application/json", {{"schema", Ref("Comment")}}}}}}},
      {"responses", post_responses}};
  paths["/api/comments"] = comments_get;
  paths["/api/batches"] =
      Get("Import batches of the database (empty for a folder of extracts)", json::array(),
          JsonResponse("Batches", {{"type", "object"},
                                   {"properties",
                                    {{"can_import", {{"type", "boolean"}}},
                                     {"batches", {{"type", "array"}, {"items", Ref("Batch")}}}}}}),
          {});
  json import_responses = Errors({400, 409, 422});
  import_responses["201"] = JsonResponse("Stored (or already stored byte for byte); results recomputed", obj);
  paths["/api/import"] = {
      {"post",
       {{"summary",
         "Upload one CSV extract: validated whole like `nara import` (every problem of the file, up to 100, "
         "in file order), stored as one batch"},
        {"parameters", json::array({lang})},
        {"requestBody",
         {{"required", true},
          {"content",
           {{"multipart/form-data",
             {{"schema",
               {{"type", "object"},
                {"required", {"file"}},
                {"properties",
                 {{"file", {{"type", "string"}, {"format", "binary"}}},
                  {"table",
                   {{"type", "string"}, {"description", "Contract table; default: from the file name"}}},
                  {"supersede",
                   {{"type", "integer"}, {"description", "Batch this file replaces (a re-extract)"}}},
                  {"user", {{"type", "string"}}}}}}}}}}}}},
        {"responses", import_responses}}}};
  paths["/api/openapi.json"] =
      Get("This document", json::array(), JsonResponse("OpenAPI 3 document", obj), {});

  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "nara API"},
            {"version", "1"},
            {"description",
             "Steering and follow-up of primary care: scorecards, series, breakdowns, comments and "
             "imports. Errors are JSON {\"error\": {\"status\", \"code\", \"message\"}}; texts come in the "
             "language asked for with lang=sv|en."}}},
          {"paths", paths},
          {"components", {{"schemas", schemas}}}};
}

}  // namespace

const std::string& OpenApiDocument() {
  static const std::string doc = Build().dump(1);
  return doc;
}

}  // namespace nara::serve
