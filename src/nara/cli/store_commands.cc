#include "nara/cli/store_commands.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <ostream>

#include "nara/base/messages.h"
#include "nara/base/text.h"
#include "nara/base/time.h"
#include "nara/cli/access_commands.h"
#include "nara/cli/compute.h"
#include "nara/export/table.h"
#include "nara/store/store.h"

namespace nara::cli {
namespace {

std::string Count(int64_t n) { return FormatNumber(static_cast<double>(n), 0, Lang::kSv); }

std::string Period(const store::BatchInfo& b) {
  if (b.period_from.empty()) return "–";
  return b.period_from == b.period_to ? b.period_from : b.period_from + " – " + b.period_to;
}

std::string Rate(int64_t rows, double seconds) {
  if (seconds <= 0) return "";
  return " (" + Count(static_cast<int64_t>(static_cast<double>(rows) / seconds)) + " rows/s)";
}

std::string Secs(double s) { return FormatNumber(s, s < 10 ? 2 : 1, Lang::kSv) + " s"; }

std::string Pad(const std::string& s, size_t width, bool right = false) {
  size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;
  std::string pad(w < width ? width - w : 0, ' ');
  return right ? pad + s : s + pad;
}

// What an import can read: a regular file, or a link to one. A folder or an empty
// folder (a glob that matched nothing leaves "DIR/*.csv" as it is, which is missing),
// a named pipe (reading it would wait for a writer) or a device is named as such.
Status CheckImportPath(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::NotFound(path + ": no such file");
    return Status::IoError(path + ": cannot read: " + std::strerror(errno));
  }
  if (S_ISREG(st.st_mode)) return Status::Ok();
  if (S_ISDIR(st.st_mode)) {
    std::error_code ec;
    bool csv = false, any = false;
    for (const auto& e : std::filesystem::directory_iterator(path, ec)) {
      any = true;
      csv = csv || AsciiLower(e.path().extension().string()) == ".csv";
    }
    if (!any) return Status::Invalid(path + " is an empty folder, not a CSV extract");
    return Status::Invalid(
        path + " is a folder, not a CSV extract" +
        (csv ? "; import its files (" + path + "/*.csv)" : std::string(", and holds no .csv files")));
  }
  if (S_ISFIFO(st.st_mode)) return Status::Invalid(path + " is a named pipe, not a file; nara imports files");
  return Status::Invalid(path + " is not a regular file (a device or a socket); nara imports files");
}

// "2024-01 – 2024-12, 2025-03": months (or years) as runs of consecutive ones.
std::string Runs(const std::vector<std::string>& periods) {
  if (periods.empty()) return "none";
  auto number = [](const std::string& p) {
    int year = std::atoi(p.substr(0, 4).c_str());
    return p.size() > 4 ? year * 12 + std::atoi(p.substr(5).c_str()) - 1 : year;
  };
  std::string out;
  size_t i = 0;
  while (i < periods.size()) {
    size_t j = i;
    while (j + 1 < periods.size() && number(periods[j + 1]) == number(periods[j]) + 1) ++j;
    out += (out.empty() ? "" : ", ") + periods[i] + (j > i ? " – " + periods[j] : "");
    i = j + 1;
  }
  const size_t n = periods.size();
  const bool years = periods.front().size() == 4;
  return out + " (" + std::to_string(n) +
         (years ? (n == 1 ? " year" : " years") : (n == 1 ? " month" : " months")) + ")";
}

// What a change would do, as `nara import --dry-run` prints it.
void PrintPreview(const store::ChangePreview& p, std::ostream& out) {
  if (p.already_stored) {
    out << "  already stored as batch " << p.already_stored << " (identical bytes): nothing would change\n";
    return;
  }
  out << "  rows out: " << Count(p.rows_out);
  if (!p.batches_out.empty()) {
    out << (p.batches_out.size() == 1 ? " (batch" : " (batches");
    for (size_t i = 0; i < p.batches_out.size(); ++i) out << (i ? ", " : " ") << p.batches_out[i];
    out << ", kept in the trash, restorable)";
  }
  out << "\n  rows in:  " << Count(p.rows_in) << "\n";
  if (!p.months_before.empty() || !p.months_after.empty()) {
    out << "  " << p.table << " covers " << Runs(p.months_before) << " now, " << Runs(p.months_after)
        << " after\n";
  }
  for (const store::ChangePreview::Month& m : p.months) {
    out << "    " << Pad(m.month, 8) << Pad(Count(m.rows_before), 12, true) << " → " << Count(m.rows_after)
        << "\n";
  }
  if (p.indicators.empty()) {
    out << "  no indicator of the catalogue reads " << p.table << "\n";
  } else {
    out << "  indicators that read " << p.table << " (" << p.indicators.size() << "): ";
    for (size_t i = 0; i < p.indicators.size(); ++i) out << (i ? ", " : "") << p.indicators[i];
    out << "\n";
  }
}

Status PrintPreviews(store::Store& db, const std::vector<store::ImportRequest>& requests, std::ostream& out) {
  for (const store::ImportRequest& r : requests) {
    NARA_ASSIGN_OR_RETURN(store::ChangePreview p, db.PreviewImport(r));
    out << r.path << " → " << p.table << ":\n";
    PrintPreview(p, out);
  }
  out << "Dry run: nothing was written to " << db.path() << ".\n";
  return Status::Ok();
}

// The state of a batch as `nara batches` shows it.
std::string StateText(const store::BatchInfo& b) {
  switch (b.state) {
    case store::BatchState::kActive:
      return "active";
    case store::BatchState::kSuperseded:
      return "superseded by " + std::to_string(b.superseded_by) + " (" + b.removed_at + ", " + b.removed_by +
             ")";
    case store::BatchState::kRemoved:
      return "removed (" + b.removed_at + ", " + b.removed_by + ")";
  }
  return "";
}

std::string BatchLine(const store::BatchInfo& b) {
  return std::to_string(b.id) + " (" + b.table + ", " + b.file_name + ", " + Count(b.rows) + " rows)";
}

}  // namespace

std::string LoginName() {
  for (const char* var : {"USER", "LOGNAME"}) {
    const char* v = std::getenv(var);
    if (v != nullptr && *v != '\0') return v;
  }
  if (const passwd* pw = getpwuid(getuid())) return pw->pw_name;
  return "unknown";
}

Status RunImport(const ImportArgs& args, std::ostream& out) {
  auto start = std::chrono::steady_clock::now();
  if (args.files.empty()) return Status::Invalid("no files to import");
  if (args.dry_run && !args.config_dir.empty()) {
    return Status::Invalid("--config is stored by an import, and a dry run stores nothing: leave it out");
  }
  for (const std::string& f : args.files) NARA_RETURN_IF_ERROR(CheckImportPath(f));
  std::string user = args.user.empty() ? LoginName() : args.user;
  NARA_ASSIGN_OR_RETURN(store::Store db, store::Store::Open(args.db, /*create=*/!args.dry_run));
  NARA_ASSIGN_OR_RETURN(auto current, db.CurrentConfig());
  if (args.dry_run && !current) {
    return Status::NotFound(args.db +
                            " holds no configuration yet; a dry run stores nothing, import without it");
  }
  if (!args.dry_run && (!args.config_dir.empty() || !current)) {
    int64_t before = current ? current->version : 0;
    NARA_ASSIGN_OR_RETURN(store::ConfigVersion v, db.StoreConfig(ConfigDir(args.config_dir), user));
    if (v.version != before)
      out << "Stored the configuration in " << v.source << " as version " << v.version << ".\n";
  }
  std::vector<store::ImportRequest> requests;
  for (const std::string& f : args.files) {
    store::ImportRequest r;
    r.path = f;
    r.table = args.table;
    requests.push_back(std::move(r));
  }
  // Each --supersede goes with the one file of that batch's table.
  if (!args.supersede.empty()) {
    NARA_ASSIGN_OR_RETURN(auto batches, db.Batches());
    for (int64_t id : args.supersede) {
      auto b =
          std::find_if(batches.begin(), batches.end(), [&](const store::BatchInfo& x) { return x.id == id; });
      if (b == batches.end())
        return Status::NotFound("--supersede " + std::to_string(id) + ": no such batch (see nara batches)");
      store::ImportRequest* match = nullptr;
      for (store::ImportRequest& r : requests) {
        const engine::TableSchema* t = r.table.empty() ? store::TableForFile(r.path) : nullptr;
        std::string table = r.table.empty() ? (t ? t->name : "") : AsciiLower(r.table);
        if (table != b->table) continue;
        if (match) {
          return Status::Invalid("--supersede " + std::to_string(id) + ": more than one file of table " +
                                 b->table + "; import the file that replaces batch " + std::to_string(id) +
                                 " on its own");
        }
        match = &r;
      }
      if (!match) {
        return Status::Invalid("--supersede " + std::to_string(id) + ": batch " + std::to_string(id) +
                               " holds " + b->table + ", and no file of this import does");
      }
      match->supersede.push_back(id);
    }
  }
  if (args.dry_run) return PrintPreviews(db, requests, out);
  auto progress = [&](const store::ImportResult& r) {
    if (r.already_stored) return;
    out << r.path << ": " << Count(r.rows) << " rows of " << r.table << " read and checked in "
        << Secs(r.read_seconds) << Rate(r.rows, r.read_seconds) << "\n";
    out.flush();
  };
  NARA_ASSIGN_OR_RETURN(auto results, db.Import(requests, user, progress));
  int stored = 0, skipped = 0;
  int64_t rows = 0, version = 0;
  for (const store::ImportResult& r : results) {
    version = r.config_version;
    if (r.already_stored) {
      ++skipped;
      out << r.path << ": already stored as batch " << r.batch_id << " (identical bytes, sha-256 " << r.sha256
          << "); nothing changed.\n";
      continue;
    }
    ++stored;
    rows += r.rows;
    out << r.path << ": stored as batch " << r.batch_id << " (" << r.table << ", " << Count(r.rows)
        << " rows)";
    if (!r.superseded.empty()) {
      out << ", replacing batch";
      for (size_t i = 0; i < r.superseded.size(); ++i) out << (i ? ", " : " ") << r.superseded[i];
    }
    out << ".\n";
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out << "Imported " << stored << (stored == 1 ? " file" : " files") << " (" << Count(rows) << " rows) into "
      << args.db << " in " << Secs(seconds) << Rate(rows, seconds);
  if (skipped) out << "; " << skipped << " already there";
  out << "; configuration version " << version << ".\n";
  return Status::Ok();
}

Status RunBatches(const std::string& db_path, const std::string& format, std::ostream& out) {
  NARA_ASSIGN_OR_RETURN(store::Store db, store::Store::Open(db_path, false));
  NARA_ASSIGN_OR_RETURN(auto batches, db.Batches());
  if (format == "csv") {
    out << "id,table,file,sha256,bytes,rows,period_from,period_to,loaded_at,loaded_by,config_version,"
           "supersedes,state,superseded_by,removed_at,removed_by\n";
    for (const store::BatchInfo& b : batches) {
      std::string sup;
      for (int64_t s : b.supersedes) sup += (sup.empty() ? "" : " ") + std::to_string(s);
      out << b.id << ',' << b.table << ',' << CsvField(b.file_name) << ',' << b.sha256 << ',' << b.bytes
          << ',' << b.rows << ',' << b.period_from << ',' << b.period_to << ',' << b.loaded_at << ','
          << CsvField(b.loaded_by) << ',' << b.config_version << ',' << sup << ','
          << store::BatchStateName(b.state) << ',' << (b.superseded_by ? std::to_string(b.superseded_by) : "")
          << ',' << b.removed_at << ',' << CsvField(b.removed_by) << '\n';
    }
    return Status::Ok();
  }
  if (batches.empty()) {
    out << "No batches in " << db_path << ".\n";
    return Status::Ok();
  }
  size_t file_width = 4;
  for (const store::BatchInfo& b : batches) file_width = std::max(file_width, b.file_name.size());
  out << Pad("id", 5, true) << "  " << Pad("table", 14) << Pad("file", file_width + 2) << Pad("sha-256", 66)
      << Pad("rows", 12, true) << "  " << Pad("period", 25) << Pad("loaded at", 21) << Pad("by", 12)
      << Pad("config", 8) << "state\n";
  int trashed = 0;
  for (const store::BatchInfo& b : batches) {
    out << Pad(std::to_string(b.id), 5, true) << "  " << Pad(b.table, 14) << Pad(b.file_name, file_width + 2)
        << Pad(b.sha256, 66) << Pad(Count(b.rows), 12, true) << "  " << Pad(Period(b), 25)
        << Pad(b.loaded_at, 21) << Pad(b.loaded_by, 12) << Pad(std::to_string(b.config_version), 8)
        << StateText(b) << "\n";
    trashed += b.state != store::BatchState::kActive;
  }
  if (trashed) {
    out << trashed << (trashed == 1 ? " batch is" : " batches are")
        << " in the trash (not in the figures): nara restore-batch brings one back, "
           "nara purge-batches deletes for good.\n";
  }
  auto config = db.CurrentConfig();
  if (config.ok() && *config) {
    const store::ConfigVersion& v = **config;
    out << "Configuration version " << v.version << " (" << v.source << ", " << v.created_at << ", sha-256 "
        << v.sha256 << ").\n";
  }
  return Status::Ok();
}

Status RunRemoveBatch(const std::string& db_path, int64_t id, const std::string& user, std::ostream& out) {
  NARA_ASSIGN_OR_RETURN(store::Store db, store::Store::Open(db_path, false));
  NARA_ASSIGN_OR_RETURN(auto batches, db.Batches());
  auto b =
      std::find_if(batches.begin(), batches.end(), [&](const store::BatchInfo& x) { return x.id == id; });
  if (b == batches.end())
    return Status::NotFound("no batch " + std::to_string(id) + " in " + db_path + " (see nara batches)");
  NARA_RETURN_IF_ERROR(db.RemoveBatch(id, user.empty() ? LoginName() : user));
  out << "Removed batch " << BatchLine(*b) << ". It is kept in the trash: nara restore-batch --db " << db_path
      << " " << id << " brings it back.\n";
  return Status::Ok();
}

Status RunRestoreBatch(const std::string& db_path, int64_t id, const std::string& user, std::ostream& out) {
  NARA_ASSIGN_OR_RETURN(store::Store db, store::Store::Open(db_path, false));
  NARA_RETURN_IF_ERROR(db.RestoreBatch(id, user.empty() ? LoginName() : user));
  NARA_ASSIGN_OR_RETURN(auto batches, db.Batches());
  for (const store::BatchInfo& b : batches) {
    if (b.id == id) out << "Restored batch " << BatchLine(b) << ".\n";
  }
  return Status::Ok();
}

Status RunPurgeBatches(const PurgeArgs& args, std::istream& in, std::ostream& out) {
  if (args.ids.empty() == args.older_than.empty()) {
    return Status::Invalid("name the batches to purge, or give --older-than (90d, 12w, 6m, 1y), not both");
  }
  store::PurgeRequest request;
  request.ids = args.ids;
  if (!args.older_than.empty()) {
    NARA_ASSIGN_OR_RETURN(int days, ParseLifetimeDays(args.older_than));
    const int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    request.removed_before = FormatLocalDateTime(now - int64_t{days} * 86400);
  }
  NARA_ASSIGN_OR_RETURN(store::Store db, store::Store::Open(args.db, false));
  NARA_ASSIGN_OR_RETURN(auto batches, db.Batches());
  // What would go, as the store will pick it (it checks again when it purges).
  std::vector<store::BatchInfo> doomed;
  for (const store::BatchInfo& b : batches) {
    const bool named = std::find(args.ids.begin(), args.ids.end(), b.id) != args.ids.end();
    const bool old = !request.removed_before.empty() && b.state != store::BatchState::kActive &&
                     b.removed_at <= request.removed_before;
    if (named || old) doomed.push_back(b);
  }
  for (int64_t id : args.ids) {
    auto b =
        std::find_if(doomed.begin(), doomed.end(), [&](const store::BatchInfo& x) { return x.id == id; });
    if (b == doomed.end())
      return Status::NotFound("no batch " + std::to_string(id) + " in " + args.db + " (see nara batches)");
    if (b->state == store::BatchState::kActive) {
      Problem active;
      active.code = Msg::kStorePurgeActive;
      active.args = {std::to_string(id)};
      return Status::Problems({std::move(active)});
    }
  }
  if (doomed.empty()) {
    out << "No batch has been in the trash since before " << request.removed_before << "; nothing purged.\n";
    return Status::Ok();
  }
  out << "For good (a purge cannot be undone):\n";
  for (const store::BatchInfo& b : doomed) out << "  batch " << BatchLine(b) << ", " << StateText(b) << "\n";
  if (!args.yes) {
    if (&in != &std::cin || !::isatty(STDIN_FILENO)) {
      return Status::Invalid("purging deletes for good; confirm with --yes");
    }
    out << "Purge " << doomed.size() << (doomed.size() == 1 ? " batch" : " batches") << "? [y/N] ";
    out.flush();
    std::string answer;
    std::getline(in, answer);
    answer = AsciiLower(std::string(Trim(answer)));
    if (answer != "y" && answer != "yes" && answer != "j" && answer != "ja") {
      out << "Nothing purged.\n";
      return Status::Ok();
    }
  }
  NARA_ASSIGN_OR_RETURN(auto purged, db.PurgeBatches(request, args.user.empty() ? LoginName() : args.user));
  out << "Purged " << purged.size() << (purged.size() == 1 ? " batch" : " batches") << ":";
  for (size_t i = 0; i < purged.size(); ++i) out << (i ? ", " : " ") << purged[i].id;
  out << ".\n";
  return Status::Ok();
}

Status RunExport(const std::string& db_path, const std::string& table, const std::string& out_path,
                 const std::string& dialect_name, bool force, std::ostream& out) {
  exports::Dialect dialect = exports::Dialect::kStandard;
  if (!exports::ParseDialect(dialect_name, &dialect))
    return Status::Invalid("unknown dialect '" + dialect_name + "' (standard or excel-sv)");
  NARA_ASSIGN_OR_RETURN(store::Store db, store::Store::Open(db_path, false));
  NARA_ASSIGN_OR_RETURN(exports::TableExport written,
                        exports::ExportTable(db, table, dialect, out_path, force));
  NARA_ASSIGN_OR_RETURN(auto batches, db.Batches());
  int n = 0;
  for (const store::BatchInfo& b : batches)
    n += b.table == written.table && b.state == store::BatchState::kActive;
  out << "Wrote " << Count(written.rows) << " rows of " << written.table << " (" << n
      << (n == 1 ? " batch" : " batches") << ") to " << out_path;
  if (dialect != exports::Dialect::kStandard) out << " (" << exports::DialectName(dialect) << ")";
  out << ".\n";
  return Status::Ok();
}

StatusOr<ingest::Extract> LoadStore(const std::string& db_path, const model::OrgTree& configured_tree) {
  NARA_ASSIGN_OR_RETURN(store::Store db, store::Store::Open(db_path, false));
  return db.Load(configured_tree);
}

StatusOr<model::Config> LoadStoreConfig(const std::string& db_path, std::vector<model::Problem>* problems,
                                        int64_t* version) {
  NARA_ASSIGN_OR_RETURN(store::Store db, store::Store::Open(db_path, false));
  if (version != nullptr) {
    NARA_ASSIGN_OR_RETURN(std::optional<store::ConfigVersion> current, db.CurrentConfig());
    *version = current ? current->version : 0;
  }
  return db.LoadStoredConfig(problems);
}

StoreCommands::StoreCommands(CLI::App* app) {
  import_ = app->add_subcommand("import",
                                "Import CSV extracts into a database, each file one batch, all or nothing");
  import_->add_option("--db", import_args_.db, "Database file (created if missing)")->required();
  import_
      ->add_option("files", import_args_.files,
                   "CSV extracts (the table from each name: visits.csv, visits_2024-03.csv)")
      ->required();
  import_->add_option("--table", import_args_.table, "The table the files hold, when their names do not say");
  import_->add_option("--supersede", import_args_.supersede,
                      "A batch this import replaces (a re-extract); repeatable");
  import_->add_option(
      "--config", import_args_.config_dir,
      "Configuration folder to store (default: the database's own; data/halland for a new one)");
  import_->add_option("--user", import_args_.user, "Who is importing (default: the login name)");
  import_->add_flag(
      "--dry-run", import_args_.dry_run,
      "Only show what the import would change (rows out and in, months, indicators); write nothing");

  batches_ = app->add_subcommand("batches", "List the import batches of a database");
  batches_->add_option("--db", db_, "Database file")->required();
  batches_->add_option("--format", format_, "table or csv")->check(CLI::IsMember({"table", "csv"}));

  remove_ = app->add_subcommand(
      "remove-batch", "Take one import batch and its rows out of the data (kept in the trash, restorable)");
  remove_->add_option("--db", db_, "Database file")->required();
  remove_->add_option("id", batch_, "Batch id (see nara batches)")->required();
  remove_->add_option("--user", import_args_.user, "Who is removing (default: the login name)");

  restore_ = app->add_subcommand("restore-batch", "Bring a removed or superseded batch back from the trash");
  restore_->add_option("--db", db_, "Database file")->required();
  restore_->add_option("id", batch_, "Batch id (see nara batches)")->required();
  restore_->add_option("--user", import_args_.user, "Who is restoring (default: the login name)");

  purge_ = app->add_subcommand("purge-batches", "Delete batches in the trash for good");
  purge_->add_option("--db", purge_args_.db, "Database file")->required();
  CLI::Option* ids = purge_->add_option("ids", purge_args_.ids, "Batch ids (see nara batches)");
  purge_
      ->add_option("--older-than", purge_args_.older_than,
                   "Every batch in the trash for at least this long: 90d, 12w, 6m, 1y")
      ->excludes(ids);
  purge_->add_flag("--yes", purge_args_.yes, "Do not ask (for scripts)");
  purge_->add_option("--user", purge_args_.user, "Who is purging (default: the login name)");

  export_ = app->add_subcommand("export", "Write a table of a database as a contract CSV");
  export_->add_option("--db", db_, "Database file")->required();
  export_->add_option("--table", table_, "Table name (visits, phone_calls …)")->required();
  export_->add_option("--out", out_path_, "Output CSV file")->required();
  export_->add_option("--dialect", dialect_, "standard (',' and '.') or excel-sv (';', ',', BOM, CRLF)")
      ->check(CLI::IsMember({"standard", "excel-sv"}));
  export_->add_flag("--force", force_, "Replace the output file if it exists");
}

bool StoreCommands::Run(std::istream& in, std::ostream& out, Status* status) {
  if (*import_) {
    *status = RunImport(import_args_, out);
  } else if (*batches_) {
    *status = RunBatches(db_, format_, out);
  } else if (*remove_) {
    *status = RunRemoveBatch(db_, batch_, import_args_.user, out);
  } else if (*restore_) {
    *status = RunRestoreBatch(db_, batch_, import_args_.user, out);
  } else if (*purge_) {
    *status = RunPurgeBatches(purge_args_, in, out);
  } else if (*export_) {
    *status = RunExport(db_, table_, out_path_, dialect_, force_, out);
  } else {
    return false;
  }
  return true;
}

}  // namespace nara::cli
