// `nara internal-control`: the internal-control register (store/internal_control.h)
// of a database on the command line.
//
//   nara internal-control import --db DB --year 2024 FILE [--replace]
//   nara internal-control export --db DB --year 2024 [--out FILE]
//   nara internal-control list   --db DB --year 2024 [--lang sv|en]
//
// import reads the register CSV (docs/api.md, "Intern kontroll") whole or not at all;
// a year that has a register is refused unless --replace. export writes the same CSV
// (to standard output without --out). list prints a table: risk value, risk, owner,
// and each control with its results per tertial.
#pragma once

#include <iosfwd>
#include <string>

#include "nara/base/status.h"

namespace CLI {
class App;
}

namespace nara::cli {

struct InternalControlArgs {
  std::string db;
  int year = 0;
  std::string file;  // import: the CSV
  bool replace = false;
  std::string out;   // export: the file (empty: standard output)
  bool force = false;
  std::string lang = "sv";
};

Status RunInternalControlImport(const InternalControlArgs& args, std::ostream& out);
Status RunInternalControlExport(const InternalControlArgs& args, std::ostream& out);
Status RunInternalControlList(const InternalControlArgs& args, std::ostream& out);

// Registers `internal-control` on `app`; after app.parse(), Run() runs it if it was given.
class InternalControlCommand {
 public:
  explicit InternalControlCommand(CLI::App* app);
  // True if `internal-control` was given; *status is then its result.
  bool Run(std::ostream& out, Status* status);

 private:
  CLI::App* import_ = nullptr;
  CLI::App* export_ = nullptr;
  CLI::App* list_ = nullptr;
  InternalControlArgs import_args_, export_args_, list_args_;
};

}  // namespace nara::cli
