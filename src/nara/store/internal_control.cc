#include "nara/store/internal_control.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>

#include "nara/base/text.h"

namespace nara::store {

namespace {

using nlohmann::json;

constexpr const char* kSchema =
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
    "CREATE TABLE IF NOT EXISTS ic_risks ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, year INTEGER NOT NULL, unit_id TEXT NOT NULL, title TEXT NOT NULL,"
    " description TEXT NOT NULL, probability INTEGER NOT NULL, consequence INTEGER NOT NULL,"
    " owner TEXT NOT NULL, board_prioritised INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS ic_risks_year ON ic_risks (year);"
    "CREATE TABLE IF NOT EXISTS ic_controls ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, risk_id INTEGER NOT NULL REFERENCES ic_risks (id) ON DELETE CASCADE,"
    " what TEXT NOT NULL, how TEXT NOT NULL, frequency TEXT NOT NULL, responsible TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS ic_controls_risk ON ic_controls (risk_id);"
    "CREATE TABLE IF NOT EXISTS ic_results ("
    " control_id INTEGER NOT NULL REFERENCES ic_controls (id) ON DELETE CASCADE, period TEXT NOT NULL,"
    " outcome TEXT NOT NULL, text TEXT NOT NULL, written_by TEXT NOT NULL, written_at TEXT NOT NULL,"
    " PRIMARY KEY (control_id, period))";

constexpr int kBusyMs = 5000;

constexpr const char* kRiskColumns =
    "id, year, unit_id, title, description, probability, consequence, owner, board_prioritised";

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json RiskJson(const IcRisk& r) {
  return {{"year", r.year},
          {"unit", r.unit_id},
          {"title", r.title},
          {"description", r.description},
          {"probability", r.probability},
          {"consequence", r.consequence},
          {"owner", r.owner},
          {"board_prioritised", r.board_prioritised}};
}

json ControlJson(const IcControl& c) {
  return {{"risk_id", c.risk_id},
          {"what", c.what},
          {"how", c.how},
          {"frequency", c.frequency},
          {"responsible", c.responsible}};
}

json ResultJson(const IcResult& r) { return {{"period", r.period}, {"outcome", r.outcome}, {"text", r.text}}; }

bool InRange(int v) { return v >= 1 && v <= 4; }

Status CheckRisk(const IcRisk& r) {
  if (r.title.empty()) return Status::Invalid("title");
  if (r.unit_id.empty()) return Status::Invalid("unit");
  if (!InRange(r.probability)) return Status::Invalid("probability");
  if (!InRange(r.consequence)) return Status::Invalid("consequence");
  return Status::Ok();
}

Status CheckControl(const IcControl& c) {
  if (c.what.empty()) return Status::Invalid("what");
  if (!IcFrequencyKnown(c.frequency)) return Status::Invalid("frequency");
  return Status::Ok();
}

// --- CSV ------------------------------------------------------------------------------

struct Record {
  int line = 0;  // the physical line it starts on
  std::vector<std::string> fields;
};

// Splits `text` into records (RFC 4180: quoted fields may hold the delimiter, quotes
// doubled and line breaks). A quote left open is a problem at its record's line.
std::vector<Record> SplitCsv(std::string_view text, char delim, std::vector<Problem>& problems,
                             const std::string& file) {
  std::vector<Record> out;
  size_t i = 0;
  int line = 1;
  while (i < text.size()) {
    Record rec;
    rec.line = line;
    std::string field;
    bool done = false;
    while (!done) {
      field.clear();
      if (i < text.size() && text[i] == '"') {
        ++i;
        bool closed = false;
        while (i < text.size()) {
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (text[i] == '\n') ++line;
          field += text[i++];
        }
        if (!closed) {
          Problem p;
          p.code = Msg::kCsvUnterminatedQuote;
          p.file = file;
          p.line = rec.line;
          problems.push_back(std::move(p));
          rec.fields.push_back(field);
          out.push_back(std::move(rec));
          return out;
        }
        // Anything up to the delimiter or the line's end after the closing quote.
        while (i < text.size() && text[i] != delim && text[i] != '\n' && text[i] != '\r') field += text[i++];
      } else {
        while (i < text.size() && text[i] != delim && text[i] != '\n' && text[i] != '\r') field += text[i++];
      }
      rec.fields.push_back(field);
      if (i >= text.size()) {
        done = true;
      } else if (text[i] == delim) {
        ++i;
      } else {
        if (text[i] == '\r') ++i;
        if (i < text.size() && text[i] == '\n') ++i;
        ++line;
        done = true;
      }
    }
    out.push_back(std::move(rec));
  }
  return out;
}

bool Blank(const Record& r) {
  return std::all_of(r.fields.begin(), r.fields.end(), [](const std::string& f) { return Trim(f).empty(); });
}

std::string CsvField(const std::string& v) {
  if (v.find_first_of(";\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::optional<bool> ParseBool(std::string_view v) {
  const std::string s = AsciiLower(v);
  if (s == "ja" || s == "yes" || s == "1" || s == "true") return true;
  if (s.empty() || s == "nej" || s == "no" || s == "0" || s == "false") return false;
  return std::nullopt;
}

}  // namespace

bool IcOutcomeKnown(std::string_view o) { return o == "done" || o == "deviation" || o == "not_done"; }
bool IcFrequencyKnown(std::string_view f) { return f == "monthly" || f == "tertial" || f == "yearly"; }
bool IcOutcomeNeedsText(std::string_view o) { return o == "deviation" || o == "not_done"; }

std::vector<std::string> IcPeriods(int year) {
  const std::string y = std::to_string(year);
  return {y + "-T1", y + "-T2", y + "-T3"};
}

const std::vector<std::string>& IcCsvColumns() {
  static const std::vector<std::string> kColumns = {
      "risk_title", "unit_id",   "risk_description", "probability", "consequence", "owner",
      "board_prioritised", "control_what", "control_how", "frequency", "responsible", "result_T1",
      "text_T1",    "result_T2", "text_T2",          "result_T3",   "text_T3"};
  return kColumns;
}

std::string IcNow() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

StatusOr<std::vector<IcRisk>> ParseIcCsv(std::string_view text, int year, const std::set<std::string>* known_units,
                                         const std::string& file_name) {
  std::vector<Problem> problems;
  auto problem = [&problems, &file_name](int line, const std::string& field, int index, Msg code,
                                         std::vector<std::string> args) {
    Problem p;
    p.code = code;
    p.args = std::move(args);
    p.file = file_name;
    p.line = line;
    p.field = field;
    p.field_index = index;
    problems.push_back(std::move(p));
  };
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (!IsValidUtf8(text)) {
    problem(0, "", 0, Msg::kCsvBadUtf8AfterBom, {});
    return Status::Problems(std::move(problems));
  }
  // The delimiter: the header's (the first line that is no comment), `;` unless it
  // has `,` and no `;`.
  std::string_view head;
  for (size_t at = 0; at < text.size();) {
    const size_t end = std::min(text.find('\n', at), text.size());
    head = text.substr(at, end - at);
    if (!Trim(head).empty() && Trim(head).front() != '#') break;
    at = end + 1;
  }
  const char delim = head.find(';') == std::string_view::npos && head.find(',') != std::string_view::npos ? ',' : ';';
  std::vector<Record> records = SplitCsv(text, delim, problems, file_name);
  // Comments (a first field starting with '#') and blank lines are passed by.
  std::erase_if(records, [](const Record& r) {
    return Blank(r) || (!r.fields.empty() && Trim(r.fields.front()).substr(0, 1) == "#");
  });
  if (records.empty()) {
    problem(0, "", 0, Msg::kCsvEmptyFile, {});
    return Status::Problems(std::move(problems));
  }
  const std::vector<std::string>& columns = IcCsvColumns();
  std::map<std::string, size_t> at;  // column name → its position in the file
  const Record& header = records.front();
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name(Trim(header.fields[i]));
    if (std::find(columns.begin(), columns.end(), name) == columns.end()) {
      problem(header.line, name, static_cast<int>(i + 1), Msg::kCsvUnknownColumn, {name, "internal_control", ""});
    } else if (!at.emplace(name, i).second) {
      problem(header.line, name, static_cast<int>(i + 1), Msg::kCsvColumnTwice, {name});
    }
  }
  for (const std::string& c : columns) {
    if (!at.count(c)) problem(header.line, c, 0, Msg::kCsvMissingColumn, {c});
  }
  if (!problems.empty()) return Status::Problems(std::move(problems));

  std::vector<IcRisk> risks;
  std::map<std::pair<std::string, std::string>, std::pair<size_t, int>> seen;  // (unit, title) → risk, line
  const std::vector<std::string> periods = IcPeriods(year);
  for (size_t r = 1; r < records.size(); ++r) {
    const Record& rec = records[r];
    if (rec.fields.size() != header.fields.size()) {
      problem(rec.line, "", 0, Msg::kCsvFieldCount,
              {std::to_string(header.fields.size()), std::to_string(rec.fields.size()), std::string(1, delim)});
      continue;
    }
    auto get = [&rec, &at](const std::string& c) { return std::string(Trim(rec.fields[at.at(c)])); };
    auto index = [&at](const std::string& c) { return static_cast<int>(at.at(c) + 1); };
    const size_t before = problems.size();
    IcRisk risk;
    risk.year = year;
    risk.title = get("risk_title");
    risk.unit_id = get("unit_id");
    risk.description = get("risk_description");
    risk.owner = get("owner");
    for (const char* c : {"risk_title", "unit_id"}) {
      if (get(c).empty()) problem(rec.line, c, index(c), Msg::kValueRequired, {});
    }
    if (!risk.unit_id.empty() && known_units && !known_units->count(risk.unit_id)) {
      problem(rec.line, "unit_id", index("unit_id"), Msg::kValueUnknownUnit, {risk.unit_id});
    }
    for (auto [name, out] : {std::pair{"probability", &risk.probability}, std::pair{"consequence", &risk.consequence}}) {
      const std::string v = get(name);
      int n = 0;
      auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (v.empty()) {
        problem(rec.line, name, index(name), Msg::kValueRequired, {});
      } else if (ec != std::errc() || ptr != v.data() + v.size()) {
        problem(rec.line, name, index(name), Msg::kValueWholeNumber, {v});
      } else if (n < 1) {
        problem(rec.line, name, index(name), Msg::kValueBelowMinimum, {v, "1"});
      } else if (n > 4) {
        problem(rec.line, name, index(name), Msg::kValueAboveMaximum, {v, "4"});
      } else {
        *out = n;
      }
    }
    const std::string prioritised = get("board_prioritised");
    if (std::optional<bool> b = ParseBool(prioritised)) {
      risk.board_prioritised = *b;
    } else {
      problem(rec.line, "board_prioritised", index("board_prioritised"), Msg::kValueBool, {prioritised});
    }
    IcControl control;
    control.what = get("control_what");
    control.how = get("control_how");
    control.frequency = get("frequency");
    control.responsible = get("responsible");
    const bool has_control = !control.what.empty();
    if (has_control && !IcFrequencyKnown(control.frequency)) {
      problem(rec.line, "frequency", index("frequency"), Msg::kValueNotOneOf,
              {control.frequency, "monthly, tertial, yearly"});
    }
    for (int t = 1; t <= 3; ++t) {
      const std::string rc = "result_T" + std::to_string(t), tc = "text_T" + std::to_string(t);
      IcResult res;
      res.period = periods[t - 1];
      res.outcome = get(rc);
      res.text = get(tc);
      if (res.outcome.empty()) {
        if (!res.text.empty()) problem(rec.line, rc, index(rc), Msg::kValueRequired, {});
        continue;
      }
      if (!has_control) {
        problem(rec.line, "control_what", index("control_what"), Msg::kValueRequired, {});
      } else if (!IcOutcomeKnown(res.outcome)) {
        problem(rec.line, rc, index(rc), Msg::kValueNotOneOf, {res.outcome, "done, deviation, not_done"});
      } else if (IcOutcomeNeedsText(res.outcome) && res.text.empty()) {
        problem(rec.line, tc, index(tc), Msg::kIcCsvTextRequired, {res.outcome});
      } else {
        control.results.push_back(std::move(res));
      }
    }
    if (!has_control) {
      for (const char* c : {"control_how", "frequency", "responsible"}) {
        if (!get(c).empty()) problem(rec.line, "control_what", index("control_what"), Msg::kValueRequired, {});
      }
    }
    if (problems.size() != before) continue;
    const auto key = std::pair{risk.unit_id, risk.title};
    auto it = seen.find(key);
    if (it == seen.end()) {
      it = seen.emplace(key, std::pair{risks.size(), rec.line}).first;
      risks.push_back(risk);
    } else {
      const IcRisk& first = risks[it->second.first];
      if (first.description != risk.description || first.probability != risk.probability ||
          first.consequence != risk.consequence || first.owner != risk.owner ||
          first.board_prioritised != risk.board_prioritised) {
        problem(rec.line, "risk_title", index("risk_title"), Msg::kIcCsvRiskDiffers,
                {risk.title, std::to_string(it->second.second)});
        continue;
      }
    }
    if (has_control) risks[it->second.first].controls.push_back(std::move(control));
  }
  if (!problems.empty()) {
    std::stable_sort(problems.begin(), problems.end(),
                     [](const Problem& a, const Problem& b) { return a.line < b.line; });
    return Status::Problems(std::move(problems));
  }
  return risks;
}

std::string IcCsv(const std::vector<IcRisk>& risks) {
  std::string out;
  const std::vector<std::string>& columns = IcCsvColumns();
  for (size_t i = 0; i < columns.size(); ++i) out += (i ? ";" : "") + columns[i];
  out += '\n';
  auto row = [&out](const IcRisk& r, const IcControl* c) {
    std::vector<std::string> f = {r.title,
                                  r.unit_id,
                                  r.description,
                                  std::to_string(r.probability),
                                  std::to_string(r.consequence),
                                  r.owner,
                                  r.board_prioritised ? "ja" : "nej",
                                  c ? c->what : "",
                                  c ? c->how : "",
                                  c ? c->frequency : "",
                                  c ? c->responsible : ""};
    for (int t = 1; t <= 3; ++t) {
      const IcResult* res = nullptr;
      if (c) {
        for (const IcResult& x : c->results) {
          if (x.period.size() >= 2 && x.period.substr(x.period.size() - 2) == "T" + std::to_string(t)) res = &x;
        }
      }
      f.push_back(res ? res->outcome : "");
      f.push_back(res ? res->text : "");
    }
    for (size_t i = 0; i < f.size(); ++i) out += (i ? ";" : "") + CsvField(f[i]);
    out += '\n';
  };
  for (const IcRisk& r : risks) {
    if (r.controls.empty()) row(r, nullptr);
    for (const IcControl& c : r.controls) row(r, &c);
  }
  return out;
}

// --- the database ---------------------------------------------------------------------

StatusOr<InternalControl> InternalControl::Prepare(Database db, const std::string& where) {
  Status created = db.Exec(kSchema);
  if (created.ok()) created = CreateAuditTable(db);
  if (!created.ok()) {
    return Status::IoError("cannot create the internal-control tables in " + where + ": " + created.message());
  }
  return InternalControl(std::move(db));
}

StatusOr<InternalControl> InternalControl::Open(const std::string& path) {
  auto db = Database::Open(path, /*create=*/false, kBusyMs);
  if (!db.ok()) return Status::IoError("cannot open " + path + " for internal control: " + db.status().message());
  return Prepare(std::move(db).value(), path);
}

StatusOr<InternalControl> InternalControl::OpenInMemory() {
  auto db = Database::Open(":memory:", /*create=*/true, kBusyMs);
  if (!db.ok()) return Status::IoError("cannot open internal control in memory: " + db.status().message());
  return Prepare(std::move(db).value(), "memory");
}

StatusOr<std::vector<IcControl>> InternalControl::Controls(int64_t risk_id, int64_t control_id) {
  NARA_ASSIGN_OR_RETURN(Statement s,
                        db_.Prepare("SELECT id, risk_id, what, how, frequency, responsible FROM ic_controls WHERE "
                                    "(?1 = 0 OR risk_id = ?1) AND (?2 = 0 OR id = ?2) ORDER BY id"));
  s.Bind(1, risk_id).Bind(2, control_id);
  std::vector<IcControl> out;
  while (true) {
    NARA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    IcControl c;
    c.id = s.Int(0);
    c.risk_id = s.Int(1);
    c.what = s.Text(2);
    c.how = s.Text(3);
    c.frequency = s.Text(4);
    c.responsible = s.Text(5);
    out.push_back(std::move(c));
  }
  NARA_ASSIGN_OR_RETURN(
      Statement r, db_.Prepare("SELECT period, outcome, text, written_by, written_at FROM ic_results WHERE control_id = ?1 ORDER BY period"));
  for (IcControl& c : out) {
    r.Reset();
    r.Bind(1, c.id);
    while (true) {
      NARA_ASSIGN_OR_RETURN(bool row, r.Step());
      if (!row) break;
      c.results.push_back({std::string(r.Text(0)), std::string(r.Text(1)), std::string(r.Text(2)),
                           std::string(r.Text(3)), std::string(r.Text(4))});
    }
  }
  return out;
}

StatusOr<std::vector<IcRisk>> InternalControl::Risks(const char* where, int64_t key) {
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare(std::string("SELECT ") + kRiskColumns + " FROM ic_risks WHERE " +
                                                 where + " ORDER BY probability * consequence DESC, id"));
  s.Bind(1, key);
  std::vector<IcRisk> out;
  while (true) {
    NARA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    IcRisk r;
    r.id = s.Int(0);
    r.year = static_cast<int>(s.Int(1));
    r.unit_id = s.Text(2);
    r.title = s.Text(3);
    r.description = s.Text(4);
    r.probability = static_cast<int>(s.Int(5));
    r.consequence = static_cast<int>(s.Int(6));
    r.owner = s.Text(7);
    r.board_prioritised = s.Int(8) != 0;
    out.push_back(std::move(r));
  }
  for (IcRisk& r : out) {
    NARA_ASSIGN_OR_RETURN(r.controls, Controls(r.id, 0));
  }
  return out;
}

StatusOr<std::vector<IcRisk>> InternalControl::Register(int year) { return Risks("year = ?1", year); }

StatusOr<std::optional<IcRisk>> InternalControl::FindRisk(int64_t id) {
  NARA_ASSIGN_OR_RETURN(std::vector<IcRisk> found, Risks("id = ?1", id));
  if (found.empty()) return std::optional<IcRisk>();
  return std::optional<IcRisk>(std::move(found.front()));
}

StatusOr<std::optional<IcControl>> InternalControl::FindControl(int64_t id) {
  if (id <= 0) return std::optional<IcControl>();
  NARA_ASSIGN_OR_RETURN(std::vector<IcControl> found, Controls(0, id));
  if (found.empty()) return std::optional<IcControl>();
  return std::optional<IcControl>(std::move(found.front()));
}

Status InternalControl::InsertRisk(IcRisk& r) {
  NARA_ASSIGN_OR_RETURN(Statement s,
                        db_.Prepare("INSERT INTO ic_risks (year, unit_id, title, description, probability, "
                                    "consequence, owner, board_prioritised) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  s.Bind(1, int64_t{r.year})
      .Bind(2, r.unit_id)
      .Bind(3, r.title)
      .Bind(4, r.description)
      .Bind(5, int64_t{r.probability})
      .Bind(6, int64_t{r.consequence})
      .Bind(7, r.owner)
      .Bind(8, int64_t{r.board_prioritised ? 1 : 0});
  NARA_RETURN_IF_ERROR(s.Run());
  r.id = db_.LastInsertRowid();
  return Status::Ok();
}

Status InternalControl::InsertControl(IcControl& c) {
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare("INSERT INTO ic_controls (risk_id, what, how, frequency, "
                                                 "responsible) VALUES (?1, ?2, ?3, ?4, ?5)"));
  s.Bind(1, c.risk_id).Bind(2, c.what).Bind(3, c.how).Bind(4, c.frequency).Bind(5, c.responsible);
  NARA_RETURN_IF_ERROR(s.Run());
  c.id = db_.LastInsertRowid();
  return Status::Ok();
}

Status InternalControl::InsertResult(int64_t control_id, const IcResult& r) {
  NARA_ASSIGN_OR_RETURN(Statement s,
                        db_.Prepare("INSERT INTO ic_results (control_id, period, outcome, text, written_by, written_at) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (control_id, period) DO UPDATE SET "
                                    "outcome = excluded.outcome, text = excluded.text, "
                                    "written_by = excluded.written_by, written_at = excluded.written_at"));
  s.Bind(1, control_id).Bind(2, r.period).Bind(3, r.outcome).Bind(4, r.text).Bind(5, r.by).Bind(6, r.at);
  return s.Run();
}

StatusOr<IcRisk> InternalControl::PutRisk(IcRisk r, const Actor& by) {
  NARA_RETURN_IF_ERROR(CheckRisk(r));
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db_, Transaction::Kind::kWrite));
  json detail = {{"after", RiskJson(r)}};
  const bool created = r.id == 0;
  if (created) {
    NARA_RETURN_IF_ERROR(InsertRisk(r));
  } else {
    NARA_ASSIGN_OR_RETURN(std::optional<IcRisk> before, FindRisk(r.id));
    if (!before) return Status::NotFound(std::to_string(r.id));
    detail["before"] = RiskJson(*before);
    r.year = before->year;  // a risk stays in its year's register
    detail["after"]["year"] = r.year;
    NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare("UPDATE ic_risks SET unit_id = ?2, title = ?3, description = ?4, "
                                                   "probability = ?5, consequence = ?6, owner = ?7, "
                                                   "board_prioritised = ?8 WHERE id = ?1"));
    s.Bind(1, r.id)
        .Bind(2, r.unit_id)
        .Bind(3, r.title)
        .Bind(4, r.description)
        .Bind(5, int64_t{r.probability})
        .Bind(6, int64_t{r.consequence})
        .Bind(7, r.owner)
        .Bind(8, int64_t{r.board_prioritised ? 1 : 0});
    NARA_RETURN_IF_ERROR(s.Run());
  }
  NARA_RETURN_IF_ERROR(AppendAudit(db_, by, created ? "ic_risk_written" : "ic_risk_changed",
                                   "ic_risk " + std::to_string(r.id), Dump(detail)));
  NARA_RETURN_IF_ERROR(txn.Commit());
  NARA_ASSIGN_OR_RETURN(std::optional<IcRisk> stored, FindRisk(r.id));
  return std::move(*stored);
}

Status InternalControl::RemoveRisk(int64_t id, const Actor& by) {
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db_, Transaction::Kind::kWrite));
  NARA_ASSIGN_OR_RETURN(std::optional<IcRisk> before, FindRisk(id));
  if (!before) return Status::NotFound(std::to_string(id));
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare("DELETE FROM ic_risks WHERE id = ?1"));
  s.Bind(1, id);
  NARA_RETURN_IF_ERROR(s.Run());
  json detail = {{"before", RiskJson(*before)}, {"controls", before->controls.size()}};
  NARA_RETURN_IF_ERROR(AppendAudit(db_, by, "ic_risk_removed", "ic_risk " + std::to_string(id), Dump(detail)));
  return txn.Commit();
}

StatusOr<IcControl> InternalControl::PutControl(IcControl c, const Actor& by) {
  NARA_RETURN_IF_ERROR(CheckControl(c));
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db_, Transaction::Kind::kWrite));
  json detail;
  const bool created = c.id == 0;
  if (created) {
    NARA_ASSIGN_OR_RETURN(std::optional<IcRisk> risk, FindRisk(c.risk_id));
    if (!risk) return Status::NotFound("risk " + std::to_string(c.risk_id));
    NARA_RETURN_IF_ERROR(InsertControl(c));
  } else {
    NARA_ASSIGN_OR_RETURN(std::optional<IcControl> before, FindControl(c.id));
    if (!before) return Status::NotFound(std::to_string(c.id));
    c.risk_id = before->risk_id;
    detail["before"] = ControlJson(*before);
    NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare("UPDATE ic_controls SET what = ?2, how = ?3, frequency = ?4, "
                                                   "responsible = ?5 WHERE id = ?1"));
    s.Bind(1, c.id).Bind(2, c.what).Bind(3, c.how).Bind(4, c.frequency).Bind(5, c.responsible);
    NARA_RETURN_IF_ERROR(s.Run());
  }
  detail["after"] = ControlJson(c);
  NARA_RETURN_IF_ERROR(AppendAudit(db_, by, created ? "ic_control_written" : "ic_control_changed",
                                   "ic_control " + std::to_string(c.id), Dump(detail)));
  NARA_RETURN_IF_ERROR(txn.Commit());
  NARA_ASSIGN_OR_RETURN(std::optional<IcControl> stored, FindControl(c.id));
  return std::move(*stored);
}

Status InternalControl::RemoveControl(int64_t id, const Actor& by) {
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db_, Transaction::Kind::kWrite));
  NARA_ASSIGN_OR_RETURN(std::optional<IcControl> before, FindControl(id));
  if (!before) return Status::NotFound(std::to_string(id));
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare("DELETE FROM ic_controls WHERE id = ?1"));
  s.Bind(1, id);
  NARA_RETURN_IF_ERROR(s.Run());
  json detail = {{"before", ControlJson(*before)}, {"results", before->results.size()}};
  NARA_RETURN_IF_ERROR(AppendAudit(db_, by, "ic_control_removed", "ic_control " + std::to_string(id), Dump(detail)));
  return txn.Commit();
}

StatusOr<IcResult> InternalControl::PutResult(int64_t control_id, IcResult r, const Actor& by) {
  if (!IcOutcomeKnown(r.outcome)) return Status::Invalid("outcome");
  if (IcOutcomeNeedsText(r.outcome) && Trim(r.text).empty()) return Status::Invalid("text_required");
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db_, Transaction::Kind::kWrite));
  NARA_ASSIGN_OR_RETURN(std::optional<IcControl> control, FindControl(control_id));
  if (!control) return Status::NotFound(std::to_string(control_id));
  NARA_ASSIGN_OR_RETURN(std::optional<IcRisk> risk, FindRisk(control->risk_id));
  const std::vector<std::string> periods = IcPeriods(risk ? risk->year : 0);
  if (std::find(periods.begin(), periods.end(), r.period) == periods.end()) return Status::Invalid("period");
  if (r.at.empty()) r.at = IcNow();
  if (r.by.empty()) r.by = by.user;
  json detail = {{"after", ResultJson(r)}};
  for (const IcResult& x : control->results) {
    if (x.period == r.period) detail["before"] = ResultJson(x);
  }
  NARA_RETURN_IF_ERROR(InsertResult(control_id, r));
  NARA_RETURN_IF_ERROR(AppendAudit(db_, by, detail.contains("before") ? "ic_result_changed" : "ic_result_written",
                                   "ic_control " + std::to_string(control_id), Dump(detail)));
  NARA_RETURN_IF_ERROR(txn.Commit());
  return r;
}

StatusOr<bool> InternalControl::HasRegister(int year) {
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare("SELECT COUNT(*) FROM ic_risks WHERE year = ?1"));
  s.Bind(1, int64_t{year});
  NARA_ASSIGN_OR_RETURN(bool row, s.Step());
  return row && s.Int(0) > 0;
}

StatusOr<IcImportCounts> InternalControl::Import(int year, const std::vector<IcRisk>& risks, bool replace,
                                                 const Actor& by) {
  for (const IcRisk& r : risks) {
    NARA_RETURN_IF_ERROR(CheckRisk(r));
    for (const IcControl& c : r.controls) NARA_RETURN_IF_ERROR(CheckControl(c));
  }
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db_, Transaction::Kind::kWrite));
  NARA_ASSIGN_OR_RETURN(bool exists, HasRegister(year));
  if (exists && !replace) return Status::Invalid("register_exists");
  int64_t removed = 0;
  if (exists) {
    NARA_ASSIGN_OR_RETURN(Statement count, db_.Prepare("SELECT COUNT(*) FROM ic_risks WHERE year = ?1"));
    count.Bind(1, int64_t{year});
    NARA_ASSIGN_OR_RETURN(bool row, count.Step());
    removed = row ? count.Int(0) : 0;
    NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare("DELETE FROM ic_risks WHERE year = ?1"));
    s.Bind(1, int64_t{year});
    NARA_RETURN_IF_ERROR(s.Run());
  }
  IcImportCounts counts;
  const std::string at = IcNow();
  for (IcRisk r : risks) {
    r.year = year;
    NARA_RETURN_IF_ERROR(InsertRisk(r));
    ++counts.risks;
    for (IcControl c : r.controls) {
      c.risk_id = r.id;
      NARA_RETURN_IF_ERROR(InsertControl(c));
      ++counts.controls;
      for (IcResult res : c.results) {
        if (res.by.empty()) res.by = by.user;
        if (res.at.empty()) res.at = at;
        NARA_RETURN_IF_ERROR(InsertResult(c.id, res));
        ++counts.results;
      }
    }
  }
  json detail = {{"year", year},
                 {"replace", replace},
                 {"risks_removed", removed},
                 {"risks", counts.risks},
                 {"controls", counts.controls},
                 {"results", counts.results}};
  NARA_RETURN_IF_ERROR(AppendAudit(db_, by, "ic_imported", "ic_register " + std::to_string(year), Dump(detail)));
  NARA_RETURN_IF_ERROR(txn.Commit());
  return counts;
}

}  // namespace nara::store
