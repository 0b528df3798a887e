#include "nara/model/org_tree.h"

#include <algorithm>
#include <set>

namespace nara::model {
namespace {

constexpr const char* kKindNames[] = {"region",        "administration", "area",    "health_centre",
                                      "branch",        "dental_clinic",  "service", "team"};
constexpr const char* kOwnershipNames[] = {"public", "private"};

}  // namespace

bool ParseUnitKind(std::string_view text, UnitKind* out) {
  for (int i = 0; i < 8; ++i) {
    if (text == kKindNames[i]) {
      *out = static_cast<UnitKind>(i);
      return true;
    }
  }
  return false;
}

bool ParseOwnership(std::string_view text, Ownership* out) {
  for (int i = 0; i < 2; ++i) {
    if (text == kOwnershipNames[i]) {
      *out = static_cast<Ownership>(i);
      return true;
    }
  }
  return false;
}

const char* UnitKindName(UnitKind kind) { return kKindNames[static_cast<int>(kind)]; }
const char* OwnershipName(Ownership o) { return kOwnershipNames[static_cast<int>(o)]; }

StatusOr<OrgTree> OrgTree::Build(std::vector<UnitVersion> versions) {
  OrgTree tree;
  std::vector<Problem> problems;
  auto problem = [&](const UnitVersion& v, Msg code, std::vector<std::string> args = {}) {
    Problem p{code, std::move(args), v.file, v.line};
    if (p.file.empty()) p.file = v.id;
    problems.push_back(std::move(p));
  };
  auto where = [](const UnitVersion& v) {
    return v.file.empty() ? FormatDate(v.valid_from) : v.file + ":" + std::to_string(v.line);
  };
  for (UnitVersion& v : versions) {
    if (v.id.empty()) {
      problem(v, Msg::kTreeNoId);
      continue;
    }
    if (v.valid_to < v.valid_from) {
      problem(v, Msg::kTreeValidToBeforeFrom, {v.id, FormatDate(v.valid_to), FormatDate(v.valid_from)});
      continue;
    }
    auto [it, inserted] = tree.index_.emplace(v.id, tree.size());
    if (inserted) {
      tree.ids_.push_back(v.id);
      tree.versions_.emplace_back();
    }
    tree.versions_[it->second].push_back(std::move(v));
  }
  for (auto& list : tree.versions_) {
    std::stable_sort(list.begin(), list.end(),
                     [](const UnitVersion& a, const UnitVersion& b) { return a.valid_from < b.valid_from; });
    for (size_t i = 1; i < list.size(); ++i) {
      if (list[i].valid_from <= list[i - 1].valid_to) {
        problem(list[i], Msg::kTreeOverlap, {list[i].id, where(list[i - 1])});
      }
    }
  }
  for (int u = 0; u < tree.size(); ++u) {
    for (const UnitVersion& v : tree.versions_[u]) {
      if (v.parent_id.empty()) {
        if (tree.root_ == -1 || tree.root_ == u) {
          tree.root_ = u;
        } else {
          problem(v, Msg::kTreeSecondRoot, {v.id, tree.ids_[tree.root_]});
        }
        continue;
      }
      int p = tree.Find(v.parent_id);
      if (p < 0) {
        problem(v, Msg::kTreeUnknownParent, {v.id, v.parent_id});
        continue;
      }
      if (p == u) {
        problem(v, Msg::kTreeOwnParent, {v.id});
        continue;
      }
      // The parent must be valid for the whole validity of the child version.
      Days day = v.valid_from;
      while (day <= v.valid_to) {
        const UnitVersion* pv = tree.VersionAt(p, day);
        if (pv == nullptr) {
          problem(v, Msg::kTreeParentNotValid, {v.id, v.parent_id, FormatDate(day)});
          break;
        }
        if (pv->valid_to >= v.valid_to) break;
        day = pv->valid_to + 1;
      }
    }
  }
  if (tree.root_ == -1 && tree.size() > 0) problems.push_back(Problem{Msg::kTreeNoRoot});
  if (problems.empty()) {
    // Cycles: every chain must reach the root within size() steps on every boundary day.
    std::set<Days> days;
    for (const auto& list : tree.versions_) {
      for (const UnitVersion& v : list) days.insert(v.valid_from);
    }
    for (int u = 0; u < tree.size() && problems.empty(); ++u) {
      for (Days d : days) {
        int steps = 0;
        for (int x = u; x >= 0 && tree.ValidOn(x, d); x = tree.ParentAt(x, d)) {
          if (++steps > tree.size()) {
            problem(tree.versions_[u].front(), Msg::kTreeCycle, {tree.ids_[u], FormatDate(d)});
            break;
          }
        }
      }
    }
  }
  if (!problems.empty()) return Status::Problems(std::move(problems));
  return tree;
}

int OrgTree::Find(std::string_view id) const {
  auto it = index_.find(std::string(id));
  return it == index_.end() ? -1 : it->second;
}

const UnitVersion* OrgTree::VersionAt(int unit, Days day) const {
  for (const UnitVersion& v : versions_[unit]) {
    if (day >= v.valid_from && day <= v.valid_to) return &v;
  }
  return nullptr;
}

int OrgTree::ParentAt(int unit, Days day) const {
  const UnitVersion* v = VersionAt(unit, day);
  if (v == nullptr || v->parent_id.empty()) return -1;
  return Find(v->parent_id);
}

std::vector<int> OrgTree::ChildrenAt(int unit, Days day) const {
  std::vector<int> children;
  for (int u = 0; u < size(); ++u) {
    if (u != unit && ParentAt(u, day) == unit) children.push_back(u);
  }
  return children;
}

bool OrgTree::IsWithin(int unit, int ancestor, Days day) const {
  for (int x = unit, steps = 0; x >= 0 && steps <= size(); x = ParentAt(x, day), ++steps) {
    if (x == ancestor) return true;
  }
  return false;
}

std::vector<int> OrgTree::ChainAt(int unit, Days day) const {
  std::vector<int> chain;
  for (int x = unit; x >= 0 && static_cast<int>(chain.size()) <= size(); x = ParentAt(x, day)) {
    chain.push_back(x);
  }
  return chain;
}

std::vector<Placement> OrgTree::Placements(int unit, Days as_of) const {
  std::vector<Placement> out;
  const auto& list = versions_[unit];
  if (as_of != kNullDays) {
    Days at = as_of;
    if (!ValidOn(unit, at)) {
      // Closed (or not yet open): use its last valid day before as_of, else its first.
      at = list.front().valid_from;
      for (const UnitVersion& v : list) {
        if (v.valid_from <= as_of) at = std::min(v.valid_to, as_of);
      }
    }
    out.push_back(Placement{list.front().valid_from, list.back().valid_to, ChainAt(unit, at)});
    return out;
  }
  // Days on which any unit's chain may change.
  std::set<Days> bounds;
  for (const auto& vs : versions_) {
    for (const UnitVersion& v : vs) {
      bounds.insert(v.valid_from);
      if (v.valid_to != kOpenEnded) bounds.insert(v.valid_to + 1);
    }
  }
  for (const UnitVersion& v : list) {
    Days from = v.valid_from;
    auto it = bounds.upper_bound(from);
    while (true) {
      Days to = (it == bounds.end() || *it > v.valid_to) ? v.valid_to : *it - 1;
      std::vector<int> chain = ChainAt(unit, from);
      if (!out.empty() && out.back().chain == chain && out.back().to + 1 == from) {
        out.back().to = to;
      } else {
        out.push_back(Placement{from, to, std::move(chain)});
      }
      if (to == v.valid_to) break;
      from = to + 1;
      ++it;
    }
  }
  return out;
}

}  // namespace nara::model
