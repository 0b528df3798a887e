// The organisation tree with validity dates (SPEC C1).
//
// A unit is identified by a stable id and has one or more versions: validity slices
// [valid_from, valid_to] (both inclusive) that may differ in parent, name or kind.
// Units open, close and move; the tree valid on a given day is obtained by taking,
// for every unit, the version valid that day. Roll-ups ask for a unit's *placement*:
// the chain of ancestors a row dated on a given day belongs to — at that day (the
// default) or under the tree of one fixed day (the "today's tree" option).
#pragma once

#include <cmath>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "nara/base/status.h"
#include "nara/base/time.h"

namespace nara::model {

enum class UnitKind : uint8_t {
  kRegion,
  kAdministration,
  kArea,
  kHealthCentre,
  kBranch,
  kDentalClinic,
  kService,
  kTeam,
};
enum class Ownership : uint8_t { kPublic, kPrivate };

inline constexpr Days kOpenEnded = 2932896;  // 9999-12-31

// Contract spelling ("health_centre", "public"); false for unknown text.
bool ParseUnitKind(std::string_view text, UnitKind* out);
bool ParseOwnership(std::string_view text, Ownership* out);
const char* UnitKindName(UnitKind kind);
const char* OwnershipName(Ownership ownership);

// One validity slice of a unit, as written in units.toml or units.csv.
struct UnitVersion {
  std::string id;
  std::string name;
  std::string parent_id;  // empty for the root
  UnitKind kind = UnitKind::kTeam;
  Ownership ownership = Ownership::kPublic;
  int municipality = 0;  // 0 = none
  Days valid_from = 0;
  Days valid_to = kOpenEnded;
  double lat = NAN;
  double lon = NAN;
  std::string file;  // where it was defined, for messages (empty: built in code)
  int line = 0;
};

// A stretch of days over which a unit's chain of ancestors does not change.
struct Placement {
  Days from = 0;
  Days to = kOpenEnded;
  std::vector<int> chain;  // the unit itself, its parent, …, the root (unit indexes)
};

class OrgTree {
 public:
  OrgTree() = default;

  // Validates and indexes the versions: ids non-empty and unique per time slice
  // (versions of one id must not overlap), valid_from <= valid_to, exactly one
  // root, every parent id known and valid whenever its child is, no cycles.
  // Fails with every problem found (Status::Problems), each placed at its version's
  // file and line.
  static StatusOr<OrgTree> Build(std::vector<UnitVersion> versions);

  // Number of distinct units; unit indexes are 0..size()-1 in order of first appearance.
  int size() const { return static_cast<int>(ids_.size()); }
  // Unit index of an id, or -1.
  int Find(std::string_view id) const;
  const std::string& id(int unit) const { return ids_[unit]; }
  int root() const { return root_; }

  // All versions of a unit, ordered by valid_from.
  const std::vector<UnitVersion>& versions(int unit) const { return versions_[unit]; }
  // The version valid on `day`, or nullptr.
  const UnitVersion* VersionAt(int unit, Days day) const;
  // The latest version (for names and attributes shown today).
  const UnitVersion& Latest(int unit) const { return versions_[unit].back(); }
  bool ValidOn(int unit, Days day) const { return VersionAt(unit, day) != nullptr; }
  // Parent unit index on `day`; -1 for the root or when the unit is not valid then.
  int ParentAt(int unit, Days day) const;
  // Children valid on `day`, in definition order.
  std::vector<int> ChildrenAt(int unit, Days day) const;
  // True if `ancestor` is `unit` or one of its ancestors on `day`.
  bool IsWithin(int unit, int ancestor, Days day) const;

  // Placements of `unit` covering all its validity. With as_of == kNullDays the chain
  // of each stretch is the tree valid then; otherwise every stretch gets the chain
  // valid on as_of (or, for a unit closed by then, on its last valid day).
  std::vector<Placement> Placements(int unit, Days as_of = kNullDays) const;
  // The unit, its parent, …, the root on `day` (the unit alone when it has no parent
  // then).
  std::vector<int> ChainAt(int unit, Days day) const;

 private:

  std::vector<std::string> ids_;
  std::vector<std::vector<UnitVersion>> versions_;
  std::unordered_map<std::string, int> index_;
  int root_ = -1;
};

}  // namespace nara::model
