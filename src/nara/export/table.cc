#include "nara/export/table.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "nara/base/text.h"
#include "nara/export/file.h"
#include "nara/ingest/contract.h"
#include "nara/ingest/csv_reader.h"

namespace nara::exports {

namespace fs = std::filesystem;

namespace {

// Reads the whole file and removes it.
StatusOr<std::string> Take(const std::string& path) {
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    if (in) bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::error_code ec;
  const bool removed = fs::remove(path, ec);
  if (!removed) return Status::IoError(path + ": cannot read back what the store wrote");
  return bytes;
}

}  // namespace

StatusOr<TableExport> ExportTable(store::Store& db, std::string_view table, Dialect dialect,
                                  const std::string& out_path, bool overwrite) {
  const engine::TableSchema* schema = ingest::FindContractTable(AsciiLower(table));
  if (schema == nullptr) return Status::Invalid("unknown table '" + std::string(table) + "'");
  NARA_RETURN_IF_ERROR(CheckTarget(out_path, overwrite));
  if (dialect == Dialect::kStandard) {
    // The store's canonical text is already this file (amounts in full, canonical.h),
    // and is placed as it is.
    const std::string tmp = TemporaryPathFor(out_path);
    NARA_RETURN_IF_ERROR(db.Export(schema->name, tmp));
    NARA_RETURN_IF_ERROR(PlaceFile(tmp, out_path, overwrite));
    NARA_ASSIGN_OR_RETURN(std::vector<store::BatchInfo> batches, db.Batches());
    TableExport written{schema->name, 0};
    for (const store::BatchInfo& b : batches) {
      if (b.table == schema->name && b.state == store::BatchState::kActive) written.rows += b.rows;  // not the trash
    }
    return written;
  }
  NARA_ASSIGN_OR_RETURN(model::OrgTree tree, db.Tree());
  // The store writes canonical values (a fixed point of export and import); nara's
  // reader turns them back into typed columns, which are written again here.
  const std::string canonical = TemporaryPathFor(out_path) + ".canonical";
  NARA_RETURN_IF_ERROR(db.Export(schema->name, canonical));
  NARA_ASSIGN_OR_RETURN(std::string bytes, Take(canonical));
  ingest::ReadOptions options;
  options.keep_identifiers = true;
  NARA_ASSIGN_OR_RETURN(engine::Table rows,
                        ingest::ReadTable(schema->name + ".csv", bytes, *schema, tree, options));
  bytes = std::string();

  const std::string tmp = TemporaryPathFor(out_path);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IoError(out_path + ": cannot write (folder missing or not writable?)");
    WriteTableCsv(rows, *schema, tree, dialect, out);
    out.close();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      return Status::IoError(out_path + ": cannot write");
    }
  }
  NARA_RETURN_IF_ERROR(PlaceFile(tmp, out_path, overwrite));
  return TableExport{schema->name, static_cast<int64_t>(rows.rows)};
}

}  // namespace nara::exports
