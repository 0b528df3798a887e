#include "nara/store/comments.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nara/store/store.h"
#include "nara/store/test_util.h"

namespace nara::store {
namespace {

using testing::TempDir;

Comment Make(std::string kind, std::string subject, std::string unit, std::string period, std::string text) {
  Comment c;
  c.subject_kind = std::move(kind);
  c.subject_id = std::move(subject);
  c.unit_id = std::move(unit);
  c.period = std::move(period);
  c.text = std::move(text);
  c.author = "Per";
  c.updated_at = "2024-05-02 10:00:00";
  return c;
}

// A database as the server has it: a nara store, the comments beside its tables.
Comments OpenComments(const TempDir& dir) {
  auto store = Store::Open(dir / "nara.db", /*create=*/true);
  EXPECT_TRUE(store.ok()) << store.status().message();
  auto comments = Comments::Open(dir / "nara.db");
  EXPECT_TRUE(comments.ok()) << comments.status().message();
  return std::move(comments).value();
}

std::vector<std::string> Texts(const std::vector<Comment>& comments) {
  std::vector<std::string> out;
  for (const Comment& c : comments) out.push_back(c.text);
  return out;
}

TEST(CommentsTest, WrittenReplacedAndRemoved) {
  TempDir dir;
  Comments comments = OpenComments(dir);
  ASSERT_TRUE(comments.Put(Make("indicator", "visits_total", "nsh", "2024", "Besöken ökar.")).ok());
  Comment again = Make("indicator", "visits_total", "nsh", "2024", "Besöken ökar mer.");
  again.author = "Eva";
  again.updated_at = "2024-05-03 11:00:00";
  ASSERT_TRUE(comments.Put(again).ok());
  auto list = comments.List({});
  ASSERT_TRUE(list.ok()) << list.status().message();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].text, "Besöken ökar mer.");
  EXPECT_EQ((*list)[0].author, "Eva");
  EXPECT_EQ((*list)[0].updated_at, "2024-05-03 11:00:00");
  EXPECT_EQ((*list)[0].period, "2024");

  ASSERT_TRUE(comments.Put(Make("indicator", "visits_total", "nsh", "2024", "")).ok());
  list = comments.List({});
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
  // Removing what is not there is no error.
  EXPECT_TRUE(comments.Put(Make("indicator", "visits_total", "nsh", "2024", "")).ok());
}

TEST(CommentsTest, ListedByFilterInOrder) {
  TempDir dir;
  Comments comments = OpenComments(dir);
  for (const Comment& c :
       {Make("indicator", "b", "vc_a", "2024", "1"), Make("goal", "g1", "vc_a", "2024", "2"),
        Make("indicator", "a", "vc_b", "2024-T1", "3"), Make("indicator", "a", "vc_a", "2024", "4")}) {
    ASSERT_TRUE(comments.Put(c).ok());
  }
  auto all = comments.List({});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(Texts(*all), (std::vector<std::string>{"2", "4", "3", "1"}));
  auto indicators = comments.List({"indicator", "", "", ""});
  ASSERT_TRUE(indicators.ok());
  EXPECT_EQ(Texts(*indicators), (std::vector<std::string>{"4", "3", "1"}));
  auto unit_a = comments.List({"", "", "vc_a", ""});
  ASSERT_TRUE(unit_a.ok());
  EXPECT_EQ(Texts(*unit_a), (std::vector<std::string>{"2", "4", "1"}));
  auto one = comments.List({"indicator", "a", "vc_b", "2024-T1"});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(Texts(*one), (std::vector<std::string>{"3"}));
  auto none = comments.List({"", "", "", "2023"});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());

  // The same filter in memory (the server without a database) agrees.
  std::vector<std::string> matched;
  for (const Comment& c : *all) {
    if (Matches({"", "", "vc_a", ""}, c)) matched.push_back(c.text);
  }
  EXPECT_EQ(matched, Texts(*unit_a));
}

TEST(CommentsTest, SurviveReopeningTheDatabase) {
  TempDir dir;
  {
    Comments comments = OpenComments(dir);
    ASSERT_TRUE(comments.Put(Make("goal", "g1", "nsh", "2024", "Målet nås.")).ok());
  }
  auto reopened = Comments::Open(dir / "nara.db");
  ASSERT_TRUE(reopened.ok()) << reopened.status().message();
  auto list = reopened->List({});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].text, "Målet nås.");
  EXPECT_EQ((*list)[0].author, "Per");
  // The store around them is still a store.
  auto store = Store::Open(dir / "nara.db", /*create=*/false);
  EXPECT_TRUE(store.ok()) << store.status().message();
  auto problems = store->Check();
  ASSERT_TRUE(problems.ok());
  EXPECT_TRUE(problems->empty());
}

// A database whose comments were written before versions existed: each becomes its
// own version 1 when opened, and the next write is version 2.
TEST(CommentsTest, CommentsOfAnOlderDatabaseBecomeVersionOne) {
  TempDir dir;
  {
    auto store = Store::Open(dir / "nara.db", /*create=*/true);
    ASSERT_TRUE(store.ok());
    auto db = Database::Open(dir / "nara.db", /*create=*/false);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("CREATE TABLE serve_comments (subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL,"
                         " unit_id TEXT NOT NULL, period TEXT NOT NULL, text TEXT NOT NULL, author TEXT NOT NULL,"
                         " updated_at TEXT NOT NULL, PRIMARY KEY (subject_kind, subject_id, unit_id, period));"
                         "INSERT INTO serve_comments VALUES ('indicator', 'visits_total', 'nsh', '2024', 'Gammal',"
                         " 'Per', '2024-01-02 10:00:00')")
                    .ok());
  }
  auto comments = Comments::Open(dir / "nara.db");
  ASSERT_TRUE(comments.ok()) << comments.status().message();
  CommentFilter key{"indicator", "visits_total", "nsh", "2024"};
  auto history = comments->History(key);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].version, 1);
  EXPECT_EQ((*history)[0].text, "Gammal");
  auto v = comments->Put(Make("indicator", "visits_total", "nsh", "2024", "Ny"));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 2);
  EXPECT_EQ(comments->List(key)->at(0).version, 2);
  // Opening again adds nothing.
  auto again = Comments::Open(dir / "nara.db");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->History(key)->size(), 2u);
}

// Actions keep their comment's key; done_at is set once when marked done.
TEST(CommentsTest, ActionsAreChangedInPlace) {
  TempDir dir;
  Comments comments = OpenComments(dir);
  Action a;
  a.subject_kind = "indicator";
  a.subject_id = "visits_total";
  a.unit_id = "vc_varberg";
  a.period = "2024-T1";
  a.what = "Ring tillbaka";
  a.updated_at = "2024-05-02 10:00:00";
  auto stored = comments.PutAction(a);
  ASSERT_TRUE(stored.ok()) << stored.status().message();
  Action change = *stored;
  change.unit_id = "nsh";
  change.done = true;
  change.updated_at = "2024-05-03 10:00:00";
  auto changed = comments.PutAction(change);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->unit_id, "vc_varberg");
  EXPECT_EQ(changed->done_at, "2024-05-03 10:00:00");
  change.updated_at = "2024-05-04 10:00:00";
  EXPECT_EQ(comments.PutAction(change)->done_at, "2024-05-03 10:00:00");
  change.id = 999;
  EXPECT_EQ(comments.PutAction(change).status().code(), StatusCode::kNotFound);
  auto all = comments.Actions({});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
}

TEST(CommentsTest, AMissingDatabaseIsAnError) {
  TempDir dir;
  auto comments = Comments::Open(dir / "missing.db");
  ASSERT_FALSE(comments.ok());
  EXPECT_EQ(comments.status().code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace nara::store
