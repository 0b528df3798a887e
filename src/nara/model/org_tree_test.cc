#include "nara/model/org_tree.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace nara::model {
namespace {

UnitVersion U(const char* id, const char* parent, Days from, Days to = kOpenEnded) {
  UnitVersion v;
  v.id = id;
  v.name = id;
  v.parent_id = parent;
  v.valid_from = from;
  v.valid_to = to;
  return v;
}

const Days k2020 = DaysFromCivil(2020, 1, 1);
const Days kJuly = DaysFromCivil(2024, 7, 1);

TEST(OrgTreeTest, MovesAndClosures) {
  auto tree = OrgTree::Build({U("r", "", k2020), U("a", "r", k2020), U("b", "r", k2020),
                              U("t", "a", k2020, kJuly - 1), U("t", "b", kJuly),
                              U("c", "a", k2020, DaysFromCivil(2024, 3, 31))});
  ASSERT_TRUE(tree.ok()) << tree.status().message();
  int t = tree->Find("t");
  EXPECT_EQ(tree->id(tree->ParentAt(t, kJuly - 1)), "a");
  EXPECT_EQ(tree->id(tree->ParentAt(t, kJuly)), "b");
  auto placements = tree->Placements(t);
  ASSERT_EQ(placements.size(), 2u);
  EXPECT_EQ(placements[0].to, kJuly - 1);
  EXPECT_EQ(tree->id(placements[0].chain[1]), "a");
  EXPECT_EQ(tree->id(placements[1].chain[1]), "b");
  // Today's tree: one placement under b.
  auto today = tree->Placements(t, DaysFromCivil(2025, 1, 1));
  ASSERT_EQ(today.size(), 1u);
  EXPECT_EQ(tree->id(today[0].chain[1]), "b");
  int c = tree->Find("c");
  EXPECT_FALSE(tree->ValidOn(c, DaysFromCivil(2024, 4, 1)));
  // A closed unit under today's tree keeps its last parent.
  EXPECT_EQ(tree->id(tree->Placements(c, DaysFromCivil(2025, 1, 1))[0].chain[1]), "a");
  EXPECT_EQ(tree->ChildrenAt(tree->Find("a"), kJuly).size(), 0u);
}

TEST(OrgTreeTest, ReportsEveryProblem) {
  auto tree = OrgTree::Build({U("r", "", k2020), U("x", "nope", k2020), U("y", "r", k2020),
                              U("y", "r", k2020 + 10), U("z", "", k2020)});
  ASSERT_FALSE(tree.ok());
  const std::string& m = tree.status().message();
  EXPECT_NE(m.find("unknown parent 'nope'"), std::string::npos) << m;
  EXPECT_NE(m.find("overlapping validity"), std::string::npos) << m;
  EXPECT_NE(m.find("already the root"), std::string::npos) << m;
  // As values: each with its code, its arguments and its version's place.
  std::vector<std::pair<Msg, std::vector<std::string>>> got;
  for (const Problem& p : tree.status().problems()) got.emplace_back(p.code, p.args);
  EXPECT_EQ(got.size(), 3u);
  EXPECT_NE(std::find(got.begin(), got.end(), std::pair{Msg::kTreeUnknownParent, std::vector<std::string>{"x", "nope"}}),
            got.end());
  EXPECT_NE(std::find(got.begin(), got.end(), std::pair{Msg::kTreeSecondRoot, std::vector<std::string>{"z", "r"}}),
            got.end());
  UnitVersion placed = U("q", "nope", k2020);
  placed.file = "units.csv";
  placed.line = 7;
  auto one = OrgTree::Build({U("r", "", k2020), placed});
  ASSERT_EQ(one.status().problems().size(), 1u);
  EXPECT_EQ(RenderProblem(one.status().problems()[0], Lang::kSv), "units.csv:7: enheten 'q': okänd förälder 'nope'");
}

TEST(OrgTreeTest, ParentMustBeValidWithChild) {
  auto tree = OrgTree::Build({U("r", "", k2020), U("a", "r", k2020, kJuly), U("t", "a", k2020)});
  ASSERT_FALSE(tree.ok());
  EXPECT_NE(tree.status().message().find("parent 'a' is not valid on 2024-07-02"), std::string::npos)
      << tree.status().message();
}

}  // namespace
}  // namespace nara::model
