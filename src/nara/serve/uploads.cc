#include "nara/serve/uploads.h"

#include <array>
#include <charconv>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "nara/base/text.h"
#include "nara/ingest/contract.h"
#include "nara/report/report.h"
#include "nara/store/store.h"
#include "nara/serve/json_views.h"

namespace nara::serve::api {

namespace {

bool IsReportSection(const std::string& key) {
  for (const report::SectionKey& s : report::Sections()) {
    if (key == s.key) return true;
  }
  return false;
}

std::string ReportSectionKeys() {
  std::string keys;
  for (const report::SectionKey& s : report::Sections()) keys += std::string(keys.empty() ? "" : ", ") + s.key;
  return keys;
}

// A file name of letters (any, in UTF-8: JSON's texts are), digits and "-_." only,
// ending in .xlsx.
std::string XlsxName(std::string_view name) {
  std::string out;
  for (char c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                       c == '_' || c == '.' || static_cast<unsigned char>(c) >= 0x80;
    out += plain ? c : '-';
  }
  if (out.size() < 5 || out.compare(out.size() - 5, 5, ".xlsx") != 0) out += ".xlsx";
  return out == ".xlsx" ? "nara.xlsx" : out;
}

}  // namespace

Parsed<TableDownload> ParseTableDownload(const std::string& text, Lang lang) {
  constexpr size_t kMaxCellText = 32767;  // Excel's
  json body = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return Error(400, lang, Msg::kErrBodyNotJsonObject);
  auto text_of = [](const json& v, std::string* out) {
    if (!v.is_string()) return false;
    *out = v.get<std::string>();
    return out->size() <= kMaxCellText;
  };
  auto field = [&](const char* key) -> const json& {
    static const json kNull;
    auto it = body.find(key);
    return it == body.end() ? kNull : *it;
  };
  TableDownload t;
  std::string name;
  if (!text_of(field("name"), &name)) return Error(400, lang, Msg::kErrTableShape, {"name"});
  if (!field("sheet").is_null() && !text_of(field("sheet"), &t.sheet.name)) {
    return Error(400, lang, Msg::kErrTableShape, {"sheet"});
  }
  if (t.sheet.name.empty()) t.sheet.name = "Tabell";
  t.file_name = XlsxName(name);
  const json& header = field("header");
  const json& rows = field("rows");
  if (!header.is_array()) return Error(400, lang, Msg::kErrTableShape, {"header"});
  if (!rows.is_array()) return Error(400, lang, Msg::kErrTableShape, {"rows"});
  const std::string max_rows = std::to_string(kMaxTableRows), max_columns = std::to_string(kMaxTableColumns);
  if (rows.size() > kMaxTableRows || header.size() > kMaxTableColumns) {
    return Error(413, lang, Msg::kErrTableTooLarge, {max_rows, max_columns});
  }
  for (const json& h : header) {
    if (!text_of(h, &t.sheet.header.emplace_back())) return Error(400, lang, Msg::kErrTableShape, {"header"});
  }
  t.sheet.rows.reserve(rows.size());
  for (const json& row : rows) {
    if (!row.is_array()) return Error(400, lang, Msg::kErrTableShape, {"rows"});
    if (row.size() > kMaxTableColumns) return Error(413, lang, Msg::kErrTableTooLarge, {max_rows, max_columns});
    std::vector<exports::SheetCell>& cells = t.sheet.rows.emplace_back();
    for (const json& v : row) {
      std::string s;
      if (v.is_number()) {
        cells.push_back(exports::SheetCell::Number(v.get<double>()));
      } else if (text_of(v, &s)) {
        cells.push_back(exports::SheetCell::Text(std::move(s)));
      } else if (v.is_null()) {
        cells.emplace_back();
      } else {
        return Error(400, lang, Msg::kErrTableShape, {"rows"});
      }
    }
  }
  return t;
}

namespace {

// A JSON object's string fields (missing or null: empty), as a POST body has them.
class Fields {
 public:
  Fields(const std::string& text) : body_(json::parse(text, nullptr, /*allow_exceptions=*/false)) {}
  bool object() const { return !body_.is_discarded() && body_.is_object(); }
  // The text of `key` into `out`; false when it is there but not a string.
  bool Text(const char* key, std::string* out) const {
    auto it = body_.find(key);
    if (it == body_.end() || it->is_null()) return out->clear(), true;
    if (!it->is_string()) return false;
    *out = it->get<std::string>();
    return true;
  }
  const json* Find(const char* key) const {
    auto it = body_.find(key);
    return it == body_.end() || it->is_null() ? nullptr : &*it;
  }

 private:
  json body_;
};

// The 400 for the first field of `fields` that is not a string, else nothing.
std::optional<ApiError> ReadTexts(const Fields& body, std::initializer_list<std::pair<const char*, std::string*>> fields,
                                  Lang lang) {
  for (auto [key, out] : fields) {
    if (!body.Text(key, out)) return Error(400, lang, Msg::kErrFieldNotString, {key});
  }
  return std::nullopt;
}

// Checks what a comment (or an assessment: kind "goal") is about: the subject exists,
// the unit too, the period parses (kept in its canonical form) and ends in a year
// served, a goal is one of the plan in force that year.
std::optional<ApiError> CheckSubject(const std::string& kind, const std::string& subject, const std::string& unit,
                                     std::string* period, const Snapshot& s, Lang lang) {
  if (kind != "indicator" && kind != "goal" && kind != "section") return Error(400, lang, Msg::kErrSubjectKind);
  // A section of the board report: its text for the unit and period (report.h).
  if (kind == "section" && !IsReportSection(subject)) {
    return Error(400, lang, Msg::kErrUnknownSection, {subject, ReportSectionKeys()});
  }
  if (kind == "indicator" && s.config().FindIndicator(subject) == nullptr) {
    return Error(400, lang, Msg::kErrUnknownIndicator, {subject});
  }
  if (kind == "goal" && !AnyPlanHasSubject(s.config(), subject)) return Error(400, lang, Msg::kErrUnknownGoal, {subject});
  if (unit.empty() || s.tree().Find(unit) < 0) return Error(400, lang, Msg::kErrUnknownUnit, {unit});
  auto p = model::ParsePeriod(*period);
  if (!p.ok()) return Error(400, lang, Msg::kErrBadPeriod, {*period});
  *period = p->ToString();
  // As for the GET parameters: the period ends in a plan year served, and a goal is
  // one of the plan in force that year.
  int year = YearOf(p->last);
  if (year < s.first_year || year > s.last_year) {
    return Error(400, lang, Msg::kErrPeriodOutside, {*period, std::to_string(s.first_year), std::to_string(s.last_year)});
  }
  if (kind == "goal") {
    const model::Plan* plan = PlanFor(s.config(), year);
    if (plan == nullptr) return Error(400, lang, Msg::kErrNoPlan, {std::to_string(year)});
    if (!PlanHasSubject(*plan, subject)) {
      return Error(400, lang, Msg::kErrGoalNotInPlan, {subject, std::to_string(year), std::to_string(plan->year)});
    }
  }
  return std::nullopt;
}

}  // namespace

Parsed<Comment> ParseComment(const std::string& text, const Snapshot& s, Lang lang) {
  Fields body(text);
  if (!body.object()) return Error(400, lang, Msg::kErrBodyNotJsonObject);
  Comment c;
  if (auto e = ReadTexts(body,
                         {{"subject_kind", &c.subject_kind},
                          {"subject_id", &c.subject_id},
                          {"unit", &c.unit_id},
                          {"period", &c.period},
                          {"text", &c.text},
                          {"author", &c.author}},
                         lang)) {
    return *e;
  }
  if (auto e = CheckSubject(c.subject_kind, c.subject_id, c.unit_id, &c.period, s, lang)) return *e;
  if (c.text.size() > 20000) return Error(400, lang, Msg::kErrTextTooLong, {FormatNumber(20000, 0, lang)});
  if (c.author.size() > 200) return Error(400, lang, Msg::kErrAuthorTooLong, {"200"});
  return c;
}

Parsed<Action> ParseAction(const std::string& text, const Snapshot& s, Lang lang) {
  Fields body(text);
  if (!body.object()) return Error(400, lang, Msg::kErrBodyNotJsonObject);
  Action a;
  if (const json* id = body.Find("id")) {
    if (!id->is_number_integer() || id->get<int64_t>() <= 0) {
      return Error(400, lang, Msg::kErrBadNumber, {"id", id->dump()});
    }
    a.id = id->get<int64_t>();
  }
  if (const json* done = body.Find("done")) {
    if (!done->is_boolean()) return Error(400, lang, Msg::kErrFieldNotBool, {"done"});
    a.done = done->get<bool>();
  }
  if (auto e = ReadTexts(body,
                         {{"subject_kind", &a.subject_kind},
                          {"subject_id", &a.subject_id},
                          {"unit", &a.unit_id},
                          {"period", &a.period},
                          {"what", &a.what},
                          {"responsible", &a.responsible},
                          {"due", &a.due}},
                         lang)) {
    return *e;
  }
  if (a.id == 0) {
    if (auto e = CheckSubject(a.subject_kind, a.subject_id, a.unit_id, &a.period, s, lang)) return *e;
    if (a.what.empty()) return Error(400, lang, Msg::kErrActionWhat);
  }
  Days day = kNullDays;
  if (!a.due.empty() && ParseDate(a.due, &day) != TimeParseError::kNone) {
    return Error(400, lang, Msg::kErrBadDate, {a.due});
  }
  if (a.what.size() > 2000) return Error(400, lang, Msg::kErrTextTooLong, {FormatNumber(2000, 0, lang)});
  if (a.responsible.size() > 200) return Error(400, lang, Msg::kErrAuthorTooLong, {"200"});
  return a;
}

Parsed<Assessment> ParseAssessment(const std::string& text, const Snapshot& s, Lang lang) {
  Fields body(text);
  if (!body.object()) return Error(400, lang, Msg::kErrBodyNotJsonObject);
  Assessment a;
  if (auto e = ReadTexts(body,
                         {{"goal_id", &a.goal_id},
                          {"unit", &a.unit_id},
                          {"period", &a.period},
                          {"status", &a.status},
                          {"justification", &a.justification},
                          {"responsible", &a.responsible}},
                         lang)) {
    return *e;
  }
  if (auto e = CheckSubject("goal", a.goal_id, a.unit_id, &a.period, s, lang)) return *e;
  if (a.status != "met" && a.status != "near" && a.status != "not_met") {
    return Error(400, lang, Msg::kErrAssessmentStatus, {a.status});
  }
  if (a.justification.size() > 20000) return Error(400, lang, Msg::kErrTextTooLong, {FormatNumber(20000, 0, lang)});
  if (a.responsible.size() > 200) return Error(400, lang, Msg::kErrAuthorTooLong, {"200"});
  return a;
}

namespace {

// The longest value kept of a small field of an upload (table, supersede, user).
constexpr size_t kMaxField = 4096;

// What an upload needs of its parts, taken as they come: the first `file` part's
// content written to a new private file in `dir`, the first `table`, `supersede` and
// `user` values (each at most kMaxField bytes); other parts, and later ones of the
// same names, are passed over. Nothing of the file is held in memory.
class UploadParts : public http::MultipartSink {
 public:
  explicit UploadParts(std::string dir) : dir_(std::move(dir)) {}

  Status BeginPart(const http::FormPart& part) override {
    if (part.name == "file" && !file_) {
      NARA_ASSIGN_OR_RETURN(file_, http::TempFile::Create(dir_, "upload-"));
      file_name_ = part.filename;
      to_file_ = true;
      return Status::Ok();
    }
    for (Field& f : fields_) {
      if (part.name == f.name && !f.value) {
        f.value.emplace();
        current_ = &f;
      }
    }
    return Status::Ok();
  }

  Status PartContent(std::string_view piece) override {
    if (to_file_) return file_->Append(piece);
    if (current_ == nullptr) return Status::Ok();
    if (current_->value->size() + piece.size() > kMaxField) {
      return Status::Invalid("the field '" + std::string(current_->name) + "' is longer than " +
                             std::to_string(kMaxField) + " bytes");
    }
    current_->value->append(piece);
    return Status::Ok();
  }

  Status EndPart() override {
    to_file_ = false;
    current_ = nullptr;
    return Status::Ok();
  }

  // The file part: its content, and its name as sent; null when there was none.
  std::unique_ptr<http::TempFile>& file() { return file_; }
  const std::string& file_name() const { return file_name_; }
  // The first value of a field; empty when absent.
  std::string Value(std::string_view name) const {
    for (const Field& f : fields_) {
      if (f.name == name) return f.value.value_or("");
    }
    return {};
  }

 private:
  struct Field {
    const char* name;
    std::optional<std::string> value;  // set once its part has begun
  };
  std::string dir_;
  std::unique_ptr<http::TempFile> file_;
  std::string file_name_;
  bool to_file_ = false;  // the part being read is the file
  std::array<Field, 3> fields_ = {Field{"table", {}}, Field{"supersede", {}}, Field{"user", {}}};
  Field* current_ = nullptr;  // the field whose part is being read
};

}  // namespace

Parsed<Upload> ParseUpload(const http::Request& req, Lang lang) {
  std::string boundary = http::MultipartBoundary(req.Header("Content-Type"));
  if (boundary.empty()) return Error(400, lang, Msg::kErrUploadNoFile);
  std::string dir = req.body_file ? std::filesystem::path(req.body_file->path()).parent_path().string()
                                  : std::filesystem::temp_directory_path().string();
  UploadParts parts(dir);
  Status read;
  if (req.body_file) {
    read = http::ReadMultipartFile(*req.body_file, boundary, &parts);
  } else {
    http::MultipartReader reader(boundary, &parts);
    read = reader.Feed(req.body);
    if (read.ok()) read = reader.Finish();
  }
  if (!read.ok()) {
    // A body that is not multipart is the client's fault; a file that cannot be
    // written or read (a full disk) is the server's.
    if (read.code() == StatusCode::kInvalidArgument) {
      return Error(400, lang, Msg::kErrMultipart, {read.message()});
    }
    return Error(500, lang, Msg::kErrInternal, {read.message()});
  }
  if (!parts.file()) return Error(400, lang, Msg::kErrUploadNoFile);
  Upload up;
  up.file_name = parts.file_name().empty() ? "upload.csv" : parts.file_name();
  up.path = parts.file()->path();
  up.keep = std::shared_ptr<const http::TempFile>(std::move(parts.file()));
  up.table = parts.Value("table");
  // The table: the one named, else the one the file's name tells (as nara import).
  const bool unknown = up.table.empty()
                           ? store::TableForFile(SafeFileName(up.file_name)) == nullptr
                           : ingest::FindContractTable(AsciiLower(up.table)) == nullptr;
  if (unknown) {
    std::string names;
    for (const engine::TableSchema& s : ingest::ContractTables()) names += (names.empty() ? "" : ", ") + s.name;
    if (up.table.empty()) return Error(400, lang, Msg::kErrUploadNoTable, {SafeFileName(up.file_name), names});
    return Error(400, lang, Msg::kErrUnknownTable, {up.table, names});
  }
  std::string t = parts.Value("supersede");
  if (!t.empty()) {
    int64_t id = 0;
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), id);
    if (ec != std::errc() || ptr != t.data() + t.size() || id <= 0) {
      return Error(400, lang, Msg::kErrBadSupersede, {t});
    }
    up.supersede = id;
  }
  up.user = parts.Value("user");
  if (up.user.empty()) up.user = "web";
  return up;
}

}  // namespace nara::serve::api
