// Users, tokens and the audit trail (access.h, audit.h).
#include "nara/store/access.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "nara/store/comments.h"
#include "nara/store/store.h"
#include "nara/store/test_util.h"

namespace nara::store {
namespace {

using testing::TempDir;

std::string Config() { return testing::SourceDir() + "/data/halland"; }
std::string Example(const std::string& table) { return testing::SourceDir() + "/data/example/" + table + ".csv"; }

// Runs SQL on the database behind nara's back, as someone editing the file would.
void Tamper(const std::string& db_path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

// The first column of the first row of a query, as text.
std::string Ask(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string out = "(no row)";
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
      out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return out;
}

// A store with its configuration and a batch of calls, imported and then removed.
std::string StoreWithHistory(const TempDir& dir) {
  std::string path = dir / "nara.db";
  auto store = Store::Open(path, true);
  EXPECT_TRUE(store.ok()) << store.status().message();
  EXPECT_TRUE(store->StoreConfig(Config(), "eva").ok());
  store->SetClient("10.1.2.3");
  auto batch = store->Import(Example("phone_calls"), "", std::nullopt, "eva");
  EXPECT_TRUE(batch.ok()) << batch.status().message();
  EXPECT_TRUE(store->RemoveBatch(batch->batch_id, "eva").ok());
  return path;
}

TEST(AccessTest, UsersAreAddedCheckedAndSignIn) {
  TempDir dir;
  std::string path = StoreWithHistory(dir);
  auto access = Access::Open(path);
  ASSERT_TRUE(access.ok()) << access.status().message();
  const Actor admin{"admin", ""};
  auto eva = access->AddUser("eva", Role::kUnitManager, {"vc_varberg"}, "long enough secret", admin);
  ASSERT_TRUE(eva.ok()) << eva.status().message();
  EXPECT_EQ(eva->role, Role::kUnitManager);
  EXPECT_EQ(eva->units, std::vector<std::string>{"vc_varberg"});
  // What is refused, and why.
  EXPECT_EQ(access->AddUser("eva", Role::kReader, {}, "long enough secret", admin).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(access->AddUser("bo ss", Role::kReader, {}, "long enough secret", admin).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(access->AddUser("bo", Role::kReader, {}, "short", admin).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(access->AddUser("bo", Role::kUnitManager, {}, "long enough secret", admin).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(access->AddUser("bo", Role::kReader, {"nsh"}, "long enough secret", admin).status().code(),
            StatusCode::kInvalidArgument);

  auto good = access->SignIn("eva", "long enough secret", "10.0.0.7");
  ASSERT_TRUE(good.ok());
  ASSERT_TRUE(good->has_value());
  EXPECT_EQ((*good)->name, "eva");
  EXPECT_FALSE(access->SignIn("eva", "wrong password!", "10.0.0.8")->has_value());
  EXPECT_FALSE(access->SignIn("nobody", "long enough secret", "10.0.0.9")->has_value());
  // The password is kept as an argon2id hash, never as itself.
  auto users = access->Users();
  ASSERT_TRUE(users.ok());
  EXPECT_EQ(users->size(), 1u);
  ASSERT_TRUE(access->SetPassword("eva", "another long secret", admin).ok());
  EXPECT_FALSE(access->SignIn("eva", "long enough secret", "")->has_value());
  EXPECT_TRUE(access->SignIn("eva", "another long secret", "")->has_value());
  ASSERT_TRUE(access->Disable("eva", admin).ok());
  EXPECT_FALSE(access->SignIn("eva", "another long secret", "")->has_value());

  // Every step is in the trail, with who and from where.
  auto trail = access->Audit(0, 100);
  ASSERT_TRUE(trail.ok());
  std::vector<std::string> actions;
  for (const AuditEntry& e : *trail) actions.push_back(e.action);
  const std::vector<std::string> expected = {"config", "import", "remove", "user_added",
                                             "login", "login_failed", "login_failed", "user_changed",
                                             "login_failed", "login", "user_changed", "login_failed"};
  EXPECT_EQ(actions, expected);
  EXPECT_EQ((*trail)[1].client, "10.1.2.3");
  EXPECT_EQ((*trail)[1].by, "eva");
  EXPECT_EQ((*trail)[1].subject, "batch 1");
  EXPECT_EQ((*trail)[4].client, "10.0.0.7");
  EXPECT_EQ((*trail)[5].detail, "wrong password");
  EXPECT_EQ((*trail)[5].by, "");
  EXPECT_EQ((*trail)[6].detail, "no such user");
  EXPECT_EQ((*trail)[11].detail, "account disabled");
  auto check = access->VerifyAudit();
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok) << check->why;
  EXPECT_EQ(check->entries, 12);
}

TEST(AccessTest, TokensAreShownOnceCheckedAndRevoked) {
  TempDir dir;
  std::string path = StoreWithHistory(dir);
  auto access = Access::Open(path);
  ASSERT_TRUE(access.ok());
  const Actor admin{"admin", ""};
  ASSERT_TRUE(access->AddUser("warehouse", Role::kController, {}, "long enough secret", admin).ok());
  auto issued = access->IssueToken("warehouse", 90, admin);
  ASSERT_TRUE(issued.ok()) << issued.status().message();
  EXPECT_EQ(issued->token.rfind("nara_", 0), 0u);
  EXPECT_EQ(issued->token.size(), 5u + 64u);
  EXPECT_FALSE(issued->expires_at.empty());
  auto user = access->CheckToken(issued->token);
  ASSERT_TRUE(user.ok() && user->has_value());
  EXPECT_EQ((*user)->name, "warehouse");
  EXPECT_FALSE(access->CheckToken(issued->token + "0")->has_value());
  EXPECT_FALSE(access->CheckToken("")->has_value());
  // The database holds the token's hash, not the token; the password's argon2id hash.
  EXPECT_EQ(Ask(path, "SELECT count(*) FROM tokens WHERE hash = '" + issued->token + "'"), "0");
  EXPECT_EQ(Ask(path, "SELECT count(*) FROM tokens WHERE hash = '" + issued->token.substr(5) + "'"), "0");
  EXPECT_EQ(Ask(path, "SELECT substr(password_hash, 1, 10) FROM users"), "$argon2id$");
  // Expired: its expiry moved into the past behind nara's back.
  auto other = access->IssueToken("warehouse", 0, admin);
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->expires_at.empty());
  Tamper(path, ("UPDATE tokens SET expires_unix = 1 WHERE id = " + std::to_string(other->id)).c_str());
  EXPECT_FALSE(access->CheckToken(other->token)->has_value());
  ASSERT_TRUE(access->RevokeToken(issued->id, admin).ok());
  EXPECT_FALSE(access->CheckToken(issued->token)->has_value());
  EXPECT_EQ(access->RevokeToken(issued->id, admin).code(), StatusCode::kNotFound);
  auto tokens = access->Tokens();
  ASSERT_TRUE(tokens.ok());
  ASSERT_EQ(tokens->size(), 2u);
  EXPECT_FALSE((*tokens)[0].revoked_at.empty());
  EXPECT_EQ(access->IssueToken("nobody", 1, admin).status().code(), StatusCode::kNotFound);
}

// Comments leave entries with the text before and after.
TEST(AuditTest, CommentsAreRecordedWithBeforeAndAfter) {
  TempDir dir;
  std::string path = StoreWithHistory(dir);
  auto comments = Comments::Open(path);
  ASSERT_TRUE(comments.ok()) << comments.status().message();
  Comment c{"indicator", "phone_same_day", "vc_varberg", "2024-T1", "Bemanningen sviktade i februari.", "eva",
            "2024-05-02 10:00:00"};
  ASSERT_TRUE(comments->Put(c).ok());
  c.text = "Bemanningen sviktade i februari; åtgärdat i mars.";
  ASSERT_TRUE(comments->Put(c).ok());
  c.text = "";
  ASSERT_TRUE(comments->Put(c).ok());
  auto access = Access::Open(path);
  ASSERT_TRUE(access.ok());
  auto trail = access->Audit(3, 10);
  ASSERT_TRUE(trail.ok());
  ASSERT_EQ(trail->size(), 3u);
  EXPECT_EQ((*trail)[0].action, "comment_written");
  EXPECT_EQ((*trail)[1].action, "comment_changed");
  EXPECT_EQ((*trail)[2].action, "comment_deleted");
  EXPECT_EQ((*trail)[1].subject, "comment indicator phone_same_day vc_varberg 2024-T1");
  EXPECT_EQ((*trail)[1].detail,
            "{\"after\":{\"author\":\"eva\",\"text\":\"Bemanningen sviktade i februari; åtgärdat i mars.\"},"
            "\"before\":{\"author\":\"eva\",\"text\":\"Bemanningen sviktade i februari.\"},\"version\":2}");
  EXPECT_TRUE(access->VerifyAudit()->ok);
}

// An entry edited, removed from the middle or from the end, or one slipped in, breaks
// the chain, and verify says where.
TEST(AuditTest, VerifyFindsAnEditedRemovedOrInsertedEntry) {
  struct Case {
    const char* name;
    const char* sql;
    int64_t first_bad;
  };
  for (const Case& c : {Case{"edited", "UPDATE audit SET by = 'mallory' WHERE id = 2", 2},
                        Case{"edited detail", "UPDATE audit SET detail = detail || ' ' WHERE id = 3", 3},
                        Case{"removed", "DELETE FROM audit WHERE id = 2", 3},
                        Case{"last removed", "DELETE FROM audit WHERE id = 3", 0},
                        Case{"inserted", "INSERT INTO audit VALUES(4, '2024-01-01 00:00:00', 'x', '', 'import', "
                                         "'', '', 'abc')",
                             4},
                        Case{"renumbered", "UPDATE audit SET id = 7 WHERE id = 3", 7}}) {
    TempDir dir;
    std::string path = StoreWithHistory(dir);
    {
      auto access = Access::Open(path);
      ASSERT_TRUE(access.ok());
      auto before = access->VerifyAudit();
      ASSERT_TRUE(before.ok());
      EXPECT_TRUE(before->ok) << c.name << ": " << before->why;
      EXPECT_EQ(before->entries, 3) << c.name;
    }
    Tamper(path, c.sql);
    auto access = Access::Open(path);
    ASSERT_TRUE(access.ok());
    auto after = access->VerifyAudit();
    ASSERT_TRUE(after.ok());
    EXPECT_FALSE(after->ok) << c.name;
    EXPECT_EQ(after->first_bad, c.first_bad) << c.name << ": " << after->why;
  }
}

// A store of the first format gets the audit and access tables when opened.
TEST(AuditTest, AnOlderStoreIsUpgradedWhenOpened) {
  TempDir dir;
  std::string path = dir / "nara.db";
  ASSERT_TRUE(Store::Open(path, true).ok());
  Tamper(path,
         "DROP TABLE audit; DROP TABLE tokens; DROP TABLE users; DROP TABLE issued_report_files; "
         "DROP TABLE issued_reports; PRAGMA user_version = 1;");
  auto store = Store::Open(path, false);
  ASSERT_TRUE(store.ok()) << store.status().message();
  ASSERT_TRUE(store->StoreConfig(Config(), "eva").ok());
  auto access = Access::Open(path);
  ASSERT_TRUE(access.ok()) << access.status().message();
  auto trail = access->Audit(0, 10);
  ASSERT_TRUE(trail.ok());
  ASSERT_EQ(trail->size(), 1u);
  EXPECT_EQ((*trail)[0].action, "config");
  EXPECT_TRUE(access->AddUser("eva", Role::kAdmin, {}, "long enough secret", Actor{}).ok());
}

}  // namespace
}  // namespace nara::store
