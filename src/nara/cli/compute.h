// `nara compute` and `nara check-config`: from extracts and configuration to a
// scorecard as a table, JSON, CSV (standard or excel-sv dialect) or an Excel
// workbook, on stdout or into a file (--out; a workbook only into a file).
#pragma once

#include <iosfwd>
#include <string>

#include "nara/base/status.h"

namespace nara::cli {

struct ComputeArgs {
  std::string data_dir;  // a folder of extracts, or
  std::string db;        // a store (nara import); its stored configuration unless config_dir is given
  std::string config_dir;
  int year = 0;
  std::string period;     // empty: the whole year
  std::string unit;       // empty: the administration
  std::string format = "table";      // table, json, csv or xlsx
  std::string dialect = "standard";  // csv only: standard or excel-sv (export/csv.h)
  std::string out_path;              // empty: stdout (not for xlsx)
  bool force = false;                // replace an existing out_path
  bool todays_tree = false;
  std::string lang = "sv";  // sv or en: the texts of the table and of target_text/target_rule
};

Status Compute(const ComputeArgs& args, std::ostream& out, std::ostream& err);

// Returns the number of problems found (each printed to `out`).
int CheckConfig(const std::string& config_dir, std::ostream& out);

// The configuration directory: `given` if set, else data/halland under the current
// directory if it exists, else the one shipped with the source.
std::string ConfigDir(const std::string& given);

}  // namespace nara::cli
