// units.csv: the organisation tree as an extract (SPEC §4), read with the contract's
// reader into unit versions.
#include "nara/ingest/contract.h"
#include "nara/ingest/csv_reader.h"

namespace nara::ingest {

StatusOr<std::vector<model::UnitVersion>> ReadUnits(std::string_view file_name, std::string_view bytes) {
  const engine::TableSchema& schema = *FindContractTable("units");
  model::OrgTree empty;
  ReadPlaces places;
  NARA_ASSIGN_OR_RETURN(engine::Table t, ReadTable(file_name, bytes, schema, empty, {}, &places));
  const std::vector<int32_t>& lines = places.row_lines;
  auto text = [&](const char* name, size_t r) -> std::string {
    const engine::Column& c = t.column(name);
    return c.i32[r] < 0 ? "" : c.dictionary[c.i32[r]];
  };
  std::vector<model::UnitVersion> units;
  for (size_t r = 0; r < t.rows; ++r) {
    model::UnitVersion v;
    v.id = text("unit_id", r);
    v.name = text("name", r);
    v.parent_id = text("parent_id", r);
    v.kind = static_cast<model::UnitKind>(t.column("kind").u8[r]);
    v.ownership = static_cast<model::Ownership>(t.column("ownership").u8[r]);
    int64_t m = t.column("municipality_code").i64[r];
    v.municipality = m == engine::kNullI64 ? 0 : static_cast<int>(m);
    v.valid_from = t.column("valid_from").i32[r];
    int32_t to = t.column("valid_to").i32[r];
    v.valid_to = to == engine::kNullI32 ? model::kOpenEnded : to;
    v.lat = t.column("lat").f64[r];
    v.lon = t.column("lon").f64[r];
    v.file = std::string(file_name);
    v.line = lines[r];
    units.push_back(std::move(v));
  }
  return units;
}

}  // namespace nara::ingest
