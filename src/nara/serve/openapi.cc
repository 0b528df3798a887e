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
    std::string d =
        c == 400   ? "Bad parameter (unknown unit or indicator, malformed period, year not served)"
        : c == 404 ? "Not found: no plan in force that year, or the indicator does not apply to the unit"
        : c == 409 ? "The server reads a folder of extracts: it cannot import and has no accounts"
        : c == 401 ? "Nobody is signed in (a database server), or the bearer token is unknown, expired or revoked"
        : c == 429 ? "Too many failed sign-ins for the name or from the address; Retry-After says when to try again"
        : c == 422 ? "The file breaks the data contract; problems carry code, file, line, field and message"
        : c == 413 ? "The body is larger than the route takes (a comment 64 kB, an upload 1 GB)"
        : c == 403 ? "Not allowed: the role may not do this (forbidden), the unit is not the user's "
                     "(forbidden_unit), a change without the session's X-CSRF-Token (csrf), a change sent from "
                     "another site (cross_origin), a proxy header from an untrusted address"
        : c == 415 ? "The body is not of the type the route takes"
                   : "Error";
    out[std::to_string(c)] = JsonResponse(d, Ref("Error"));
  }
  return out;
}

// Every GET: the 200 answer carries an ETag, and a request whose If-None-Match names
// it is answered 304 without a body.
// A required JSON request body of `schema`.
json JsonBody(const json& schema) {
  return {{"required", true}, {"content", {{"application/json", {{"schema", schema}}}}}};
}

json Get(const std::string& summary, const json& params, const json& ok, std::initializer_list<int> errors) {
  json responses = Errors(errors);
  responses["200"] = ok;
  responses["200"]["headers"] = {
      {"ETag",
       {{"description", "Weak tag of the body; send it back in If-None-Match to get 304 when unchanged"},
        {"schema", {{"type", "string"}}}}},
      {"Cache-Control",
       {{"description", "no-cache: keep it, but revalidate"}, {"schema", {{"type", "string"}}}}}};
  responses["304"] = {{"description", "Not Modified: If-None-Match named the answer's ETag; no body"}};
  return {{"get", {{"summary", summary}, {"parameters", params}, {"responses", responses}}}};
}

// OpenAPI 3.0.3 has no "null" type: a value that may be null is {"type": T, "nullable": true}.
json Nullable(const std::string& type, const std::string& description = "") {
  json j = {{"type", type}, {"nullable", true}};
  if (!description.empty()) j["description"] = description;
  return j;
}

json Type(const std::string& type, const std::string& description = "") {
  json j = {{"type", type}};
  if (!description.empty()) j["description"] = description;
  return j;
}

json Enum(std::initializer_list<const char*> values, const std::string& description = "") {
  json j = Type("string", description);
  j["enum"] = json::array();
  for (const char* v : values) j["enum"].push_back(v);
  return j;
}

json Array(const json& items, const std::string& description = "") {
  json j = Type("array", description);
  j["items"] = items;
  return j;
}

// An object whose every property is always there and that has no others: the answers
// the handlers write (api_test.cc checks every answer against these).
json Closed(const json& properties) {
  json required = json::array();
  for (auto& [name, _] : properties.items()) required.push_back(name);
  return {{"type", "object"},
          {"additionalProperties", false},
          {"required", required},
          {"properties", properties}};
}

// A reference that may be null (3.0.3 ignores siblings of $ref, so through allOf).
json NullableRef(const std::string& name) {
  return {{"nullable", true}, {"allOf", json::array({Ref(name)})}};
}

const char* const kKinds[] = {"region", "administration", "area",    "health_centre",
                              "branch", "dental_clinic",  "service", "team"};

json KindEnum() {
  json j = {{"type", "string"}, {"enum", json::array()}};
  for (const char* k : kKinds) j["enum"].push_back(k);
  return j;
}

// The fields of every row: scorecard rows, series months and breakdown rows.
json RowProperties() {
  return {{"indicator", Type("string")},
          {"value", Nullable("number")},
          {"numerator", Nullable("number")},
          {"denominator", Nullable("number")},
          {"n", Type("integer")},
          {"decimals",
           Type("integer",
                "Digits to show this cell's value, previous year and target with: the indicator's own, or "
                "more when fewer would make value and status disagree (−0,02 Mnkr not met against ≥ 0)")},
          {"target", Nullable("number")},
          {"target_text",
           Type("string",
                "The target applied to this period, formatted like the value in the language asked for "
                "(\"≥ 218 487\" for a yearly 655 462 in a tertial); empty when the unit has no target")},
          {"target_rule",
           Type("string",
                "Where the target came from (\"655 462 per år → 218 487 för 2024-T3\", \"+500 mot 2023-12 "
                "(178 711)\", \"jämförelsevärde för 2021 saknas\"); empty when the text says it all")},
          {"status",
           Enum({"met", "near", "not_met", "no_data", "suppressed", "no_target"},
                "no_data: no value or n = 0 (the value is then null); no_target: no target, a follow-only "
                "one, or its previous-year or baseline value is missing")},
          {"status_text", Type("string", "The status in the language asked for")},
          {"previous_year_value", Nullable("number")}};
}

json Row(const std::string& description, const json& extra) {
  json props = RowProperties();
  props.update(extra);
  json j = Closed(props);
  j["description"] = description;
  return j;
}

// Errors, unit references and the result rows.
json ResultSchemas() {
  json schemas;
  json problem = Closed(
      {{"code", Nullable("string", "The problem's message id (value_no_such_date, csv_duplicate_key, …)")},
       {"file", Nullable("string")},
       {"line", Nullable("integer")},
       {"column", Nullable("integer", "Character position, when the problem is in no one field")},
       {"field", Nullable("string", "The column's name")},
       {"field_position", Nullable("integer", "The field's position in its row, from 1")},
       {"message", Type("string", "In the language asked for (lang)")}});
  json error_body =
      Closed({{"status", Type("integer")},
              {"code", Type("string",
                            "The message's id, stable for programs: bad_year, year_outside, "
                            "bad_period, period_not_in_year, unknown_unit, unknown_indicator, "
                            "indicator_not_for_unit, parameter_required, bad_date, bad_lang, "
                            "no_plan; for comment and upload bodies body_not_json_object, "
                            "field_not_string, subject_kind, unknown_goal, period_outside, "
                            "goal_not_in_plan, text_too_long, author_too_long, upload_no_file, "
                            "multipart, bad_supersede; sign-in and rights unauthenticated, forbidden, "
                            "forbidden_unit, csrf, login_failed, login_throttled, token_invalid, "
                            "proxy_untrusted, proxy_unknown_user, no_accounts, login_fields")},
              {"message", Type("string", "In the language asked for (lang)")},
              {"problems", Array(problem, "For an upload that breaks the data contract (422)")}});
  error_body["required"] = {"status", "message"};
  schemas["Error"] = Closed({{"error", error_body}});
  schemas["UnitRef"] = Closed({{"id", Type("string")},
                               {"name", Type("string")},
                               {"kind", KindEnum()},
                               {"ownership", Enum({"public", "private"})}});
  schemas["ScorecardRow"] =
      Row("One indicator's outcome in the period, with what the scorecard shows of the indicator. Values are "
          "null when missing or suppressed (n below the minimum).",
          {{"name", Type("string")},
           {"perspective", Type("string")},
           {"display", Type("string")},
           {"better", Enum({"higher", "lower"})},
           {"sparkline",
            Array(Nullable("number"),
                  "12 monthly values through the period's last month (from sparkline_from), four significant "
                  "digits; null where there is no value")}});
  schemas["SeriesMonth"] = Row("One indicator's outcome in one month", {{"month", Type("string")}});
  schemas["BreakdownRow"] = Row(
      "One indicator's outcome for one unit in the period",
      {{"unit", Ref("UnitRef")}, {"has_children", Type("boolean", "Whether the unit has children to open")}});
  schemas["PeerRow"] =
      Row("One peer's outcome in the period",
          {{"unit", Ref("UnitRef")},
           {"rank", Nullable("integer", "1 for the best value (by the indicator's direction); null without a value")},
           {"is_unit", Type("boolean", "Whether this is the unit asked about")}});
  schemas["TrendYear"] = Row("The period's outcome in one plan year",
                             {{"year", Type("integer")}, {"period", Type("string", "The same period that year")}});
  schemas["TrendMonth"] = Closed({{"month", Type("string")},
                                  {"value", Nullable("number")},
                                  {"target", Nullable("number", "The target of the month's year")},
                                  {"status", Type("string")}});
  return schemas;
}

// The catalogue, comments, batches and units.
json RecordSchemas() {
  json schemas;
  schemas["Indicator"] =
      Closed({{"id", Type("string")},
              {"name", Type("string")},
              {"perspective", Type("string")},
              {"definition", Type("string")},
              {"display", Type("string")},
              {"better", Enum({"higher", "lower"})},
              {"decimals", Type("integer")},
              {"min_n", Type("integer")},
              {"tolerance", Type("number")},
              {"measure",
               Enum({"rate", "flow", "stock"},
                    "flow: a count over the period (a yearly threshold covers the period's share of days); "
                    "stock: a level at its end (a change target grows with the share of the year elapsed)")},
              {"applies_to",
               Array(KindEnum(),
                     "Unit kinds the indicator is about (empty: every kind); other units are shown it only "
                     "when such a unit is below them")},
              {"targets",
               Array(Closed({{"year", Type("integer", "The plan year")},
                             {"all", Nullable("string", "The target of every unit, as the plan writes it")},
                             {"units",
                              {{"type", "object"},
                               {"description", "Targets of single units, by unit id"},
                               {"additionalProperties", Type("string")}}}}))}});
  json comment = Closed({{"subject_kind", Enum({"indicator", "goal", "section"})},
                         {"subject_id", Type("string",
                                             "Indicator id, goal/assignment id, or a board report section "
                                             "(malstyrning, …, sammanfattning): its text for the unit and period")},
                         {"unit", Type("string")},
                         {"period", Type("string")},
                         {"text", Type("string", "Empty text removes the comment")},
                         {"author", Type("string", "The signed-in user who wrote it (a body's author is ignored)")},
                         {"updated_at", Type("string")},
                         {"version", Type("integer", "1 for the first text; every write is a new version")},
                         {"deleted", Type("boolean", "In a history: this version removed the comment")}});
  schemas["Comment"] = comment;
  json comment_write = comment;
  comment_write.erase("additionalProperties");
  for (const char* k : {"updated_at", "version", "deleted"}) comment_write["properties"].erase(k);
  comment_write["required"] = {"subject_kind", "subject_id", "unit", "period", "text"};
  schemas["CommentWrite"] = comment_write;
  const json status3 = Enum({"met", "near", "not_met"});
  json action = Closed({{"id", Type("integer")},
                        {"subject_kind", Enum({"indicator", "goal", "section"}, "The comment it belongs to")},
                        {"subject_id", Type("string")},
                        {"unit", Type("string")},
                        {"period", Type("string")},
                        {"what", Type("string", "What is to be done")},
                        {"responsible", Type("string", "Who answers for it")},
                        {"due", Nullable("string", "By when (YYYY-MM-DD)")},
                        {"done", Type("boolean")},
                        {"done_at", Nullable("string", "When it was marked done")},
                        {"author", Type("string", "Who last wrote it")},
                        {"updated_at", Type("string")}});
  schemas["Action"] = action;
  json action_of_unit = Closed(action["properties"]);
  action_of_unit["properties"]["unit_ref"] = NullableRef("UnitRef");
  action_of_unit["required"].push_back("unit_ref");
  schemas["ActionOfUnit"] = action_of_unit;
  schemas["ActionWrite"] = {
      {"type", "object"},
      {"description",
       "A new action (no id: the comment's key and what are required) or a change of action id (the key is "
       "ignored; an empty what removes it)"},
      {"properties",
       {{"id", Type("integer")},
        {"subject_kind", Enum({"indicator", "goal", "section"})},
        {"subject_id", Type("string")},
        {"unit", Type("string")},
        {"period", Type("string")},
        {"what", Type("string", "At most 2 000 bytes")},
        {"responsible", Type("string")},
        {"due", Nullable("string", "YYYY-MM-DD or empty")},
        {"done", Type("boolean")}}}};
  schemas["Assessment"] = Closed({{"goal_id", Type("string", "A goal's or an assignment's id")},
                                  {"unit", Type("string")},
                                  {"period", Type("string")},
                                  {"status", status3},
                                  {"status_text", Type("string")},
                                  {"computed_status", Enum({"met", "near", "not_met", "no_data"},
                                                           "The computed status when it was written")},
                                  {"computed_status_text", Type("string")},
                                  {"justification", Type("string")},
                                  {"responsible", Type("string")},
                                  {"author", Type("string")},
                                  {"updated_at", Type("string")},
                                  {"version", Type("integer")}});
  schemas["AssessmentWrite"] = {
      {"type", "object"},
      {"required", {"goal_id", "unit", "period", "status"}},
      {"properties",
       {{"goal_id", Type("string")},
        {"unit", Type("string")},
        {"period", Type("string")},
        {"status", status3},
        {"justification", Type("string", "Required when the status differs from the computed one")},
        {"responsible", Type("string")}}}};
  schemas["Batch"] = Closed({{"id", Type("integer")},
                             {"table", Type("string")},
                             {"file_name", Type("string")},
                             {"sha256", Type("string")},
                             {"bytes", Type("integer")},
                             {"rows", Type("integer")},
                             {"period_from", Type("string", "Empty for a table without a date column")},
                             {"period_to", Type("string")},
                             {"loaded_at", Type("string")},
                             {"loaded_by", Type("string")},
                             {"config_version", Type("integer")},
                             {"supersedes", Array(Type("integer"))},
                             {"state", Enum({"active", "superseded", "removed"},
                                            "active: in the results; superseded or removed: in the trash, "
                                            "restorable until purged")},
                             {"superseded_by", Nullable("integer", "The batch that replaced it")},
                             {"removed_at", Nullable("string", "In the trash since (local time)")},
                             {"removed_by", Nullable("string", "Who superseded or removed it")}});
  json unit_version = Closed({{"name", Type("string")},
                              {"parent", Nullable("string")},
                              {"kind", KindEnum()},
                              {"valid_from", Type("string")},
                              {"valid_to", Nullable("string", "null: open-ended")}});
  schemas["Unit"] = Closed({{"id", Type("string")},
                            {"name", Type("string")},
                            {"kind", KindEnum()},
                            {"ownership", Enum({"public", "private"})},
                            {"municipality", Nullable("integer", "Municipality code")},
                            {"parent", Nullable("string")},
                            {"children", Array(Type("string"))},
                            {"valid_from", Type("string")},
                            {"valid_to", Nullable("string", "null: open-ended")},
                            {"versions", Array(unit_version)}});
  return schemas;
}

// The internal-control register's records (serve/internal_control.h).
json InternalControlSchemas() {
  json schemas;
  schemas["IcResult"] = Closed({{"period", Type("string", "2024-T1, 2024-T2 or 2024-T3")},
                                {"outcome", Enum({"done", "deviation", "not_done"})},
                                {"outcome_text", Type("string", "The outcome in the language asked for")},
                                {"text", Type("string", "Required for deviation and not_done")},
                                {"by", Type("string", "Who wrote it")},
                                {"at", Type("string", "When, UTC (2024-05-02T09:14:00Z)")}});
  schemas["IcControl"] = Closed({{"id", Type("integer")},
                                 {"risk_id", Type("integer")},
                                 {"what", Type("string")},
                                 {"how", Type("string", "The method; may be empty")},
                                 {"frequency", Enum({"monthly", "tertial", "yearly"})},
                                 {"responsible", Type("string")},
                                 {"results", Array(Ref("IcResult"), "At most one per period, in period order")}});
  schemas["IcRisk"] = Closed({{"id", Type("integer")},
                              {"year", Type("integer")},
                              {"unit", Closed({{"id", Type("string")}, {"name", Type("string")}})},
                              {"title", Type("string")},
                              {"description", Type("string")},
                              {"probability", {{"type", "integer"}, {"minimum", 1}, {"maximum", 4}}},
                              {"consequence", {{"type", "integer"}, {"minimum", 1}, {"maximum", 4}}},
                              {"risk_value", Type("integer", "probability × consequence")},
                              {"owner", Type("string")},
                              {"board_prioritised", Type("boolean", "The board took part in prioritising it")},
                              {"controls", Array(Ref("IcControl"), "By id")}});
  return schemas;
}

// The schemas the answers refer to (components/schemas).
json Schemas() {
  json schemas = ResultSchemas();
  schemas.update(RecordSchemas());
  schemas.update(InternalControlSchemas());
  return schemas;
}

// The configuration version in /api/info and every scorecard.
json ConfigVersion() {
  return Nullable("integer",
                  "The database's configuration version the results are computed with (null for a folder of "
                  "extracts)");
}

// The bodies of the answers used once (/api/info, /api/units, /api/plan, an import), by name.
json Answers() {
  json info = Closed({{"name", Type("string")},
                      {"source", Type("string", "What is served: \"database nara.db\" or \"folder example\", by name only (no path on the server)")},
                      {"can_import", Type("boolean")},
                      {"data_version", Type("integer")},
                      {"config_version", ConfigVersion()},
                      {"config_sha256", Nullable("string")},
                      {"loaded_at", Type("string")},
                      {"first_year", Type("integer")},
                      {"last_year", Type("integer")},
                      {"data_through", Nullable("string", "The last month with any data")},
                      {"administration", Type("string", "The default unit")},
                      {"root", Type("string")},
                      {"perspectives", Array(Type("string"))}});
  json units = Closed({{"date", Nullable("string")},
                       {"root", Type("string")},
                       {"administration", Type("string")},
                       {"units", Array(Ref("Unit"))}});
  json assignment =
      Closed({{"id", Type("string")}, {"text", Type("string")}, {"indicators", Array(Type("string"))}});
  json goal = Closed({{"id", Type("string")},
                      {"text", Type("string")},
                      {"indicators", Array(Type("string"))},
                      {"assignments", Array(assignment)}});
  json plan =
      Closed({{"year", Type("integer")},
              {"plan_year", Type("integer", "The plan in force: the latest plan year not after year")},
              {"title", Type("string")},
              {"decided_by", Type("string")},
              {"source", Type("string")},
              {"focus_areas",
               Array(Closed({{"id", Type("string")}, {"name", Type("string")}, {"goals", Array(goal)}}))}});
  json imported = Closed({{"file_name", Type("string")},
                          {"table", Type("string")},
                          {"batch_id", Type("integer")},
                          {"already_stored", Type("boolean")},
                          {"rows", Type("integer")},
                          {"bytes", Type("integer")},
                          {"sha256", Type("string")},
                          {"superseded", Array(Type("integer"))},
                          {"data_version", Type("integer")}});
  return {{"info", info}, {"units", units}, {"plan", plan}, {"imported", imported}};
}

json LangParam() {
  return Query("lang", "Language of every text in the answer, errors included: sv (default) or en.", false,
               "sv");
}

// The routes that read: what is served, and the results.
json ReadPaths() {
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
  const json lang = LangParam();

  const json answers = Answers();
  json paths;
  paths["/api/info"] =
      Get("What is served: source, years, data version, configuration version, the default unit",
          json::array(), JsonResponse("Server and data facts", answers["info"]), {});
  paths["/api/units"] =
      Get("The organisation tree with validity: every unit, its versions, parent and children",
          json::array({Query("date", "Only units valid on this day (YYYY-MM-DD), parents as of that day",
                             false, "2024-04-30"),
                       lang}),
          JsonResponse("Units", answers["units"]), {400});
  paths["/api/plan"] =
      Get("The plan in force in a year: focus areas → goals → assignments with their indicators",
          json::array({year, lang}), JsonResponse("Plan", answers["plan"]), {400, 404});
  paths["/api/catalogue"] =
      Get("The indicator catalogue with definitions and targets per plan year", json::array({lang}),
          JsonResponse("Catalogue", Closed({{"perspectives", Array(Type("string"))},
                                            {"indicators", Array(Ref("Indicator"))}})),
          {400});
  paths["/api/scorecard"] =
      Get("The plan year's scorecard of one unit and period, every indicator with a 12-month sparkline",
          json::array({year, period, unit, lang}),
          JsonResponse(
              "Scorecard",
              Closed({{"year", Type("integer")},
                      {"period", Type("string")},
                      {"unit", Ref("UnitRef")},
                      {"data_version", Type("integer")},
                      {"config_version", ConfigVersion()},
                      {"sparkline_from", Type("string",
                                              "Month of each row's first sparkline value (12 monthly values "
                                              "through the period's last month, rounded to four significant "
                                              "digits)")},
                      {"rows", Array(Ref("ScorecardRow"))}})),
          {400});
  paths["/api/goals"] = Get(
      "The computed status of every goal and assignment of the plan in force, for one unit and period",
      json::array({year, period, unit, lang}),
      JsonResponse(
          "Goals",
          Closed({{"year", Type("integer")},
                  {"period", Type("string")},
                  {"unit", Ref("UnitRef")},
                  {"rule", Type("string", "How the status is computed, in the language asked for")},
                  {"goals",
                   Array(Closed({{"id", Type("string")},
                                 {"kind", Enum({"goal", "assignment"})},
                                 {"status", Enum({"met", "near", "not_met", "no_data"})},
                                 {"status_text", Type("string")},
                                 {"met", Type("integer")},
                                 {"near", Type("integer")},
                                 {"not_met", Type("integer")},
                                 {"not_counted", Type("integer", "Linked indicators without a judgement")},
                                 {"counts_text", Type("string")}}))}})),
      {400, 404});
  paths["/api/series"] =
      Get("One indicator's monthly values of a year for a unit: value, target, previous year, numerator, "
          "denominator, n",
          json::array({indicator, year, unit, lang}),
          JsonResponse("Series", Closed({{"year", Type("integer")},
                                         {"unit", Ref("UnitRef")},
                                         {"indicator", Ref("Indicator")},
                                         {"data_version", Type("integer")},
                                         {"months", Array(Ref("SeriesMonth"))}})),
          {400, 404});
  paths["/api/breakdown"] = Get("One indicator over a unit's children it applies to, in a period",
                                json::array({indicator, year, period, unit, lang}),
                                JsonResponse("Breakdown", Closed({{"year", Type("integer")},
                                                                  {"period", Type("string")},
                                                                  {"indicator", Ref("Indicator")},
                                                                  {"data_version", Type("integer")},
                                                                  {"total", NullableRef("BreakdownRow")},
                                                                  {"children", Array(Ref("BreakdownRow"))}})),
                                {400, 404});
  paths["/api/peers"] = Get(
      "The unit among its peers for one indicator and period: the units of its kind under the same area "
      "(scope=region: in the whole region), best first, with median and quartiles (QUARTILE.INC)",
      json::array({indicator, year, period, Query("unit", "Unit id", false, "vc_varberg"),
                   Query("scope", "area (default) or region"), lang}),
      JsonResponse("Peers", Closed({{"year", Type("integer")},
                                    {"period", Type("string")},
                                    {"indicator", Ref("Indicator")},
                                    {"data_version", Type("integer")},
                                    {"unit", Ref("UnitRef")},
                                    {"scope", Enum({"area", "region"})},
                                    {"within", Ref("UnitRef")},
                                    {"better", Enum({"higher", "lower"})},
                                    {"count", Type("integer", "Peers with a value")},
                                    {"rank", Nullable("integer", "The unit's rank among them")},
                                    {"median", Nullable("number")},
                                    {"q1", Nullable("number", "First quartile")},
                                    {"q3", Nullable("number", "Third quartile")},
                                    {"peers", Array(Ref("PeerRow"))}})),
      {400, 404});
  paths["/api/trend"] =
      Get("One indicator over every plan year served: the period's outcome each year (with that year's target) "
          "and every month",
          json::array({indicator, year, period, unit, lang}),
          JsonResponse("Trend", Closed({{"period", Type("string")},
                                        {"unit", Ref("UnitRef")},
                                        {"indicator", Ref("Indicator")},
                                        {"data_version", Type("integer")},
                                        {"years", Array(Ref("TrendYear"))},
                                        {"months", Array(Ref("TrendMonth"))}})),
          {400, 404});
  return paths;
}

// The economy (serve/economy.h): amounts in tkr.
json EconomyPaths() {
  json paths;
  const json lang = LangParam();
  const json year = Query("year", "Plan year. Default: the period's year, else the last year served.", false, "2024");
  const json period = Query("period", "The period whose last month the figures run to (from January). Default: the year.",
                            false, "2024-T1");
  const json unit = Query("unit", "Unit id. Default: the administration.", false, "nsh");
  const json tkr = Type("number", "tkr");
  const json ntkr = Nullable("number", "tkr");
  json row = Closed({{"unit", Ref("UnitRef")},
                     {"level", Type("integer", "0: the unit asked for; 1: a unit right below it")},
                     {"budget_year", Type("number", "The year's budget result, tkr")},
                     {"budget_ytd", tkr},
                     {"actual_ytd", tkr},
                     {"deviation_ytd", Type("number", "actual_ytd − budget_ytd, tkr")},
                     {"forecast", Nullable("number", "The full-year forecast result (each result unit's latest "
                                                     "made in or before `through`), tkr")},
                     {"forecast_deviation", Nullable("number", "forecast − budget_year, tkr")},
                     {"forecast_made_in", Nullable("string", "The latest month a forecast counted was made in")},
                     {"revenue_budget_ytd", tkr},
                     {"revenue_actual_ytd", tkr},
                     {"cost_budget_ytd", tkr},
                     {"cost_actual_ytd", tkr},
                     {"has_children", Type("boolean", "Units below it have ledger rows (drill down with unit=)")}});
  json month = Closed({{"month", Type("string")},
                       {"budget", tkr},
                       {"actual", Nullable("number", "tkr; null after `through` or without outcome rows")},
                       {"deviation_accumulated", Nullable("number", "Σ (actual − budget) from January, tkr")},
                       {"forecast", ntkr}});
  json account = Closed({{"account", Type("string", "The ledger's account (SPEC §4)")},
                         {"name", Type("string", "In the request's language")},
                         {"kind", Enum({"revenue", "cost"})},
                         {"budget_ytd", tkr},
                         {"actual_ytd", tkr},
                         {"deviation_ytd", Type("number", "In the result's direction (a cost above budget is negative), tkr")}});
  paths["/api/economy"] = Get(
      "Budget, outcome and forecast (the seed's Sammanställning budget, ekonomiskt resultat och prognos) of a unit "
      "and the units right below it with ledger rows, January through the period's last month; the unit's months "
      "and accounts",
      json::array({year, period, unit, lang}),
      JsonResponse("Economy", Closed({{"year", Type("integer")},
                                      {"period", Type("string")},
                                      {"through", Type("string", "The last month counted")},
                                      {"unit", Ref("UnitRef")},
                                      {"rows", Array(row)},
                                      {"months", Array(month)},
                                      {"accounts", Array(account)}})),
      {400, 404});
  json centre = Closed({{"unit", Ref("UnitRef")},
                        {"care_points", Type("number", "The last month's care points, branches included")},
                        {"computed", Type("number", "Σ months care points × price / 12, tkr")},
                        {"booked", Type("number", "The ledger's revenue_capitation (actual), tkr")},
                        {"difference", Type("number", "booked − computed, tkr")},
                        {"difference_share", Nullable("number", "difference / computed")}});
  paths["/api/economy/capitation"] = Get(
      "Computed against booked capitation per own health centre under the unit, January through the period's last "
      "month, at the year's price per care point (economy.toml)",
      json::array({year, period, unit, lang}),
      JsonResponse("Capitation", Closed({{"year", Type("integer")},
                                         {"period", Type("string")},
                                         {"through", Type("string")},
                                         {"unit", Ref("UnitRef")},
                                         {"price", Type("number", "kr per care point and year")},
                                         {"units", Array(centre)},
                                         {"total", Closed({{"computed", tkr}, {"booked", tkr}, {"difference", tkr}})}})),
      {400, 404});
  json model = Closed({{"id", Type("string")},
                       {"name", Type("string")},
                       {"description", Type("string")},
                       {"price", Type("number", "kr per care point and year")}});
  json whatif_row = Closed({{"unit", Ref("UnitRef")},
                            {"level", Type("integer", "0 the administration, 1 an area, 2 a result unit")},
                            {"base_result", Type("number", "The base year's outcome, tkr")},
                            {"results", Array(tkr, "Next year's result under each model, tkr")},
                            {"revenues", Array(tkr, "Next year's revenue under each model, tkr")}});
  paths["/api/economy/whatif"] = Get(
      "The configuration's price models of a year (whatif/*.toml) compared on the base year's outcome and December "
      "listings: next year's result per area and unit under each model",
      json::array({Query("year", "The year the models price. Default: the year after the last served.", false, "2025"),
                   lang}),
      JsonResponse("What if", Closed({{"year", Type("integer")},
                                      {"base_year", Type("integer")},
                                      {"models", Array(model)},
                                      {"rows", Array(whatif_row)}})),
      {400, 404});
  return paths;
}

// Planering (serve/planning.h): scenario runs in the background, their results, the
// backcast, and the geography of care.
json PlanningPaths() {
  json paths;
  const json lang = LangParam();
  const json run = Closed(
      {{"id", Type("integer")},
       {"scenario", Type("string", "The scenario's id (its file stem)")},
       {"name", Type("string")},
       {"first_year", Type("integer")},
       {"last_year", Type("integer")},
       {"runs", Type("integer")},
       {"scale", Type("number", "1: the whole synthetic Halland")},
       {"seed", Type("integer", "Run r uses seed + r")},
       {"state", Enum({"queued", "running", "done", "failed", "cancelled"})},
       {"runs_done", Type("integer", "Simulations finished so far")},
       {"cancel_requested", Type("boolean")},
       {"message", Type("string", "Why it failed, in the request's language; else empty")},
       {"by", Type("string", "Who started it")},
       {"created", Type("string", "UTC, ISO 8601")},
       {"finished", Nullable("string", "UTC, ISO 8601")},
       {"seconds", Type("number", "Running or finished: elapsed")}});
  const json scenario = Closed({{"id", Type("string")}, {"name", Type("string")}, {"description", Type("string")}});
  paths["/api/planning"] = Get(
      "The configuration's scenarios (scenarios/*.toml), the default planned years, the runs kept (newest first) and "
      "whether the caller may start and cancel runs",
      json::array({lang}),
      JsonResponse("Planning", Closed({{"may_run", Type("boolean")},
                                       {"years", Closed({{"first", Type("integer")}, {"last", Type("integer")}})},
                                       {"scenarios", Array(scenario)},
                                       {"runs", Array(run)}})),
      {400, 404, 422});
  paths["/api/planning/runs"] = Get("The runs kept, newest first (the page polls it while one is going)",
                                    json::array({lang}), JsonResponse("Runs", Closed({{"runs", Array(run)}})), {400, 404});
  json start_responses = Errors({400, 404, 413, 415, 422});
  start_responses["202"] = JsonResponse("Queued (or already running): poll /api/planning/runs", run);
  paths["/api/planning/runs"]["post"] = {
      {"summary", "Start a scenario run in the background (controllers, admins); one runs at a time, the others wait"},
      {"parameters", json::array({lang})},
      {"requestBody",
       JsonBody({{"type", "object"},
                 {"required", json::array({"scenario"})},
                 {"properties",
                  {{"scenario", Type("string", "A scenario id of GET /api/planning")},
                   {"first_year", Type("integer", "2017–2035; default 2025")},
                   {"last_year", Type("integer", "2017–2035; default 2030")},
                   {"runs", Type("integer", "1–100; default 10")},
                   {"scale", Type("number", "(0, 2]; default 1")},
                   {"seed", Type("integer", "Default 1")}}}})},
      {"responses", start_responses}};
  json cancel_responses = Errors({400, 404, 409, 413, 415});
  cancel_responses["200"] = JsonResponse("Cancelled (queued) or to stop after its current simulation (running)", run);
  paths["/api/planning/runs/cancel"] = {
      {"post",
       {{"summary", "Cancel a queued or running run (controllers, admins); 409 when it has ended"},
        {"parameters", json::array({lang})},
        {"requestBody", JsonBody(Closed({{"id", Type("integer")}}))},
        {"responses", cancel_responses}}}};
  const json run_param = Query("run", "A run's id", true, "1");
  json result_row = Closed({{"year", Type("integer")},
                            {"median", Nullable("number", "Over the runs with a value")},
                            {"p10", Nullable("number", "10th percentile (R type 7)")},
                            {"p90", Nullable("number", "90th percentile")},
                            {"target", Nullable("number", "The year's threshold")},
                            {"status", Type("string", "The status of the run nearest the median")},
                            {"runs_with_value", Type("integer")}});
  paths["/api/planning/results"] = Get(
      "One indicator and unit of a finished run: median and 10th–90th percentile over the runs per planned year, "
      "with the target",
      json::array({run_param, Query("indicator", "Indicator id", true, "phone_same_day"),
                   Query("unit", "Unit id. Default: the administration.", false, "nsh"), lang}),
      JsonResponse("Results", Closed({{"run", run},
                                      {"indicator", Type("string")},
                                      {"unit", Type("string")},
                                      {"rows", Array(result_row)}})),
      {400, 404});
  json csv = Get("A finished run's results.csv (scenario,year,indicator,unit_id,median,p10,p90,target,status), as "
                 "nara plan run writes it",
                 json::array({run_param, lang}), json::object(), {400, 404});
  csv["get"]["responses"]["200"] = {{"description", "results.csv"},
                                    {"content", {{"text/csv", {{"schema", Type("string")}}}}}};
  csv["get"]["responses"].erase("304");
  paths["/api/planning/results.csv"] = csv;
  json backcast_row = Closed({{"figure", Type("string", "The figure's key (English)")},
                              {"label", Type("string", "In the request's language")},
                              {"share", Type("boolean", "A percentage: error and tolerance in percentage points")},
                              {"seed", Type("number", "The seed's 2023 outcome")},
                              {"backcast", Type("number", "The model's, calibrated on 2022 alone")},
                              {"error", Type("number", "backcast − seed: percentage points, else % of the seed")},
                              {"tolerance", Type("number", "What the model holds, in the error's unit")},
                              {"held", Type("boolean")}});
  paths["/api/planning/backcast"] = Get(
      "How far to trust the model: calibrated on 2022 alone, 2023 simulated at scale 1 and compared with the seed's "
      "outcomes (computed on the first request, some seconds, then kept)",
      json::array({lang}),
      JsonResponse("Backcast", Closed({{"calibration_year", Type("integer")},
                                       {"year", Type("integer")},
                                       {"rows", Array(backcast_row)}})),
      {400, 404, 422});
  const json numbers = Array(Type("number"));
  json coverage = Closed({{"area", Type("string", "A municipality, or Halland for the region (last)")},
                          {"nearest", Enum({"health_centre", "care"}, "care: a health centre or a branch")},
                          {"residents", Type("number")},
                          {"aged_80", Type("number")},
                          {"within", Array(Type("number"), "Shares 0–1 within 5, 10, 15, 20 km")},
                          {"within_80", Array(Type("number"), "The same for those aged 80+")},
                          {"mean_km", Type("number", "Population-weighted")},
                          {"longest_km", Type("number", "Over populated cells")}});
  paths["/api/planning/geography"] = Get(
      "The synthetic 1 km population grid of a year (SWEREF 99 TM), each cell's distance by road (straight line × "
      "the detour factor) to the nearest health centre and to the nearest health centre or branch, the units valid "
      "on 1 July, and coverage per municipality",
      json::array({Query("year", "2015–2035; default 2024", false, "2024"), lang}),
      JsonResponse("Geography",
                   Closed({{"year", Type("integer")},
                           {"factor", Type("number", "The detour factor")},
                           {"cell_m", Type("number")},
                           {"municipalities", Array(Type("string"))},
                           {"cells", Closed({{"e", Array(Type("integer"), "South-west corner, metres")},
                                             {"n", Array(Type("integer"))},
                                             {"municipality", Array(Type("integer"), "Index into municipalities")},
                                             {"residents", numbers},
                                             {"aged_80", numbers},
                                             {"km_health_centre", Array(Nullable("number"))},
                                             {"km_care", Array(Nullable("number"))}})},
                           {"sites", Array(Closed({{"id", Type("string")},
                                                   {"name", Type("string")},
                                                   {"branch", Type("boolean")},
                                                   {"e", Type("number")},
                                                   {"n", Type("number")}}))},
                           {"coverage", Array(coverage)}})),
      {400, 404, 422});
  const json locate_params = json::array(
      {Query("k", "New units, 1–3; default 1", false, "2"),
       Query("kind", "health_centre (default) or branch", false, "health_centre"),
       Query("objective", "distance (p-median, default) or coverage (within `within` km)", false, "distance"),
       Query("within", "km; default 15", false, "15"), Query("year", "Population year; default 2024", false, "2024"),
       lang});
  json place = Closed({{"e", Type("number")},
                       {"n", Type("number")},
                       {"lat", Type("number")},
                       {"lon", Type("number")},
                       {"municipality", Type("string")},
                       {"locality", Type("string", "The nearest locality")}});
  json measure = Closed({{"mean_km", Nullable("number")}, {"within_share", Nullable("number")}});
  paths["/api/planning/locate"] = Get(
      "Where to add k units: the cells that minimise the population-weighted distance or maximise the residents "
      "within `within` km, solved exactly (GLPK), with the mean distance and the share within before and after",
      locate_params,
      JsonResponse("Proposal", Closed({{"k", Type("integer")},
                                       {"kind", Enum({"health_centre", "branch"})},
                                       {"objective", Enum({"distance", "coverage"})},
                                       {"within", Type("number")},
                                       {"year", Type("integer")},
                                       {"units", Array(place)},
                                       {"before", measure},
                                       {"after", measure},
                                       {"seconds", Type("number", "The solver's time the first time it was asked")}})),
      {400, 404, 422});
  json save_responses = Errors({400, 404, 413, 415, 422});
  save_responses["201"] = JsonResponse("The scenario written to the configuration's scenarios/", scenario);
  paths["/api/planning/scenarios"] = {
      {"post",
       {{"summary", "Save a location proposal as a scenario opening its units (controllers, admins)"},
        {"parameters", json::array({lang})},
        {"requestBody",
         JsonBody({{"type", "object"},
                   {"properties",
                    {{"k", Type("integer")},
                     {"kind", Enum({"health_centre", "branch"})},
                     {"objective", Enum({"distance", "coverage"})},
                     {"within", Type("number")},
                     {"year", Type("integer")},
                     {"opens", Type("string", "YYYY-MM-DD; default 1 January after year")}}}})},
        {"responses", save_responses}}}};
  return paths;
}

// Who is signed in, signing in and out, and the audit trail.
json SignInPaths() {
  const json lang = LangParam();
  json user = Closed({{"name", Type("string")},
                      {"role", Enum({"admin", "controller", "unit_manager", "reader"})},
                      {"units", Array(Type("string"), "A unit manager's units (their subtrees); else empty")}});
  json me = Closed({{"user", Nullable("object", "The signed-in user; null for nobody")},
                    {"sign_in", Enum({"password", "proxy", "none"})},
                    {"csrf_token", Nullable("string", "Send it as X-CSRF-Token with every change")}});
  me["properties"]["user"] = {{"allOf", json::array({user})}, {"nullable", true}};
  me["required"] = {"user", "sign_in", "csrf_token"};
  const json no_security = json::array();
  json paths;
  json me_get = Get("Who is signed in, how this server signs in (password, proxy, none for a folder), and the "
                    "CSRF token",
                    json::array({lang}), JsonResponse("The principal", me), {});
  me_get["get"]["security"] = no_security;
  paths["/api/me"] = me_get;
  json login_responses = Errors({400, 401, 403, 409, 415, 429});
  login_responses["200"] = JsonResponse("Signed in; Set-Cookie starts the session (HttpOnly, SameSite=Strict)", me);
  login_responses["429"]["headers"] = {
      {"Retry-After", {{"description", "Seconds to wait"}, {"schema", {{"type", "integer"}}}}}};
  paths["/api/login"] = {
      {"post",
       {{"summary", "Sign in with name and password (argon2id); failures are throttled and audited"},
        {"parameters", json::array({lang})},
        {"security", no_security},
        {"requestBody", JsonBody(Closed({{"name", Type("string")}, {"password", Type("string")}}))},
        {"responses", login_responses}}}};
  json logout_responses = Errors({403});
  logout_responses["200"] = JsonResponse("Signed out; Set-Cookie clears the session", me);
  paths["/api/logout"] = {{"post",
                           {{"summary", "Sign out: the session ends (audited)"},
                            {"parameters", json::array({lang})},
                            {"security", no_security},
                            {"responses", logout_responses}}}};
  json entry = Closed({{"id", Type("integer")},
                       {"at", Type("string", "Local time")},
                       {"by", Type("string", "The user; empty before sign-in or for the command line")},
                       {"client", Type("string", "The client's address; empty for the command line")},
                       {"action", Type("string", "login, login_failed, logout, import, supersede, remove, config, "
                                                 "comment_written, comment_changed, comment_deleted, export, "
                                                 "user_added, user_changed, token_issued, token_revoked, …")},
                       {"subject", Type("string")},
                       {"detail", Type("string")},
                       {"hash", Type("string", "SHA-256 of the entry and the one before (nara audit verify)")}});
  paths["/api/audit"] =
      Get("The audit trail, oldest first (admins)",
          json::array({Query("after", "Entries after this id", false, "0"),
                       Query("limit", "At most this many (1000 at most; default 200)", false, "200"), lang}),
          JsonResponse("Audit entries", Closed({{"entries", Array(entry)}})), {400, 409});
  return paths;
}

// The board report: preview, download, issue, the issued ones.
json ReportPaths() {
  const json lang = LangParam();
  const json period = Query("period", "The period reported (see /api/scorecard)", false, "2024-T1");
  const json unit = Query("unit", "Unit id. Default: the administration.", false, "nsh");
  const json layout = Query("layout", "a4 (default) or slides", false, "a4");
  auto file = [](const std::string& type, const std::string& description) {
    return json{{"description", description},
                {"content", {{type, {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
  };
  json paths;
  json preview = Errors({400});
  preview["200"] = file("text/html", "The report as one HTML document (inline SVG, print CSS)");
  paths["/api/report"] = {{"get",
                           {{"summary", "The board report (nämndsdialog) of a unit and period, with the texts written "
                                        "in nara (comments of kind section)"},
                            {"parameters", json::array({period, unit, layout, lang})},
                            {"responses", preview}}}};
  json download = Errors({400, 500});
  download["200"] = file("application/octet-stream",
                         "The report's file (Content-Disposition: attachment): text/html, application/pdf "
                         "(printed by Chromium) or the XLSX workbook");
  paths["/api/report/file"] = {
      {"get",
       {{"summary", "The board report as a file to download"},
        {"parameters",
         json::array({Query("format", "html, pdf or xlsx", true, "xlsx"), period, unit, layout, lang})},
        {"responses", download}}}};
  json issued = Closed(
      {{"id", Type("integer")},
       {"period", Type("string")},
       {"unit", Type("string")},
       {"lang", Type("string")},
       {"layout", Type("string")},
       {"data_revision", Type("integer", "The store's data revision it was made from")},
       {"config_version", Type("integer")},
       {"issued_by", Type("string")},
       {"issued_at", Type("string")},
       {"files", Array(Closed({{"name", Type("string")}, {"sha256", Type("string")}, {"bytes", Type("integer")}}))},
       {"compared", Type("boolean", "Whether its figures could be compared with the figures now")},
       {"changed",
        Array(Closed({{"indicator", Type("string")},
                      {"name", Type("string")},
                      {"was", Nullable("number")},
                      {"now", Nullable("number")},
                      {"status_was", Type("string", "Empty when the indicator was not in the report")},
                      {"status_now", Type("string", "Empty when it is no longer")}}),
              "The unit's figures that are not what the report showed: the board was shown the others")}});
  json issue = Errors({400, 409, 500});
  issue["201"] = JsonResponse("Issued: HTML, PDF, workbook and figures.json kept byte for byte",
                              Closed({{"report", issued}}));
  paths["/api/report/issue"] = {{"post",
                                 {{"summary", "Issue the board report: made now and kept as the board is shown it"},
                                  {"parameters", json::array({period, unit, layout, lang})},
                                  {"responses", issue}}}};
  paths["/api/reports"] = Get("The issued reports, oldest first, each with the figures changed since",
                              json::array({lang}), JsonResponse("Issued reports", Closed({{"reports", Array(issued)}})),
                              {});
  json table = Errors({400, 413, 415});
  table["200"] = file("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      "The table as a workbook of one sheet (attachment): a bold, frozen header row with an "
                      "autofilter, numbers as numbers, texts as texts (never formulas)");
  // OpenAPI 3.0 has no null type: the cell is described, not typed.
  json cell = {{"description", "A number, a text (at most 32 767 bytes) or null (an empty cell)"}};
  paths["/api/xlsx"] = {
      {"post",
       {{"summary", "A table of a page (the rows it offers as CSV) as an Excel workbook"},
        {"parameters", json::array({lang})},
        {"requestBody",
         JsonBody(
             {{"type", "object"},
              {"required", json::array({"name", "header", "rows"})},
              {"properties",
               {{"name",
                 {{"type", "string"},
                  {"description", "The file's name (letters, digits and -_. kept, others become -; .xlsx added)"}}},
                {"sheet", {{"type", "string"}, {"description", "The sheet's name (at most 31 characters shown)"}}},
                {"header", {{"type", "array"}, {"maxItems", 200}, {"items", {{"type", "string"}}}}},
                {"rows",
                 {{"type", "array"},
                  {"maxItems", 50000},
                  {"items", {{"type", "array"}, {"maxItems", 200}, {"items", cell}}}}}}}})},
        {"responses", table}}}};
  json one = Errors({400, 404});
  one["200"] = file("application/octet-stream", "The file as it was issued, byte for byte (attachment)");
  paths["/api/reports/file"] = {
      {"get",
       {{"summary", "One file of an issued report"},
        {"parameters", json::array({Query("id", "The issued report", true, "1"),
                                    Query("name", "The file's name", true, "nämndsdialog-2024-T1.pdf"), lang})},
        {"responses", one}}}};
  return paths;
}

// The internal-control register: read by every reader, changed and imported by
// controllers and admins.
json InternalControlPaths() {
  const json lang = LangParam();
  json paths;
  paths["/api/internal-control"] =
      Get("The internal-control register of a plan year: risks (highest risk value first, then id), their "
          "controls and each control's result per tertial",
          json::array({Query("year", "A plan year served", true, "2024"), lang}),
          JsonResponse("The register", Closed({{"year", Type("integer")},
                                               {"periods", Array(Type("string"), "The year's tertials")},
                                               {"may_edit", Type("boolean", "The caller is a controller or admin")},
                                               {"risks", Array(Ref("IcRisk"))}})),
          {400});
  auto post = [&lang](const std::string& summary, const json& body, const json& made, const json& removed) {
    json responses = Errors({400, 404, 409, 413, 415});
    responses["201"] = JsonResponse("Stored", made);
    if (!removed.is_null()) responses["200"] = JsonResponse("Removed", removed);
    return json{{"post",
                 {{"summary", summary},
                  {"parameters", json::array({lang})},
                  {"requestBody", JsonBody(body)},
                  {"responses", responses}}}};
  };
  const json prob = {{"type", "integer"}, {"minimum", 1}, {"maximum", 4}};
  paths["/api/internal-control/risks"] =
      post("Add a risk; with id change it (fields left out stay); with id and remove: true remove it with its "
           "controls and their results",
           {{"type", "object"},
            {"properties",
             {{"id", Type("integer")},
              {"remove", Type("boolean")},
              {"year", Type("integer", "Required for a new risk")},
              {"unit", Type("string", "The area's unit id; required for a new risk")},
              {"title", Type("string", "Required for a new risk")},
              {"description", Type("string")},
              {"probability", prob},
              {"consequence", prob},
              {"owner", Type("string")},
              {"board_prioritised", Type("boolean")}}}},
           Ref("IcRisk"),
           Closed({{"removed", Type("boolean")}, {"id", Type("integer")}, {"controls", Type("integer")}}));
  paths["/api/internal-control/controls"] =
      post("Add a control to a risk; with id change it; with id and remove: true remove it with its results",
           {{"type", "object"},
            {"properties",
             {{"id", Type("integer")},
              {"remove", Type("boolean")},
              {"risk_id", Type("integer", "Required for a new control")},
              {"what", Type("string", "Required for a new control")},
              {"how", Type("string")},
              {"frequency", Enum({"monthly", "tertial", "yearly"})},
              {"responsible", Type("string")}}}},
           Ref("IcControl"),
           Closed({{"removed", Type("boolean")}, {"id", Type("integer")}, {"results", Type("integer")}}));
  json result = Closed(InternalControlSchemas()["IcResult"]["properties"]);
  result["properties"]["control_id"] = Type("integer");
  result["required"].push_back("control_id");
  paths["/api/internal-control/results"] =
      post("Write a control's result in a tertial of its risk's year (replaces one written before); deviation "
           "and not_done need a text (400 text_required)",
           {{"type", "object"},
            {"required", {"control_id", "period", "outcome"}},
            {"properties",
             {{"control_id", Type("integer")},
              {"period", Type("string")},
              {"outcome", Enum({"done", "deviation", "not_done"})},
              {"text", Type("string")}}}},
           result, nullptr);
  json import_responses = Errors({400, 409, 413});
  import_responses["200"] = JsonResponse("Stored", Closed({{"year", Type("integer")},
                                                          {"risks", Type("integer")},
                                                          {"controls", Type("integer")},
                                                          {"results", Type("integer")}}));
  paths["/api/internal-control/import"] = {
      {"post",
       {{"summary",
         "The year's register from CSV (one row per control; docs/api.md): the whole file or nothing (400 with "
         "problems, each with its line and column name in field); a year that has a register is refused (409 "
         "register_exists) unless replace=1"},
        {"parameters", json::array({Query("year", "The plan year", true, "2024"),
                                    Query("replace", "1: replace the year's register"), lang})},
        {"requestBody", {{"required", true}, {"content", {{"text/csv", {{"schema", Type("string")}}}}}}},
        {"responses", import_responses}}}};
  return paths;
}

// The routes that write (comments, uploads) and their neighbours, and the document.
json WritePaths() {
  const json lang = LangParam();
  const json answers = Answers();
  json obj = {{"type", "object"}};
  json paths;
  const json key_params = json::array({Query("subject_kind", "indicator, goal or section"),
                                       Query("subject_id", "Indicator, goal or section id"),
                                       Query("unit", "Unit id"), Query("period", "Period"),
                                       Query("year", "A plan year: what was written for any period ending in it"),
                                       lang});
  json comments_get = Get("Analysis comments (current texts) and the actions they carry, filtered", key_params,
                          JsonResponse("Comments", Closed({{"comments", Array(Ref("Comment"))},
                                                           {"actions", Array(Ref("Action"))}})),
                          {400});
  json post_responses = Errors({400, 403, 409, 413, 415});
  post_responses["201"] = JsonResponse("The stored comment", Closed({{"comment", Ref("Comment")}}));
  comments_get["post"] = {
      {"summary",
       "Write (or with empty text remove) the analysis text of an indicator or goal, "
       "unit and period; every write is a new version"},
      {"parameters", json::array({lang})},
      {"requestBody", JsonBody(Ref("CommentWrite"))},
      {"responses", post_responses}};
  paths["/api/comments"] = comments_get;
  paths["/api/comments/history"] =
      Get("Every version of one comment, oldest first",
          json::array({Query("subject_kind", "indicator, goal or section", true, "indicator"),
                       Query("subject_id", "Indicator, goal or section id", true, "phone_same_day"),
                       Query("unit", "Unit id", true, "nsh"), Query("period", "Period", true, "2024-T1"), lang}),
          JsonResponse("Versions", Closed({{"versions", Array(Ref("Comment"))}})), {400});
  json actions = Get(
      "The actions of a unit (subtree=1: and of the units under it), open ones first by due date",
      json::array({Query("unit", "Unit id (default: the administration)"),
                   Query("subtree", "1: include the units under it"), lang}),
      JsonResponse("Actions", Closed({{"unit", Type("string")},
                                      {"subtree", Type("boolean")},
                                      {"actions", Array(Ref("ActionOfUnit"))}})),
      {400});
  json action_responses = Errors({400, 403, 404, 409, 413, 415});
  action_responses["201"] = JsonResponse("The new action", Closed({{"action", Ref("Action")}}));
  action_responses["200"] = JsonResponse("The changed (or removed) action", Closed({{"action", Ref("Action")}}));
  actions["post"] = {{"summary", "Add, change or remove an action (åtgärd) of a comment"},
                     {"parameters", json::array({lang})},
                     {"requestBody", JsonBody(Ref("ActionWrite"))},
                     {"responses", action_responses}};
  paths["/api/actions"] = actions;
  json assessments = Get("The newest goal assessment of each goal or assignment, filtered by unit and period",
                         json::array({Query("goal_id", "Goal or assignment id"), Query("unit", "Unit id"),
                                      Query("period", "Period"), Query("year", "A plan year"), lang}),
                         JsonResponse("Assessments", Closed({{"assessments", Array(Ref("Assessment"))}})), {400});
  json assessment_responses = Errors({400, 403, 409, 413, 415});
  assessment_responses["201"] = JsonResponse("The stored assessment", Closed({{"assessment", Ref("Assessment")}}));
  assessments["post"] = {
      {"summary",
       "Assess a goal or assignment for a unit and period (a status other than the computed one needs a "
       "justification); every assessment is a new version"},
      {"parameters", json::array({lang})},
      {"requestBody", JsonBody(Ref("AssessmentWrite"))},
      {"responses", assessment_responses}};
  paths["/api/assessments"] = assessments;
  paths["/api/assessments/history"] =
      Get("Every assessment of one goal, unit and period, oldest first",
          json::array({Query("goal_id", "Goal or assignment id", true, "p2024_fa1_g1"),
                       Query("unit", "Unit id", true, "nsh"), Query("period", "Period", true, "2024-T1"), lang}),
          JsonResponse("Versions", Closed({{"versions", Array(Ref("Assessment"))}})), {400});
  paths["/api/batches"] = Get(
      "Import batches of the database (empty for a folder of extracts)", json::array(),
      JsonResponse("Batches", Closed({{"can_import", Type("boolean")},
                                      {"source", Type("string")},
                                      {"batches", Array(Ref("Batch"))},
                                      {"files", Array(Type("string"), "The files the data was read from")}})),
      {});
  // What an import or a removal would change (store::ChangePreview), nothing written.
  const json preview = Closed(
      {{"action", Enum({"import", "remove"})},
       {"table", Type("string")},
       {"file_name", Nullable("string", "The uploaded file (an import)")},
       {"batch_id", Nullable("integer", "The batch that would be removed (a removal)")},
       {"already_stored", Nullable("integer", "The batch holding the same bytes: nothing would change")},
       {"batches_out", Array(Type("integer"), "The batches that would go to the trash")},
       {"rows_out", Type("integer", "Their rows, leaving the results")},
       {"rows_in", Type("integer", "The file's rows")},
       {"months_before",
        Array(Type("string"), "Months (YYYY-MM; years for a table by year) holding rows of the table now")},
       {"months_after", Array(Type("string"), "And after the change")},
       {"months", Array(Closed({{"month", Type("string")},
                                {"rows_before", Type("integer")},
                                {"rows_after", Type("integer")}}),
                        "Every month whose count of rows would change")},
       {"indicators", Array(Type("string"), "The catalogue's indicators that read the table")}});
  const json dry_run =
      Query("dry_run", "1: only preview what the upload would change (200); nothing is written", false, "1");
  json import_responses = Errors({400, 403, 404, 409, 413, 422});
  import_responses["201"] =
      JsonResponse("Stored (or already stored byte for byte); results recomputed", answers["imported"]);
  import_responses["200"] = JsonResponse("dry_run=1: what the import would change; nothing written", preview);
  paths["/api/import"] = {
      {"post",
       {{"summary",
         "Upload one CSV extract: validated whole like `nara import` (every problem of the file, up to 100, "
         "in file order), stored as one batch"},
        {"parameters", json::array({lang, dry_run})},
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
  // The trash: a batch removed, restored, purged; what a removal would change.
  const json batch_id_body = JsonBody(Closed({{"batch_id", Type("integer", "The batch (nara batches)")}}));
  const json not_now = JsonResponse(
      "The batch is not in a state for this (in the trash already, active, its replacement or keys "
      "active, its rows not placed by the tree), or the server reads a folder; problems say which",
      Ref("Error"));
  json changed = Errors({400, 404, 413, 415});
  changed["409"] = not_now;
  changed["200"] = JsonResponse("The batch as it is now; results recomputed",
                                Closed({{"batch", Ref("Batch")}, {"data_version", Type("integer")}}));
  paths["/api/batches/remove"] = {
      {"post",
       {{"summary",
         "Take a batch out of the results (controllers, admins); it waits in the trash, restorable"},
        {"parameters", json::array({lang})},
        {"requestBody", batch_id_body},
        {"responses", changed}}}};
  paths["/api/batches/restore"] = {
      {"post",
       {{"summary", "Bring a removed or superseded batch back into the results (controllers, admins)"},
        {"parameters", json::array({lang})},
        {"requestBody", batch_id_body},
        {"responses", changed}}}};
  json purge_responses = Errors({400, 404, 413, 415});
  purge_responses["409"] = not_now;
  purge_responses["200"] =
      JsonResponse("The batches deleted for good, as they were",
                   Closed({{"purged", Array(Ref("Batch"))}, {"data_version", Type("integer")}}));
  paths["/api/batches/purge"] = {
      {"post",
       {{"summary", "Delete batches in the trash for good (admins)"},
        {"parameters", json::array({lang})},
        {"requestBody",
         JsonBody({{"type", "object"},
                   {"additionalProperties", false},
                   {"description", "One of the two"},
                   {"properties",
                    {{"batch_ids", Array(Type("integer"), "Batches in the trash")},
                     {"older_than_days",
                      Type("integer", "Every batch in the trash for at least this many days")}}}})},
        {"responses", purge_responses}}}};
  json preview_remove = Get("What removing a batch would change (controllers, admins); nothing is written",
                            json::array({Query("batch_id", "The batch", true, "12"), lang}),
                            JsonResponse("Preview", preview), {400, 404});
  preview_remove["get"]["responses"]["409"] = not_now;
  paths["/api/batches/preview-remove"] = preview_remove;
  paths["/api/openapi.json"] =
      Get("This document", json::array(), JsonResponse("OpenAPI 3 document", obj), {});
  paths.update(SignInPaths());
  paths.update(ReportPaths());
  paths.update(InternalControlPaths());
  paths.update(EconomyPaths());
  paths.update(PlanningPaths());

  return paths;
}

// Every route: its methods, parameters and answers.
json Paths() {
  json paths = ReadPaths();
  paths.update(WritePaths());
  // Every route but the document and the sign-in ones needs a signed-in user on a
  // database server (401), and a role that may (403).
  for (auto& [path, item] : paths.items()) {
    for (auto& [method, op] : item.items()) {
      if (op.contains("security")) continue;
      for (int c : {401, 403}) op["responses"].update(Errors({c}));
    }
  }
  paths["/api/openapi.json"]["get"]["security"] = json::array();
  return paths;
}

json Build() {
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "nara API"},
            {"version", "1"},
            {"description",
             "Steering and follow-up of primary care: scorecards, series, breakdowns, comments and "
             "imports. Errors are JSON {\"error\": {\"status\", \"code\", \"message\"}}; texts come in the "
             "language asked for with lang=sv|en."}}},
          {"paths", Paths()},
          {"security", json::array({{{"session", json::array()}}, {{"bearer", json::array()}}})},
          {"components",
           {{"schemas", Schemas()},
            {"securitySchemes",
             {{"session",
               {{"type", "apiKey"},
                {"in", "cookie"},
                {"name", "nara_session"},
                {"description", "Set by POST /api/login; changes also carry X-CSRF-Token"}}},
              {"bearer",
               {{"type", "http"},
                {"scheme", "bearer"},
                {"description", "A token from `nara user token`"}}}}}}}};
}

}  // namespace

const std::string& OpenApiDocument() {
  static const std::string doc = Build().dump(1);
  return doc;
}

}  // namespace nara::serve
