// Where a command's data and configuration come from — a folder of extracts with a
// configuration folder, or a store (nara import) with its stored configuration — read
// and checked once, for `nara report` (and the same choice `nara compute` offers).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "nara/base/status.h"
#include "nara/ingest/extract_dir.h"
#include "nara/model/config.h"

namespace nara::cli {

struct SourceArgs {
  std::string data_dir;    // a folder of extracts, or
  std::string db;          // a store; its stored configuration unless config_dir is given
  std::string config_dir;  // empty: the stored one (db) or ConfigDir's default
};

struct Source {
  model::Config config;
  ingest::Extract extract;  // extract.tree is the tree to compute on
  // For a store: the configuration version in force (0 when config_dir was given);
  // nullopt for a folder.
  std::optional<int64_t> config_version;
  std::string config_dir;  // the folder the configuration was read from (empty: stored)
};

// Reads the configuration (problems as one DataError, listed as check-config lists
// them) and then the data. The Source is returned on the heap because a FollowUp keeps
// references into it.
StatusOr<std::unique_ptr<Source>> LoadSource(const SourceArgs& args);

// The administration valid on `day` (the default unit of a scorecard), else the root.
int DefaultUnit(const model::OrgTree& tree, Days day);

}  // namespace nara::cli
