#include "nara/cli/source.h"

#include "nara/cli/compute.h"
#include "nara/cli/store_commands.h"
#include "nara/follow/follow_up.h"

namespace nara::cli {

StatusOr<std::unique_ptr<Source>> LoadSource(const SourceArgs& args) {
  if (args.data_dir.empty() == args.db.empty()) return Status::Invalid("give one of --data DIR and --db FILE");
  auto source = std::make_unique<Source>();
  std::vector<model::Problem> problems;
  const bool stored = !args.db.empty() && args.config_dir.empty();
  if (!args.db.empty()) source->config_version = 0;
  if (stored) {
    NARA_ASSIGN_OR_RETURN(source->config, LoadStoreConfig(args.db, &problems, &*source->config_version));
  } else {
    source->config_dir = ConfigDir(args.config_dir);
    source->config = model::LoadConfig(source->config_dir, &problems);
  }
  for (const model::Problem& p : follow::CheckCatalogue(source->config.catalogue)) problems.push_back(p);
  NARA_RETURN_IF_ERROR(model::ConfigStatus(std::move(problems), stored));
  NARA_ASSIGN_OR_RETURN(source->extract, args.db.empty() ? ingest::LoadExtractDir(args.data_dir, source->config.tree)
                                                         : LoadStore(args.db, source->config.tree));
  return source;
}

int DefaultUnit(const model::OrgTree& tree, Days day) {
  for (int u = 0; u < tree.size(); ++u) {
    const model::UnitVersion* v = tree.VersionAt(u, day);
    if (v && v->kind == model::UnitKind::kAdministration) return u;
  }
  return tree.root();
}

}  // namespace nara::cli
