// Reports as issued: the files a board was shown (the board report's HTML, PDF and
// workbook), kept byte for byte in the store's database with what they were made from
// (period, unit, language, layout, the store's data revision and configuration
// version, the texts), who issued them and when, and each file's SHA-256. Later
// imports change the figures nara computes, never an issued report: `nara report
// --issued N` hands out the same bytes again, and says when the data has changed
// since. Issuing is recorded in the audit trail (audit.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nara/base/status.h"
#include "nara/store/access.h"
#include "nara/store/sqlite.h"

namespace nara::store {

struct IssuedFile {
  std::string name;    // "nämndsdialog-2024-T1.html"
  std::string sha256;  // of bytes
  std::string bytes;   // empty in IssuedReports::List
};

struct IssuedReport {
  int64_t id = 0;
  std::string period;  // "2024-T1"
  std::string unit;    // unit id
  std::string lang;    // "sv", "en"
  std::string layout;  // "a4", "slides"
  int64_t data_revision = 0;   // Store::Revision() when it was made
  int64_t config_version = 0;  // the store's configuration version in force (0: a folder's)
  std::string texts;           // the sections' texts as given (TOML or Markdown), or empty
  std::string issued_by;
  std::string issued_at;
  std::vector<IssuedFile> files;
};

// Creates the tables when missing (a store of an earlier format).
Status CreateReportTables(Database& db);

class IssuedReports {
 public:
  // The store at `path` must exist.
  static StatusOr<IssuedReports> Open(const std::string& path);

  // Stores `report` (its id, issued_at and the files' hashes are set here) and audits
  // it as "report_issued"; returns the id.
  StatusOr<int64_t> Issue(IssuedReport report, const Actor& by);
  // Every issued report, oldest first, its files without their bytes.
  StatusOr<std::vector<IssuedReport>> List();
  // One report with its files; NotFound for an unknown id, DataError when a file's
  // bytes no longer have the hash they were issued with.
  StatusOr<IssuedReport> Get(int64_t id);

 private:
  explicit IssuedReports(Database db) : db_(std::move(db)) {}
  Database db_;
};

}  // namespace nara::store
