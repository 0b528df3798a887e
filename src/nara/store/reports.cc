#include "nara/store/reports.h"

#include "nara/store/audit.h"
#include "nara/store/sha256.h"
#include "nara/store/store.h"
#include "nara/store/store_impl.h"

namespace nara::store {
namespace {

constexpr const char* kTables = R"sql(
CREATE TABLE IF NOT EXISTS issued_reports(
  id INTEGER PRIMARY KEY,
  period TEXT NOT NULL,
  unit TEXT NOT NULL,
  lang TEXT NOT NULL,
  layout TEXT NOT NULL,
  data_revision INTEGER NOT NULL,
  config_version INTEGER NOT NULL,
  texts TEXT NOT NULL,
  issued_by TEXT NOT NULL,
  issued_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS issued_report_files(
  report_id INTEGER NOT NULL REFERENCES issued_reports(id),
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY(report_id, name));
)sql";

constexpr const char* kColumns =
    "SELECT id, period, unit, lang, layout, data_revision, config_version, texts, issued_by, issued_at "
    "FROM issued_reports ";

IssuedReport Read(const Statement& s) {
  IssuedReport r;
  r.id = s.Int(0);
  r.period = s.Text(1);
  r.unit = s.Text(2);
  r.lang = s.Text(3);
  r.layout = s.Text(4);
  r.data_revision = s.Int(5);
  r.config_version = s.Int(6);
  r.texts = s.Text(7);
  r.issued_by = s.Text(8);
  r.issued_at = s.Text(9);
  return r;
}

// The files of report `id`, with their bytes or without.
Status ReadFiles(Database& db, bool bytes, IssuedReport* r) {
  NARA_ASSIGN_OR_RETURN(Statement s, db.Prepare(std::string("SELECT name, sha256") + (bytes ? ", bytes" : "") +
                                                " FROM issued_report_files WHERE report_id = ?1 ORDER BY name"));
  s.Bind(1, r->id);
  while (true) {
    NARA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    IssuedFile f{std::string(s.Text(0)), std::string(s.Text(1)), bytes ? std::string(s.Blob(2)) : std::string()};
    if (bytes && Sha256Hex(f.bytes) != f.sha256) {
      return Status::DataError("issued report " + std::to_string(r->id) + ": " + f.name +
                               " no longer has the bytes it was issued with (its SHA-256 differs)");
    }
    r->files.push_back(std::move(f));
  }
  return Status::Ok();
}

}  // namespace

Status CreateReportTables(Database& db) { return db.Exec(kTables); }

StatusOr<IssuedReports> IssuedReports::Open(const std::string& path) {
  NARA_RETURN_IF_ERROR(Store::Open(path, /*create=*/false).status());  // brings an older format up to date
  NARA_ASSIGN_OR_RETURN(Database db, Database::Open(path, /*create=*/false));
  NARA_RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"));
  return IssuedReports(std::move(db));
}

StatusOr<int64_t> IssuedReports::Issue(IssuedReport r, const Actor& by) {
  if (r.files.empty()) return Status::Invalid("a report to issue needs its files");
  NARA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db_, Transaction::Kind::kWrite));
  r.issued_at = internal::Now();
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare("INSERT INTO issued_reports(period, unit, lang, layout, "
                                                 "data_revision, config_version, texts, issued_by, issued_at) "
                                                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
  s.Bind(1, r.period)
      .Bind(2, r.unit)
      .Bind(3, r.lang)
      .Bind(4, r.layout)
      .Bind(5, r.data_revision)
      .Bind(6, r.config_version)
      .Bind(7, r.texts)
      .Bind(8, r.issued_by)
      .Bind(9, r.issued_at);
  NARA_RETURN_IF_ERROR(s.Run());
  r.id = db_.LastInsertRowid();
  std::string detail = r.unit + " " + r.period + " (" + r.lang + ", " + r.layout + "), data revision " +
                       std::to_string(r.data_revision) + ", configuration " + std::to_string(r.config_version) + ":";
  NARA_ASSIGN_OR_RETURN(Statement f, db_.Prepare("INSERT INTO issued_report_files(report_id, name, sha256, bytes) "
                                                 "VALUES(?1, ?2, ?3, ?4)"));
  for (IssuedFile& file : r.files) {
    file.sha256 = Sha256Hex(file.bytes);
    f.Reset();
    f.Bind(1, r.id).Bind(2, file.name).Bind(3, file.sha256).BindBlob(4, file.bytes.data(), file.bytes.size());
    NARA_RETURN_IF_ERROR(f.Run());
    detail += " " + file.name + " " + file.sha256;
  }
  NARA_RETURN_IF_ERROR(AppendAudit(db_, by, "report_issued", "report " + std::to_string(r.id), detail));
  NARA_RETURN_IF_ERROR(txn.Commit());
  return r.id;
}

StatusOr<std::vector<IssuedReport>> IssuedReports::List() {
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare(std::string(kColumns) + "ORDER BY id"));
  std::vector<IssuedReport> out;
  while (true) {
    NARA_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(Read(s));
  }
  for (IssuedReport& r : out) NARA_RETURN_IF_ERROR(ReadFiles(db_, false, &r));
  return out;
}

StatusOr<IssuedReport> IssuedReports::Get(int64_t id) {
  NARA_ASSIGN_OR_RETURN(Statement s, db_.Prepare(std::string(kColumns) + "WHERE id = ?1"));
  s.Bind(1, id);
  NARA_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return Status::NotFound("no issued report " + std::to_string(id) + " (nara report --db DB --list-issued)");
  IssuedReport r = Read(s);
  NARA_RETURN_IF_ERROR(ReadFiles(db_, true, &r));
  return r;
}

}  // namespace nara::store
