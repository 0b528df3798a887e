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
    {Msg::kErrBodyNotJsonObject, "body_not_json_object", "innehållet måste vara ett JSON-objekt",
     "the body must be a JSON object"},
    {Msg::kErrFieldNotString, "field_not_string", "'{0}' måste vara en text", "'{0}' must be a string"},
    {Msg::kErrSubjectKind, "subject_kind", "subject_kind måste vara 'indicator', 'goal' eller 'section'",
     "subject_kind must be 'indicator', 'goal' or 'section'"},
    {Msg::kErrUnknownGoal, "unknown_goal", "okänt mål eller uppdrag '{0}'", "unknown goal '{0}'"},
    {Msg::kErrPeriodOutside, "period_outside", "perioden {0} ligger utanför de år som visas ({1}–{2})",
     "period {0} is outside the years served ({1}–{2})"},
    {Msg::kErrGoalNotInPlan, "goal_not_in_plan", "målet '{0}' finns inte i planen som gäller {1} (planen för {2})",
     "goal '{0}' is not in the plan in force in {1} (the plan of {2})"},
    {Msg::kErrTextTooLong, "text_too_long", "texten är längre än {0} byte", "the text is longer than {0} bytes"},
    {Msg::kErrAuthorTooLong, "author_too_long", "författarnamnet är längre än {0} byte",
     "the author is longer than {0} bytes"},
    {Msg::kErrUploadNoFile, "upload_no_file", "skicka CSV-filen som multipart/form-data i ett fält som heter 'file'",
     "send the CSV file as multipart/form-data in a field named 'file'"},
    {Msg::kErrMultipart, "multipart", "multipart/form-data-innehållet: {0}", "the multipart/form-data body: {0}"},
    {Msg::kErrBadSupersede, "bad_supersede", "supersede måste vara ett batchnummer, inte '{0}'",
     "supersede must be a batch id, not '{0}'"},
    {Msg::kErrNoRoute, "no_route", "API:et har ingen väg {0} {1} (se /api/openapi.json)",
     "no such API route: {0} {1} (see /api/openapi.json)"},
    {Msg::kErrMethodNotAllowed, "method_not_allowed", "{0} går inte på {1} (den svarar på {2})",
     "{0} is not allowed on {1} (it answers {2})"},
    {Msg::kErrReadOnly, "read_only",
     "servern läser en mapp med extrakt (--data) och kan inte importera; starta den med --db FIL.db för att ladda upp "
     "filer",
     "this server reads a folder of extracts (--data) and cannot import; start it with --db FILE.db to upload files"},
    {Msg::kErrInternal, "internal", "internt fel: {0}", "internal error: {0}"},
    {Msg::kErrStoredNotRecomputed, "stored_not_recomputed",
     "filen sparades som batch {0} men resultaten kunde inte räknas om: {1}",
     "the file was stored as batch {0} but the results could not be recomputed: {1}"},
    {Msg::kErrHostRequired, "host_required", "begäran saknar Host-huvud", "the request has no Host header"},
    {Msg::kErrHostNotServed, "host_not_served",
     "servern svarar inte under namnet '{0}' (starta den med --server-name för namnet)",
     "this server does not answer to the name '{0}' (start it with --server-name for that name)"},
    {Msg::kErrCrossOrigin, "cross_origin", "ändringar tas bara emot från nara:s egna sidor, inte från '{0}'",
     "changes are taken only from nara's own pages, not from '{0}'"},
    {Msg::kErrContentType, "content_type", "innehållet är '{0}'; vägen tar emot {1}",
     "the body is '{0}'; the route takes {1}"},
    {Msg::kErrUnauthenticated, "unauthenticated", "logga in först", "sign in first"},
    {Msg::kErrForbidden, "forbidden", "rollen {0} får inte {1}", "the role {0} may not {1}"},
    {Msg::kErrForbiddenUnit, "forbidden_unit", "du får bara skriva för enheterna i ditt ansvarsområde, inte för {0}",
     "you may write only for the units you answer for, not for {0}"},
    {Msg::kErrCsrf, "csrf",
     "begäran saknar sidans säkerhetsnyckel (X-CSRF-Token); ladda om sidan och försök igen",
     "the request lacks the page's security key (X-CSRF-Token); reload the page and try again"},
    {Msg::kErrLoginFailed, "login_failed", "fel användarnamn eller lösenord", "wrong user name or password"},
    {Msg::kErrLoginThrottled, "login_throttled",
     "för många misslyckade inloggningar; försök igen om {0} sekunder",
     "too many failed sign-ins; try again in {0} seconds"},
    {Msg::kErrTokenInvalid, "token_invalid", "API-nyckeln är okänd, har gått ut eller är återkallad",
     "the API token is unknown, expired or revoked"},
    {Msg::kErrProxyUntrusted, "proxy_untrusted",
     "huvudet {0} tas bara emot från betrodda proxyservrar (--trusted-proxy), inte från {1}",
     "the header {0} is taken only from trusted proxies (--trusted-proxy), not from {1}"},
    {Msg::kErrProxyUnknownUser, "proxy_unknown_user",
     "proxyn angav användaren '{1}' i {0}, men nara har inget aktivt konto med det namnet",
     "the proxy named the user '{1}' in {0}, but nara has no enabled account of that name"},
    {Msg::kErrNoAccounts, "no_accounts",
     "servern läser en mapp med extrakt (--data) och har inga konton: alla kan läsa, ingen kan ändra",
     "this server reads a folder of extracts (--data) and has no accounts: everyone reads, nobody changes"},
    {Msg::kErrLoginFields, "login_fields", "ange name och password som text", "give name and password as text"},
    {Msg::kErrBadNumber, "bad_number", "{0} ska vara ett heltal inom gränserna, inte '{1}'",
     "{0} must be a whole number within bounds, not '{1}'"},
    {Msg::kErrUnknownSection, "unknown_section", "nämndsdialogen har inget avsnitt '{0}' (avsnitten: {1})",
     "the board report has no section '{0}' (the sections: {1})"},
    {Msg::kErrBadFormat, "bad_format", "okänt format '{0}' (välj {1})", "unknown format '{0}' (choose {1})"},
    {Msg::kErrNoIssuedFile, "no_issued_file", "utfärdad rapport {0} har ingen fil '{1}'",
     "issued report {0} has no file '{1}'"},
    {Msg::kErrTableShape, "table_shape",
     "'{0}' har fel form: name och sheet är texter, header en lista av texter, rows en lista av rader "
     "med tal, texter eller null",
     "'{0}' has the wrong shape: name and sheet are strings, header a list of strings, rows a list of rows "
     "of numbers, strings or nulls"},
    {Msg::kErrTableTooLarge, "table_too_large",
     "tabellen är för stor för en nedladdning (högst {0} rader och {1} kolumner)",
     "the table is too large to download (at most {0} rows and {1} columns)"},
    {Msg::kErrFieldNotBool, "field_not_bool", "'{0}' måste vara true eller false", "'{0}' must be true or false"},
    {Msg::kErrActionNotFound, "action_not_found", "åtgärd {0} finns inte", "there is no action {0}"},
    {Msg::kErrActionWhat, "action_what", "en ny åtgärd behöver en text: vad som ska göras",
     "a new action needs a text: what is to be done"},
    {Msg::kErrAssessmentStatus, "assessment_status",
     "bedömningens status måste vara 'met', 'near' eller 'not_met', inte '{0}'",
     "an assessment's status must be 'met', 'near' or 'not_met', not '{0}'"},
    {Msg::kErrJustificationRequired, "justification_required",
     "bedömningen skiljer sig från den beräknade statusen ({0}): skriv en motivering",
     "the assessment differs from the computed status ({0}): write a justification"},
    {Msg::kErrUploadNoTable, "upload_no_table",
     "filnamnet '{0}' säger inte vilken tabell filen hör till: välj tabellen, eller döp filen efter den "
     "(visits.csv, visits_2024-03.csv …); tabellerna: {1}",
     "the file name '{0}' does not tell its table: choose the table, or name the file after it "
     "(visits.csv, visits_2024-03.csv …); the tables: {1}"},
    {Msg::kErrUnknownTable, "unknown_table", "okänd tabell '{0}' (tabellerna: {1})",
     "unknown table '{0}' (the tables: {1})"},

    {Msg::kIcOutcomeDone, "ic_done", "Genomförd", "Done"},
    {Msg::kIcOutcomeDeviation, "ic_deviation", "Avvikelse", "Deviation found"},
    {Msg::kIcOutcomeNotDone, "ic_not_done", "Ej genomförd", "Not done"},
    {Msg::kIcFrequencyMonthly, "ic_monthly", "Månadsvis", "Monthly"},
    {Msg::kIcFrequencyTertial, "ic_tertial", "Per tertial", "Each tertial"},
    {Msg::kIcFrequencyYearly, "ic_yearly", "Årligen", "Yearly"},
    {Msg::kErrIcTextRequired, "text_required", "utfallet '{0}' behöver en text som beskriver vad som hänt",
     "the outcome '{0}' needs a text saying what happened"},
    {Msg::kErrIcOutOfRange, "out_of_range", "'{0}' ska vara ett heltal 1–4, inte {1}", "'{0}' must be a whole number 1–4, not {1}"},
    {Msg::kErrIcFieldRequired, "field_required", "'{0}' krävs", "'{0}' is required"},
    {Msg::kErrIcFrequency, "bad_frequency", "okänd frekvens '{0}' (monthly, tertial eller yearly)",
     "unknown frequency '{0}' (monthly, tertial or yearly)"},
    {Msg::kErrIcOutcome, "bad_outcome", "okänt utfall '{0}' (done, deviation eller not_done)",
     "unknown outcome '{0}' (done, deviation or not_done)"},
    {Msg::kErrIcPeriod, "period_not_in_register", "perioden '{0}' hör inte till riskens år ({1})",
     "the period '{0}' is not one of the risk's year ({1})"},
    {Msg::kErrIcRiskNotFound, "risk_not_found", "det finns ingen risk {0} i registret för intern kontroll",
     "there is no risk {0} in the internal-control register"},
    {Msg::kErrIcControlNotFound, "control_not_found", "det finns ingen kontroll {0} i registret för intern kontroll",
     "there is no control {0} in the internal-control register"},
    {Msg::kErrIcRegisterExists, "register_exists",
     "det finns redan ett register för intern kontroll {0}; ersätt det med replace=1 (--replace)",
     "there already is an internal-control register for {0}; replace it with replace=1 (--replace)"},
    {Msg::kErrIcCsvRefused, "register_csv_problems", "registret lästes inte in ({0} fel); inget sparades",
     "the register was not read ({0} problems); nothing was stored"},
    {Msg::kIcCsvTextRequired, "ic_text_required", "utfallet '{0}' behöver en text", "the outcome '{0}' needs a text"},
    {Msg::kIcCsvRiskDiffers, "ic_risk_differs", "risken '{0}' står med andra uppgifter än på rad {1}",
     "the risk '{0}' is described differently than on line {1}"},
    {Msg::kReportIcRule, "report_ic_rule",
     "Riskerna som styrelsen deltagit i att prioritera eller med riskvärde 9 eller högre (sannolikhet × konsekvens, 1–16), "
     "med kontrollernas utfall under året.",
     "The risks the board took part in prioritising or with a risk value of 9 or more (probability × consequence, 1–16), "
     "with the controls' results in the year."},
    {Msg::kReportIcRisk, "report_ic_risk", "Risk", "Risk"},
    {Msg::kReportIcRiskValue, "report_ic_risk_value", "Riskvärde", "Risk value"},
    {Msg::kReportIcOwner, "report_ic_owner", "Ägare", "Owner"},
    {Msg::kReportIcControl, "report_ic_control", "Kontroll", "Control"},
    {Msg::kReportIcResponsible, "report_ic_responsible", "Ansvarig", "Responsible"},
    {Msg::kReportIcBoardPrioritised, "report_ic_board_prioritised", "prioriterad av styrelsen", "prioritised by the board"},
    {Msg::kReportIcNoResult, "report_ic_no_result", "ej rapporterad", "not reported"},
    {Msg::kReportIcNoneShown, "report_ic_none_shown",
     "Registret har {0} risker men ingen som styrelsen prioriterat eller med riskvärde 9 eller högre.",
     "The register has {0} risks but none prioritised by the board or with a risk value of 9 or more."},

    {Msg::kWhereField, "where_field", "kolumn \"{0}\" (fält {1})", "column \"{0}\" (field {1})"},
    {Msg::kMoreProblems, "more_problems", "… och {0} problem till", "… and {0} more problems"},

    {Msg::kCsvUtf16, "csv_utf16",
     "UTF-16-text (filen börjar med en byteordningsmarkering för UTF-16); spara den som UTF-8 eller Windows-1252",
     "UTF-16 text (the file starts with a UTF-16 byte order mark); save it as UTF-8 or Windows-1252"},
    {Msg::kCsvBadUtf8AfterBom, "csv_bad_utf8_after_bom",
     "inte giltig UTF-8 fast filen börjar med en byteordningsmarkering för UTF-8",
     "not valid UTF-8 although the file starts with a UTF-8 byte order mark"},
    {Msg::kCsvMixedEncodings, "csv_mixed_encodings",
     "inte giltig UTF-8, fast rad {0} har UTF-8-text: filen blandar teckenkodningar (spara den som UTF-8)",
     "not valid UTF-8, though line {0} holds UTF-8 text: the file mixes encodings (save it as UTF-8)"},
    {Msg::kCsvNulByte, "csv_nul_byte", "en NUL-byte i filen (inte en textfil?)",
     "NUL byte in the file (not a text file?)"},
    {Msg::kCsvBomInside, "csv_bom_inside", "en byteordningsmarkering inne i filen (har två filer slagits ihop?)",
     "a byte order mark inside the file (were two files joined?)"},
    {Msg::kCsvLoneCarriageReturn, "csv_lone_carriage_return",
     "en rad slutar med bara vagnretur (CR); rader ska sluta med LF eller CRLF",
     "a line ends with a carriage return alone; lines must end with LF or CRLF"},
    {Msg::kCsvEmptyFile, "csv_empty_file", "tom fil, väntade en rubrikrad", "empty file, expected a header row"},
    {Msg::kCsvMixedDelimiters, "csv_mixed_delimiters", "rubrikraden blandar ',' och ';'; använd en avgränsare",
     "the header mixes ',' and ';'; use one delimiter"},
    {Msg::kCsvEmptyColumnName, "csv_empty_column_name", "ett tomt kolumnnamn i rubrikraden",
     "empty column name in the header"},
    {Msg::kCsvUnknownColumn, "csv_unknown_column", "okänd kolumn '{0}' i {1} (kolumner: {2})",
     "unknown column '{0}' in {1} (columns: {2})"},
    {Msg::kCsvColumnTwice, "csv_column_twice", "kolumnen '{0}' står två gånger i rubrikraden",
     "column '{0}' appears twice in the header"},
    {Msg::kCsvMissingColumn, "csv_missing_column", "kolumnen '{0}' saknas i rubrikraden",
     "missing column '{0}' in the header"},
    {Msg::kCsvUnterminatedQuote, "csv_unterminated_quote", "ett citerat fält tar aldrig slut",
     "unterminated quoted field"},
    {Msg::kCsvAfterClosingQuote, "csv_after_closing_quote", "oväntat tecken efter ett avslutande citattecken",
     "unexpected character after a closing quote"},
    {Msg::kCsvQuoteInUnquoted, "csv_quote_in_unquoted",
     "ett citattecken i ett fält utan citattecken (citera hela fältet och dubblera citattecknet)",
     "a quote inside an unquoted field (quote the whole field and double the quote)"},
    {Msg::kCsvFieldTooLong, "csv_field_too_long", "fältet är längre än 65536 byte", "field longer than 65536 bytes"},
    {Msg::kCsvFieldCount, "csv_field_count", "väntade {0} fält, fann {1} (rubrikraden har '{2}' som avgränsare)",
     "expected {0} fields, found {1} (the header uses '{2}' as delimiter)"},
    {Msg::kCsvNoRows, "csv_no_rows", "inga datarader, bara en rubrikrad", "no data rows, only a header"},
    {Msg::kCsvDuplicateKey, "csv_duplicate_key", "dubbel nyckel ({0}), först på rad {1}",
     "duplicate key ({0}), first seen on line {1}"},

    {Msg::kValueRequired, "value_required", "ett värde krävs", "a value is required"},
    {Msg::kValuePersonnummer, "value_personnummer",
     "värdet ser ut som ett personnummer; extrakt får bara innehålla pseudonymer",
     "the value looks like a personal identity number (personnummer); extracts may hold pseudonyms only"},
    {Msg::kValueUnknownUnit, "value_unknown_unit", "okänd enhet {0}", "unknown unit {0}"},
    {Msg::kValueBool, "value_bool", "väntade ja/nej, true/false, yes/no eller 1/0, fann {0}",
     "expected ja/nej, true/false, yes/no or 1/0, found {0}"},
    {Msg::kValueNotOneOf, "value_not_one_of", "{0} är inte något av {1}", "{0} is not one of {1}"},
    {Msg::kValueWholeNumber, "value_whole_number", "väntade ett heltal, fann {0}", "expected a whole number, found {0}"},
    {Msg::kValueBelowMinimum, "value_below_minimum", "{0} är under minimum {1}", "{0} is below the minimum {1}"},
    {Msg::kValueAboveMaximum, "value_above_maximum", "{0} är över maximum {1}", "{0} is above the maximum {1}"},
    {Msg::kValueNumber, "value_number", "väntade ett tal, fann {0}", "expected a number, found {0}"},
    {Msg::kValueNumberDecimalComma, "value_number_decimal_comma",
     "väntade ett tal (decimalkomma eller decimalpunkt), fann {0}",
     "expected a number (decimal comma or point), found {0}"},
    {Msg::kValueNoSuchDate, "value_no_such_date", "datumet finns inte: {0}", "no such date {0}"},
    {Msg::kValueDate, "value_date", "väntade ett datum ÅÅÅÅ-MM-DD, fann {0}", "expected a date YYYY-MM-DD, found {0}"},
    {Msg::kValueNoSuchMonth, "value_no_such_month", "månaden finns inte: {0}", "no such month {0}"},
    {Msg::kValueMonth, "value_month", "väntade en månad ÅÅÅÅ-MM, fann {0}", "expected a month YYYY-MM, found {0}"},
    {Msg::kValueNoSuchTime, "value_no_such_time", "klockslaget finns inte: {0}", "no such time of day {0}"},
    {Msg::kValueNonexistentLocalTime, "value_nonexistent_local_time",
     "{0} finns inte i svensk tid (timmen som hoppas över när sommartiden börjar)",
     "{0} does not exist in Swedish local time (the hour skipped when summer time begins)"},
    {Msg::kValueDateTime, "value_date_time", "väntade datum och tid ÅÅÅÅ-MM-DD TT:MM[:SS], fann {0}",
     "expected a date-time YYYY-MM-DD HH:MM[:SS], found {0}"},
    {Msg::kUnitNotValidOnFrom, "unit_not_valid_on_from", "enheten '{0}' gäller inte {1} (gäller från {2})",
     "unit '{0}' is not valid on {1} (valid from {2})"},
    {Msg::kUnitNotValidOnRange, "unit_not_valid_on_range", "enheten '{0}' gäller inte {1} (gäller {2} – {3})",
     "unit '{0}' is not valid on {1} (valid {2} – {3})"},
    {Msg::kUnitNotValidInFrom, "unit_not_valid_in_from", "enheten '{0}' gäller inte under {1} (gäller från {2})",
     "unit '{0}' is not valid in {1} (valid from {2})"},
    {Msg::kUnitNotValidInRange, "unit_not_valid_in_range", "enheten '{0}' gäller inte under {1} (gäller {2} – {3})",
     "unit '{0}' is not valid in {1} (valid {2} – {3})"},

    {Msg::kStoreKeyStored, "store_key_stored", "dubbel nyckel ({0}), redan lagrad i batch {1} ({2}, rad {3})",
     "duplicate key ({0}), already stored in batch {1} ({2}, line {3})"},
    {Msg::kStoreKeyInThisImport, "store_key_in_this_import", "dubbel nyckel ({0}), också på rad {1} i {2} i denna import",
     "duplicate key ({0}), also on line {1} of {2} in this import"},
    {Msg::kStoreMoreKeysStored, "store_more_keys_stored", "… och {0} rader till med nycklar som redan är lagrade",
     "… and {0} more rows with keys already stored"},
    {Msg::kStoreNothingStored, "store_nothing_stored", "ingenting lagrades", "nothing was stored"},
    {Msg::kStoreNothingStoredSupersede, "store_nothing_stored_supersede",
     "ingenting lagrades; ersätter filen batch {0}, importera den med --supersede {1} (på sidan: ange {1} under "
     "”Ersätter batch”)",
     "nothing was stored; if this file replaces batch {0}, import it with --supersede {1}"},
    {Msg::kStoreNoBatch, "no_batch", "det finns ingen batch {0}", "there is no batch {0}"},
    {Msg::kStoreAlreadyRemoved, "already_removed",
     "batch {0} är redan borttagen ({1}, av {2}); den kan återställas eller rensas bort",
     "batch {0} was already removed ({1}, by {2}); it can be restored or purged"},
    {Msg::kStoreAlreadySuperseded, "already_superseded", "batch {0} är redan ersatt av batch {1} ({2})",
     "batch {0} was already replaced by batch {1} ({2})"},
    {Msg::kStoreSameAsTrashed, "same_as_trashed",
     "filen har samma innehåll som batch {0}, som ligger i papperskorgen (borttagen eller ersatt {1} av {2}); "
     "återställ batch {0} i stället, eller rensa bort den först",
     "the file has the same bytes as batch {0}, which is in the trash (removed or replaced {1} by {2}); "
     "restore batch {0} instead, or purge it first"},
    {Msg::kStoreNotInTrash, "not_in_trash", "batch {0} är aktiv; bara en borttagen eller ersatt batch kan återställas",
     "batch {0} is active; only a removed or replaced batch can be restored"},
    {Msg::kStoreRestoreSuperseder, "restore_superseder_active",
     "batch {0} ersattes av batch {1}, som är aktiv: ta bort batch {1} först (den går att återställa), "
     "återställ sedan batch {0}",
     "batch {0} was replaced by batch {1}, which is active: remove batch {1} first (it stays restorable), "
     "then restore batch {0}"},
    {Msg::kStoreRestoreKeyHeld, "restore_key_held", "nyckeln ({0}) finns redan i den aktiva batchen {1} ({2})",
     "the key ({0}) is held by active batch {1} ({2})"},
    {Msg::kStoreRestoreMoreKeys, "restore_more_keys", "… och {0} rader till vars nycklar finns i aktiva batcher",
     "… and {0} more rows whose keys active batches hold"},
    {Msg::kStoreRestoreNothing, "restore_nothing",
     "batch {0} återställdes inte; ta först bort batch {1}, som har rader med samma nycklar",
     "batch {0} was not restored; remove batch {1} first, whose rows have the same keys"},
    {Msg::kStoreRestoreTree, "restore_tree",
     "batch {0} återställdes inte: organisationsträdet skulle inte placera de lagrade raderna: {1}",
     "batch {0} was not restored: the organisation tree would not place the stored rows: {1}"},
    {Msg::kStoreRestoreUnitsActive, "restore_units_active",
     "batch {0} (organisationsträdet) återställdes inte: trädet från batch {1} gäller; ta bort batch {1} först",
     "batch {0} (the organisation tree) was not restored: the tree of batch {1} is in force; remove batch {1} first"},
    {Msg::kStorePurgeActive, "purge_active",
     "batch {0} är aktiv och rensas inte bort; ta bort den först (en rensning går inte att ångra)",
     "batch {0} is active and is not purged; remove it first (a purge cannot be undone)"},
    {Msg::kErrBadBatchId, "bad_batch_id", "batch_id ska vara ett batchnummer (ett heltal), inte '{0}'",
     "batch_id must be a batch number (a whole number), not '{0}'"},
    {Msg::kErrPurgeFields, "purge_fields",
     "ange batch_ids (en lista med batchnummer) eller older_than_days (antal dagar, ett heltal)",
     "give batch_ids (a list of batch numbers) or older_than_days (a whole number of days)"},
    {Msg::kErrBadDryRun, "bad_dry_run", "dry_run ska vara 1 eller 0, inte '{0}'", "dry_run must be 1 or 0, not '{0}'"},
    {Msg::kErrChangedNotRecomputed, "changed_not_recomputed",
     "batch {0} ändrades men resultaten kunde inte räknas om: {1}",
     "batch {0} was changed but the results could not be recomputed: {1}"},

    {Msg::kCfgHasProblems, "config_has_problems", "konfigurationen har problem (kör nara check-config):",
     "the configuration has problems (run nara check-config):"},
    {Msg::kCfgStoredHint, "config_stored_hint",
     "Databasen har den konfiguration den senast fick; räkna med --config MAPP, eller lagra MAPPens med nästa import "
     "(nara import --db FIL.db --config MAPP EXTRAKT.csv).",
     "The database holds the configuration it was last given; compute with --config DIR, or store DIR's with the "
     "next import (nara import --db FILE.db --config DIR EXTRACT.csv)."},
    {Msg::kCfgFileNotFound, "config_file_not_found", "filen finns inte", "file not found"},
    {Msg::kCfgToml, "config_toml", "inte giltig TOML: {0}", "not valid TOML: {0}"},
    {Msg::kCfgMissingKey, "config_missing_key", "'{0}' saknas", "missing '{0}'"},
    {Msg::kCfgNotString, "config_not_string", "'{0}' måste vara en textsträng", "'{0}' must be a string"},
    {Msg::kCfgNotInteger, "config_not_integer", "'{0}' måste vara ett heltal", "'{0}' must be an integer"},
    {Msg::kCfgNotNumber, "config_not_number", "'{0}' måste vara ett tal", "'{0}' must be a number"},
    {Msg::kCfgNotDate, "config_not_date", "'{0}' måste vara ett datum som 2024-01-31",
     "'{0}' must be a date like 2024-01-31"},
    {Msg::kCfgNotStringArray, "config_not_string_array", "'{0}' måste vara en lista med textsträngar",
     "'{0}' must be an array of strings"},
    {Msg::kCfgNotStringInArray, "config_not_string_in_array", "'{0}' får bara innehålla textsträngar",
     "'{0}' must hold strings"},
    {Msg::kCfgUnknownKey, "config_unknown_key", "okänd nyckel '{0}'", "unknown key '{0}'"},
    {Msg::kCfgMissingTables, "config_missing_tables", "[[{0}]] saknas", "missing [[{0}]]"},
    {Msg::kCfgNotTableArray, "config_not_table_array", "'{0}' måste vara en lista av tabeller ([[{0}]])",
     "'{0}' must be an array of tables ([[{0}]])"},
    {Msg::kCfgNotTableInArray, "config_not_table_in_array", "'{0}' får bara innehålla tabeller",
     "'{0}' must hold tables"},
    {Msg::kCfgDuplicateId, "config_duplicate_id", "id '{0}' finns redan", "duplicate id '{0}'"},
    {Msg::kCfgPlanTwice, "config_plan_twice", "en plan för {0} finns redan", "a plan for {0} is already defined"},
    {Msg::kCfgBadMeasure, "config_bad_measure",
     "'measure' måste vara rate, flow (ett antal över perioden) eller stock (en nivå vid periodens slut)",
     "'measure' must be rate, flow (a count over the period) or stock (a level at its end)"},
    {Msg::kCfgAppliesToEmpty, "config_applies_to_empty", "'applies_to' måste vara en icke-tom lista med enhetstyper",
     "'applies_to' must be a non-empty array of unit kinds"},
    {Msg::kCfgAppliesToUnknown, "config_applies_to_unknown",
     "'applies_to' har en okänd enhetstyp '{0}' (region, administration, area, health_centre, branch, "
     "dental_clinic, service, team)",
     "'applies_to' holds an unknown unit kind '{0}' (region, administration, area, health_centre, branch, "
     "dental_clinic, service, team)"},
    {Msg::kCfgUnknownDisplay, "config_unknown_display", "okänd visning '{0}'", "unknown display '{0}'"},
    {Msg::kCfgUnknownPerspective, "config_unknown_perspective",
     "okänt perspektiv '{0}' (Målgrupp, Verksamhet, Medarbetare, Ekonomi)",
     "unknown perspective '{0}' (Målgrupp, Verksamhet, Medarbetare, Ekonomi)"},
    {Msg::kCfgBadBetter, "config_bad_better", "'better' måste vara higher eller lower",
     "'better' must be higher or lower"},
    {Msg::kCfgMinN, "config_min_n", "'min_n' måste vara 0 eller mer", "'min_n' must be 0 or more"},
    {Msg::kCfgTolerance, "config_tolerance", "'tolerance' måste ligga i [0, 1)", "'tolerance' must be in [0, 1)"},
    {Msg::kCfgIndicatorTwice, "config_indicator_twice", "indikatorn '{0}' finns redan på rad {1}",
     "indicator '{0}' is already defined at line {1}"},
    {Msg::kCfgNotPlanYear, "config_not_plan_year", "'{0}' är inget planår", "'{0}' is not a plan year"},
    {Msg::kCfgTargetNotString, "config_target_not_string", "ett mål måste vara en textsträng som \">= 95\"",
     "a target must be a string such as \">= 95\""},
    {Msg::kCfgTargetsNotTable, "config_targets_not_table", "'targets' måste vara en tabell med planår = \"mål\"",
     "'targets' must be a table of plan year = \"target\""},
    {Msg::kCfgUnitTargetsYearNotTable, "config_unit_targets_year_not_table",
     "'unit_targets.{0}' måste vara en tabell med enhet = \"mål\"",
     "'unit_targets.{0}' must be a table of unit = \"target\""},
    {Msg::kCfgUnitTargetsNotTable, "config_unit_targets_not_table", "'unit_targets' måste vara en tabell",
     "'unit_targets' must be a table"},
    {Msg::kCfgUnknownKind, "config_unknown_kind", "okänd enhetstyp '{0}'", "unknown kind '{0}'"},
    {Msg::kCfgBadOwnership, "config_bad_ownership", "ownership måste vara public eller private, inte '{0}'",
     "ownership must be public or private, not '{0}'"},
    {Msg::kCfgNeedsMunicipality, "config_needs_municipality", "enheten '{0}' behöver en kommunkod",
     "unit '{0}' needs a municipality code"},
    {Msg::kCfgLatitude, "config_latitude", "lat ligger utanför [−90, 90]", "lat out of range"},
    {Msg::kCfgLongitude, "config_longitude", "lon ligger utanför [−180, 180]", "lon out of range"},
    {Msg::kCfgGoalUnknownIndicator, "config_goal_unknown_indicator", "målet '{0}': okänd indikator '{1}'",
     "goal '{0}': unknown indicator '{1}'"},
    {Msg::kCfgAssignmentUnknownIndicator, "config_assignment_unknown_indicator",
     "uppdraget '{0}': okänd indikator '{1}'", "assignment '{0}': unknown indicator '{1}'"},
    {Msg::kCfgTargetUnknownUnit, "config_target_unknown_unit", "indikatorn '{0}': mål för okänd enhet '{1}'",
     "indicator '{0}': target for unknown unit '{1}'"},
    {Msg::kCfgExpression, "config_expression", "indikatorn '{0}', {1}: {2}", "indicator '{0}', {1}: {2}"},
    {Msg::kExprProblem, "expression", "fel i uttrycket: {0}", "{0}"},

    {Msg::kTargetNumberAfter, "target_number_after", "målet '{0}': ett tal ska följa {1}",
     "target '{0}': expected a number after {1}"},
    {Msg::kTargetEmpty, "target_empty", "målet '{0}': tomt mål", "target '{0}': empty target"},
    {Msg::kTargetChangeExample, "target_change_example",
     "målet '{0}': skriv till exempel 'change_vs_previous_year +10%'",
     "target '{0}': expected e.g. 'change_vs_previous_year +10%'"},
    {Msg::kTargetBaselineExample, "target_baseline_example",
     "målet '{0}': skriv till exempel 'change_vs_baseline +20% at 2023'",
     "target '{0}': expected e.g. 'change_vs_baseline +20% at 2023'"},
    {Msg::kTargetBadBaseline, "target_bad_baseline",
     "målet '{0}': jämförelsevärdet '{1}' är varken en period (2023, 2023-12, …) eller previous_year eller "
     "previous_year_end",
     "target '{0}': the baseline '{1}' is neither a period (2023, 2023-12, …) nor previous_year or "
     "previous_year_end"},
    {Msg::kTargetUnknown, "target_unknown",
     "målet '{0}': okänt mål (använd >=, >, <=, <, change_vs_previous_year, change_vs_baseline, "
     "each_month_above_previous_year, within_budget, follow_only eller not_set)",
     "target '{0}': unknown target (use >=, >, <=, <, change_vs_previous_year, change_vs_baseline, "
     "each_month_above_previous_year, within_budget, follow_only or not_set)"},

    {Msg::kTreeNoId, "tree_no_id", "enhet utan id", "unit without id"},
    {Msg::kTreeValidToBeforeFrom, "tree_valid_to_before_from", "enheten '{0}': valid_to {1} ligger före valid_from {2}",
     "unit '{0}': valid_to {1} is before valid_from {2}"},
    {Msg::kTreeOverlap, "tree_overlap", "enheten '{0}' gäller samtidigt som sin version från {1}",
     "unit '{0}' has overlapping validity with its version from {1}"},
    {Msg::kTreeSecondRoot, "tree_second_root", "enheten '{0}' saknar förälder men '{1}' är redan roten",
     "unit '{0}' has no parent but '{1}' is already the root"},
    {Msg::kTreeUnknownParent, "tree_unknown_parent", "enheten '{0}': okänd förälder '{1}'",
     "unit '{0}': unknown parent '{1}'"},
    {Msg::kTreeOwnParent, "tree_own_parent", "enheten '{0}' är sin egen förälder", "unit '{0}' is its own parent"},
    {Msg::kTreeParentNotValid, "tree_parent_not_valid", "enheten '{0}': föräldern '{1}' gäller inte {2}",
     "unit '{0}': parent '{1}' is not valid on {2}"},
    {Msg::kTreeNoRoot, "tree_no_root", "ingen rotenhet", "no root unit"},
    {Msg::kTreeCycle, "tree_cycle", "enheten '{0}' ingår i en cykel {1}", "unit '{0}' is part of a cycle on {1}"},
    // The board report.
    {Msg::kReportTitle, "report_title", "Nämndsdialog", "Board dialogue"},
    {Msg::kReportBoard, "report_board", "Nämnd", "Board"},
    {Msg::kReportAdministration, "report_administration", "Förvaltning", "Administration"},
    {Msg::kReportPeriod, "report_period", "Period", "Period"},
    {Msg::kReportGenerated, "report_generated", "Framtagen", "Generated"},
    {Msg::kReportDataVersion, "report_data_version", "Data", "Data"},
    {Msg::kReportConfigVersion, "report_config_version", "Konfiguration", "Configuration"},
    {Msg::kReportDataFromStore, "report_data_from_store", "{0} importerade filer, den senaste nr {1} ({2})", "{0} imported files, the latest no. {1} ({2})"},
    {Msg::kReportConfigFromStore, "report_config_from_store", "version {0} ({1})", "version {0} ({1})"},
    {Msg::kReportDataFromFolder, "report_data_from_folder", "en mapp med uttag, utan versioner ({0})", "a folder of extracts, not versioned ({0})"},
    {Msg::kReportConfigFromFolder, "report_config_from_folder", "en konfigurationsmapp, utan versioner ({0})", "a configuration folder, not versioned ({0})"},
    {Msg::kReportPageNumber, "report_page_number", "Sida", "Page"},
    {Msg::kReportPageOf, "report_page_of", "av", "of"},
    {Msg::kReportContents, "report_contents", "Innehåll", "Contents"},
    {Msg::kReportGoals, "report_goals", "Målstyrning", "Goal steering"},
    {Msg::kReportQuality, "report_quality", "Kvalitetsstyrning", "Quality steering"},
    {Msg::kReportInternalControl, "report_internal_control", "Intern kontroll", "Internal control"},
    {Msg::kReportEconomy, "report_economy", "Ekonomistyrning", "Financial steering"},
    {Msg::kReportStaff, "report_staff", "Medarbetare", "Staff"},
    {Msg::kReportPlanning, "report_planning", "Planeringsanalys", "Planning analysis"},
    {Msg::kReportSummary, "report_summary", "Sammanfattning", "Summary"},
    {Msg::kReportPerspectiveTargetGroup, "report_perspective_target_group", "Målgrupp/tillgänglighet", "Target group/accessibility"},
    {Msg::kReportPerspectiveOperations, "report_perspective_operations", "Verksamhet/produktion", "Operations/production"},
    {Msg::kReportPerspectiveStaff, "report_perspective_staff", "Medarbetare", "Staff"},
    {Msg::kReportPerspectiveEconomy, "report_perspective_economy", "Ekonomi", "Economy"},
    {Msg::kReportPlanOf, "report_plan_of", "{0}, beslutad av {1}", "{0}, decided by {1}"},
    {Msg::kReportNoPlan, "report_no_plan", "Det finns ingen verksamhetsplan för {0} eller tidigare.", "There is no plan for {0} or earlier."},
    {Msg::kReportFocusArea, "report_focus_area", "Fokusområde", "Focus area"},
    {Msg::kReportGoal, "report_goal", "Mål", "Goal"},
    {Msg::kReportAssignment, "report_assignment", "Uppdrag", "Assignment"},
    {Msg::kReportNoIndicators, "report_no_indicators", "Följs upp utan indikator.", "Followed up without an indicator."},
    {Msg::kGoalCounts, "goal_counts", "{0} av {1} uppfyllda, ej uppfyllda: {2}", "{0} of {1} met, not met: {2}"},
    {Msg::kGoalNotCounted, "goal_not_counted", "utan bedömning: {0}", "without a judgement: {0}"},
    {Msg::kGoalStatusRule, "goal_status_rule",
     "Beräknad av de kopplade indikatorerna med mål: uppfyllt när alla är uppfyllda, ej uppfyllt när minst "
     "hälften inte är uppfyllda, annars nära; indikatorer utan data, med för få eller utan mål räknas inte.",
     "Computed from the linked indicators with a target: met when all are met, not met when at least half "
     "are not met, near otherwise; indicators without data, with too few or without a target do not count."},
    {Msg::kReportNotForUnit, "report_not_for_unit", "gäller inte enheten", "does not apply to the unit"},
    {Msg::kReportIndicator, "report_indicator", "Indikator", "Indicator"},
    {Msg::kReportValue, "report_value", "Utfall", "Value"},
    {Msg::kReportTarget, "report_target", "Mål", "Target"},
    {Msg::kReportStatus, "report_status", "Status", "Status"},
    {Msg::kReportPreviousYear, "report_previous_year", "Föregående år", "Previous year"},
    {Msg::kReportUnitsBelow, "report_units_below", "Enheter under", "Units below"},
    {Msg::kReportCounts, "report_counts", "{0} uppfyllda, {1} nära, {2} ej uppfyllda av {3} indikatorer.", "{0} met, {1} near, {2} not met of {3} indicators."},
    {Msg::kReportComment, "report_comment", "Kommentar", "Comment"},
    {Msg::kReportAssessed, "report_assessed", "Bedömd", "Assessed"},
    {Msg::kPriceTitle, "price_title", "Hälso- och sjukvårdspeng {0}, kr per vårdpoäng",
     "Capitation {0}, kr per care point"},
    {Msg::kPriceBase, "price_base", "Föregående års pris", "Previous year's price"},
    {Msg::kPriceSubtotal, "price_subtotal", "Uppräknat pris", "Raised price"},
    {Msg::kPriceRounding, "price_rounding", "Avrundning till hela kronor", "Rounding to whole kronor"},
    {Msg::kPriceResult, "price_result", "Pris per vårdpoäng", "Price per care point"},
    {Msg::kErrNoLedger, "no_ledger", "Uppgifterna har ingen huvudbok (ledger): ekonomin kan inte visas.",
     "The data has no ledger: the economy cannot be shown."},
    {Msg::kErrNoPrice, "no_price", "Konfigurationens economy.toml har inget pris per vårdpoäng för {0}.",
     "The configuration's economy.toml has no price per care point for {0}."},
    {Msg::kErrNoWhatIfModels, "no_whatif_models",
     "Det finns inga modeller för {0} att jämföra (konfigurationens mapp whatif/).",
     "There are no models for {0} to compare (the configuration's folder whatif/)."},
    {Msg::kErrEconomy, "economy_failed", "Ekonomin kunde inte beräknas: {0}", "The economy could not be computed: {0}"},
    {Msg::kEconTitle, "econ_title", "Budget, ekonomiskt resultat och prognos, {0}, {1}–{2} (tkr)",
     "Budget, result and forecast, {0}, {1}–{2} (SEK thousands)"},
    {Msg::kEconUnit, "econ_unit", "Enhet", "Unit"},
    {Msg::kEconBudgetYear, "econ_budget_year", "Budget helår", "Budget, full year"},
    {Msg::kEconBudgetYtd, "econ_budget_ytd", "Budget ack.", "Budget to date"},
    {Msg::kEconActualYtd, "econ_actual_ytd", "Utfall ack.", "Outcome to date"},
    {Msg::kEconDeviationYtd, "econ_deviation_ytd", "Avvikelse ack.", "Deviation to date"},
    {Msg::kEconForecast, "econ_forecast", "Prognos helår", "Forecast, full year"},
    {Msg::kEconForecastDeviation, "econ_forecast_deviation", "Prognosavvikelse", "Forecast deviation"},
    {Msg::kEconCapitationTitle, "econ_capitation_title",
     "Beräknad mot bokförd vårdpeng, {0}, {1}–{2} (tkr; {3} kr per vårdpoäng och år)",
     "Computed against booked capitation, {0}, {1}–{2} (SEK thousands; {3} kr per care point and year)"},
    {Msg::kEconCarePoints, "econ_care_points", "Vårdpoäng", "Care points"},
    {Msg::kEconComputed, "econ_computed", "Beräknad", "Computed"},
    {Msg::kEconBooked, "econ_booked", "Bokförd", "Booked"},
    {Msg::kEconDifference, "econ_difference", "Skillnad", "Difference"},
    {Msg::kEconWhatIfTitle, "econ_whatif_title", "Vad händer om: resultat {0} per modell mot utfall {1} (tkr)",
     "What if: result {0} by model against the outcome {1} (SEK thousands)"},
    {Msg::kEconBaseResult, "econ_base_result", "Utfall {0}", "Outcome {0}"},
    {Msg::kEconPrice, "econ_price", "Pris per vårdpoäng", "Price per care point"},
    {Msg::kAccountRevenueCapitation, "account_revenue_capitation", "Vårdpeng (hälso- och sjukvårdspeng, barntandvårdspeng)",
     "Capitation"},
    {Msg::kAccountRevenueFees, "account_revenue_fees", "Avgifter och tandvårdsintäkter", "Fees"},
    {Msg::kAccountRevenueAppropriation, "account_revenue_appropriation", "Anslag", "Appropriation"},
    {Msg::kAccountRevenueOther, "account_revenue_other", "Övriga intäkter", "Other revenue"},
    {Msg::kAccountCostStaff, "account_cost_staff", "Personalkostnader", "Staff"},
    {Msg::kAccountCostAgencyDoctor, "account_cost_agency_doctor", "Inhyrda läkare", "Agency doctors"},
    {Msg::kAccountCostAgencyNurse, "account_cost_agency_nurse", "Inhyrda sjuksköterskor", "Agency nurses"},
    {Msg::kAccountCostAgencyOther, "account_cost_agency_other", "Övrig inhyrd personal", "Other agency staff"},
    {Msg::kAccountCostPurchasedCare, "account_cost_purchased_care", "Köpt vård", "Purchased care"},
    {Msg::kAccountCostPremises, "account_cost_premises", "Lokaler", "Premises"},
    {Msg::kAccountCostSupplies, "account_cost_supplies", "Material och förbrukning", "Supplies"},
    {Msg::kAccountCostOther, "account_cost_other", "Övriga kostnader", "Other costs"},
    {Msg::kReportNoComment, "report_no_comment", "Ingen kommentar för perioden.", "No comment for the period."},
    {Msg::kReportChartMonths, "report_chart_months", "{0} per månad, {1}–{2}", "{0} by month, {1}–{2}"},
    {Msg::kReportRanking, "report_ranking", "Enheter under {0}, {1}", "Units below {0}, {1}"},
    {Msg::kReportNoUnitsBelow, "report_no_units_below", "Ingen enhet under {0} har indikatorn.", "No unit below {0} has the indicator."},
    {Msg::kReportDefinition, "report_definition", "Definition", "Definition"},
    {Msg::kReportInternalControlEmpty, "report_internal_control_empty", "Något register för intern kontroll finns ännu inte i nara: det finns inga risker eller kontrollåtgärder att redovisa.", "nara has no register of internal control yet: there are no risks or controls to report."},
    {Msg::kReportArea, "report_area", "Område", "Area"},
    {Msg::kReportEconomyNote, "report_economy_note", "Indikatorerna följer ekonomin som avvikelser och kvoter mot budget; sammanställningen ovan visar budget, utfall och prognos i tkr.", "The indicators follow the economy as deviations and ratios against the budget; the summary above shows budget, outcome and forecast in SEK thousands."},
    {Msg::kReportPopulation, "report_population", "Befolkning per kommun och åldersgrupp, {0}", "Population by municipality and age group, {0}"},
    {Msg::kReportPopulationMissing, "report_population_missing", "Uttaget har ingen befolkningstabell (population) för {0}: planeringsanalysen kan inte visas.", "The extract has no population table (population) for {0}: the planning analysis cannot be shown."},
    {Msg::kReportMunicipality, "report_municipality", "Kommun", "Municipality"},
    {Msg::kReportTotal, "report_total", "Totalt", "Total"},
    {Msg::kReportNoText, "report_no_text", "ingen text", "no text"},
    {Msg::kReportMonth, "report_month", "Månad", "Month"},
    {Msg::kReportKeyIndicators, "report_key_indicators", "Nyckeltal", "Key indicators"},
    {Msg::kReportUnit, "report_unit", "Enhet", "Unit"},
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
    if (i > 0 && (int_part.size() - i) % 3 == 0) out += sv ? "\u00a0" : ",";
    out += int_part[i];
  }
  if (dot != std::string_view::npos) {
    out += sv ? ',' : '.';
    out.append(digits.substr(dot + 1));
  }
  return out;
}

}  // namespace nara
