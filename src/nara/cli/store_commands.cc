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
#include <map>
#include <ostream>

#include "nara/base/messages.h"
#include "nara/base/text.h"
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

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

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
  for (const std::string& f : args.files) NARA_RETURN_IF_ERROR(CheckImportPath(f));
  std::string user = args.user.empty() ? LoginName() : args.user;
  NARA_ASSIGN_OR_RETURN(store::Store db, store::Store::Open(args.db, true));
  NARA_ASSIGN_OR_RETURN(auto current, db.CurrentConfig());
  if (!args.config_dir.empty() || !current) {
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
           "supersedes\n";
    for (const store::BatchInfo& b : batches) {
      std::string sup;
      for (int64_t s : b.supersedes) sup += (sup.empty() ? "" : " ") + std::to_string(s);
      out << b.id << ',' << b.table << ',' << CsvField(b.file_name) << ',' << b.sha256 << ',' << b.bytes
          << ',' << b.rows << ',' << b.period_from << ',' << b.period_to << ',' << b.loaded_at << ','
          << CsvField(b.loaded_by) << ',' << b.config_version << ',' << sup << '\n';
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
      << "config\n";
  for (const store::BatchInfo& b : batches) {
    out << Pad(std::to_string(b.id), 5, true) << "  " << Pad(b.table, 14) << Pad(b.file_name, file_width + 2)
        << Pad(b.sha256, 66) << Pad(Count(b.rows), 12, true) << "  " << Pad(Period(b), 25)
        << Pad(b.loaded_at, 21) << Pad(b.loaded_by, 12) << b.config_version << "\n";
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
  out << "Removed batch " << id << " (" << b->table << ", " << b->file_name << ", " << Count(b->rows)
      << " rows).\n";
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
  for (const store::BatchInfo& b : batches) n += b.table == written.table;
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

  batches_ = app->add_subcommand("batches", "List the import batches of a database");
  batches_->add_option("--db", db_, "Database file")->required();
  batches_->add_option("--format", format_, "table or csv")->check(CLI::IsMember({"table", "csv"}));

  remove_ = app->add_subcommand("remove-batch", "Remove one import batch and all its rows");
  remove_->add_option("--db", db_, "Database file")->required();
  remove_->add_option("id", batch_, "Batch id (see nara batches)")->required();
  remove_->add_option("--user", import_args_.user, "Who is removing (default: the login name)");

  export_ = app->add_subcommand("export", "Write a table of a database as a contract CSV");
  export_->add_option("--db", db_, "Database file")->required();
  export_->add_option("--table", table_, "Table name (visits, phone_calls …)")->required();
  export_->add_option("--out", out_path_, "Output CSV file")->required();
  export_->add_option("--dialect", dialect_, "standard (',' and '.') or excel-sv (';', ',', BOM, CRLF)")
      ->check(CLI::IsMember({"standard", "excel-sv"}));
  export_->add_flag("--force", force_, "Replace the output file if it exists");
}

bool StoreCommands::Run(std::ostream& out, Status* status) {
  if (*import_) {
    *status = RunImport(import_args_, out);
  } else if (*batches_) {
    *status = RunBatches(db_, format_, out);
  } else if (*remove_) {
    *status = RunRemoveBatch(db_, batch_, import_args_.user, out);
  } else if (*export_) {
    *status = RunExport(db_, table_, out_path_, dialect_, force_, out);
  } else {
    return false;
  }
  return true;
}

}  // namespace nara::cli
