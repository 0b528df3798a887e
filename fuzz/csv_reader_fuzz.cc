// libFuzzer target for the CSV reader: the first byte picks a contract table, the
// rest is the file. Any input must give a table or a clean error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "nara/ingest/contract.h"
#include "nara/ingest/csv_reader.h"

namespace {

const nara::model::OrgTree& Tree() {
  static const nara::model::OrgTree tree = [] {
    auto u = [](const char* id, const char* parent, nara::Days to = nara::model::kOpenEnded) {
      nara::model::UnitVersion v;
      v.id = id;
      v.name = id;
      v.parent_id = parent;
      v.valid_from = nara::DaysFromCivil(2015, 1, 1);
      v.valid_to = to;
      return v;
    };
    return *nara::model::OrgTree::Build(
        {u("r", ""), u("a", "r"), u("hc1", "a"), u("hc2", "a", nara::DaysFromCivil(2023, 6, 30)), u("dc1", "a")});
  }();
  return tree;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto& tables = nara::ingest::ContractTables();
  const auto& schema = tables[data[0] % tables.size()];
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  if (schema.name == "units") {
    (void)nara::ingest::ReadUnits("units.csv", bytes);
  } else {
    (void)nara::ingest::ReadTable(schema.name + ".csv", bytes, schema, Tree());
  }
  return 0;
}
