// A folder of CSV extracts, as a controller drops them: one file per contract table,
// named after it (visits.csv …). Files with other names are left alone.
#pragma once

#include <string>
#include <vector>

#include "nara/ingest/csv_reader.h"

namespace nara::ingest {

struct Extract {
  model::OrgTree tree;  // units.csv when present, else the configured tree
  engine::Dataset data;
  std::vector<std::string> files;  // the files read, in the order read
  // .csv files of the folder that name no contract table (visits_2024-03.csv, say),
  // so not read: callers tell the user, nothing is left out unseen.
  std::vector<std::string> ignored;
};

// Reads every FILE.csv in `dir` whose stem is a contract table (case-insensitive).
// A units.csv replaces `configured_tree`. A folder with no contract file is an error;
// the first broken file's error is returned and nothing else. Other .csv files are
// listed in Extract::ignored.
StatusOr<Extract> LoadExtractDir(const std::string& dir, const model::OrgTree& configured_tree,
                                 const ReadOptions& options = {});

// Reads a whole file into a string.
StatusOr<std::string> ReadFile(const std::string& path);

}  // namespace nara::ingest
