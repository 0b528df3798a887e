// The HTTP API on a database (uploads, changes by other connections, configuration
// versions, comments across a restart), the pages, and a folder that changes while it
// is served. Every answer is checked against the OpenAPI document (api_test_util.h).
#include <gtest/gtest.h>

#include "nara/serve/api_test_util.h"
#include "nara/serve/uploads.h"

namespace nara::serve {
namespace {

using namespace api_test;  // NOLINT: the tests' shared helpers

// --- on a database ----------------------------------------------------------------------

// One indicator's value in a scorecard answer; "missing" when the row is not there.
json ValueOf(const json& card, const std::string& indicator) {
  for (const json& r : card["rows"]) {
    if (r["indicator"] == indicator) return r["value"];
  }
  return json("missing");
}

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("nara-serve-test-" + std::to_string(::getpid()) + "-" +
                                         std::to_string(reinterpret_cast<uintptr_t>(this)));
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

// A server on the database `db`, its client signed in as the controller "kontroller"
// (an account made here when the database has none).
std::unique_ptr<Running> OnDatabase(const std::string& db) {
  auto backend = MakeStoreBackend(db, ConfigDir(), "test");
  EXPECT_TRUE(backend.ok()) << backend.status().message();
  auto comments = MakeSqliteCommentStore(db);
  EXPECT_TRUE(comments.ok()) << comments.status().message();
  auto running = std::make_unique<Running>(std::move(backend).value(), std::move(comments).value());
  auto access = store::Access::Open(db);
  if (!access.ok()) {
    ADD_FAILURE() << access.status().message();
    return running;
  }
  auto found = access->FindUser("kontroller");
  if (found.ok() && found->has_value()) {
    auto token = access->IssueToken("kontroller", 0, {"test", ""});
    EXPECT_TRUE(token.ok());
    if (token.ok()) running->SetHeaders(Bearer(token->token));
  } else {
    running->SetHeaders(Bearer(AddAccount(db, "kontroller", store::Role::kController)));
  }
  return running;
}

TEST(DatabaseApiTest, UploadsAreValidatedStoredAndRecomputed) {
  TempDir dir;
  std::string db = dir / "nara.db";
  auto running = OnDatabase(db);
  ASSERT_TRUE(running->ok());
  auto [s0, before] = running->Get("/api/scorecard?period=2024-T1&unit=vc_kungsbacka");
  ASSERT_EQ(s0, 200);
  EXPECT_TRUE(ValueOf(before, "phone_same_day").is_null());

  // A malformed file: a date that does not exist on line 3.
  std::string good = Slurp(ExampleDir() + "/phone_calls.csv");
  std::string bad = good;
  size_t line3 = bad.find('\n', bad.find('\n') + 1) + 1;
  size_t date = bad.find("2023-01-02", line3);
  bad.replace(date, 10, "2023-02-30");
  auto [s1, err] = running->Upload("phone_calls.csv", bad);
  ASSERT_EQ(s1, 422) << err.dump();
  ASSERT_FALSE(err["error"]["problems"].empty()) << err.dump();
  const json& p = err["error"]["problems"][0];
  EXPECT_EQ(p["code"], "value_no_such_date");
  EXPECT_EQ(p["file"], "phone_calls.csv");
  EXPECT_EQ(p["line"], 3);
  EXPECT_TRUE(p["column"].is_null());
  EXPECT_EQ(p["field"], "received_at");
  EXPECT_EQ(p["field_position"], 3);
  EXPECT_EQ(p["message"], "datumet finns inte: '2023-02-30 14:27'");  // Swedish unless lang=en
  auto [s1en, en] = running->Upload("phone_calls.csv", bad, "", "lang=en");
  ASSERT_EQ(s1en, 422);
  EXPECT_EQ(en["error"]["problems"][0]["message"], "no such date '2023-02-30 14:27'");
  EXPECT_EQ(en["error"]["message"],
            "phone_calls.csv:3: column \"received_at\" (field 3): no such date '2023-02-30 14:27'");
  EXPECT_EQ(running->server().data_version(), 1);

  auto client_of_test = running->NewClient();
  httplib::Client& client = *client_of_test;
  const std::string card = "/api/scorecard?period=2024-T1&unit=vc_kungsbacka";
  auto old_answer = client.Get(card);
  ASSERT_TRUE(old_answer);
  const std::string old_etag = old_answer->get_header_value("ETag");
  EXPECT_EQ(client.Get(card, {{"If-None-Match", old_etag}})->status, 304);

  auto [s2, ok] = running->Upload("phone_calls.csv", good);
  ASSERT_EQ(s2, 201) << ok.dump();
  EXPECT_TRUE(ok.is_object());
  // A new data version: the old tag no longer matches, the answer has a new one.
  auto new_answer = client.Get(card, {{"If-None-Match", old_etag}});
  ASSERT_TRUE(new_answer);
  EXPECT_EQ(new_answer->status, 200);
  EXPECT_NE(new_answer->get_header_value("ETag"), old_etag);
  EXPECT_FALSE(new_answer->get_header_value("ETag").empty());
  EXPECT_EQ(ok["table"], "phone_calls");
  EXPECT_EQ(ok["already_stored"], false);
  EXPECT_EQ(ok["data_version"], 2);
  auto [s3, after] = running->Get("/api/scorecard?period=2024-T1&unit=vc_kungsbacka");
  ASSERT_EQ(s3, 200);
  EXPECT_TRUE(ValueOf(after, "phone_same_day").is_number()) << ValueOf(after, "phone_same_day");
  EXPECT_EQ(after["data_version"], 2);

  // The same bytes again change nothing.
  auto [s4, again] = running->Upload("phone_calls.csv", good);
  EXPECT_EQ(s4, 201);
  EXPECT_EQ(again["already_stored"], true);
  EXPECT_EQ(again["batch_id"], ok["batch_id"]);
  EXPECT_EQ(running->server().data_version(), 2);

  // Not multipart, unknown table, bad supersede.
  EXPECT_EQ(running->PostJson("/api/import", "{}").first, 400);
  auto [s_name, no_table] = running->Upload("whatever.csv", good);
  EXPECT_EQ(s_name, 400);
  EXPECT_EQ(no_table["error"]["code"], "upload_no_table") << no_table.dump();
  EXPECT_NE(no_table["error"]["message"].get<std::string>().find("filnamnet 'whatever.csv' säger inte"),
            std::string::npos)
      << no_table.dump();
  EXPECT_EQ(running->Upload("whatever.csv", good, "", "lang=en").second["error"]["message"].get<std::string>().substr(0, 31),
            "the file name 'whatever.csv' do");
  EXPECT_EQ(running->Upload("phone_calls.csv", good, "x").first, 400);

  auto [s5, batches] = running->Get("/api/batches");
  ASSERT_EQ(s5, 200);
  EXPECT_EQ(batches["can_import"], true);
  ASSERT_EQ(batches["batches"].size(), 1u);
  EXPECT_EQ(batches["batches"][0]["table"], "phone_calls");
  EXPECT_EQ(batches["batches"][0]["file_name"], "phone_calls.csv");
  EXPECT_EQ(ok["file_name"], "phone_calls.csv");
}

// The batch records the uploaded file's own name, as `nara import phone_calls.csv`
// records its path, not the temporary file the upload was written to; `nara batches`
// and the journal show that name.
// An upload is written, while it is imported, to a private folder beside the database
// (not to /tmp for everyone to read); what a crash left there is removed at start, and
// nothing stays after an import.
TEST(DatabaseApiTest, UploadsGoToAPrivateFolderThatIsEmptiedAtStart) {
  TempDir dir;
  std::string db = dir / "nara.db";
  const fs::path uploads = db + ".uploads";
  fs::create_directories(uploads / "import");
  std::ofstream(uploads / "import" / "visits.csv") << "left by a crash";
  fs::permissions(uploads, fs::perms::all);
  auto running = OnDatabase(db);
  ASSERT_TRUE(running->ok());
  EXPECT_TRUE(fs::is_empty(uploads));
  EXPECT_EQ(fs::status(uploads).permissions(), fs::perms::owner_all);
  auto [status, answer] = running->Upload("phone_calls.csv", Slurp(ExampleDir() + "/phone_calls.csv"));
  EXPECT_EQ(status, 201) << answer.dump();
  EXPECT_TRUE(fs::is_empty(uploads));
  // The API names the database, not where it lies on the server.
  auto [s, info] = running->Get("/api/info");
  EXPECT_EQ(info["source"], "database nara.db");
  EXPECT_EQ(running->Get("/api/batches").second["source"], "database nara.db");
}

TEST(DatabaseApiTest, UploadsRecordTheFilesOwnName) {
  TempDir dir;
  std::string db = dir / "nara.db";
  auto running = OnDatabase(db);
  ASSERT_TRUE(running->ok());
  auto [s1, r1] = running->Upload("phone_calls_2024.csv", Slurp(ExampleDir() + "/phone_calls.csv"));
  ASSERT_EQ(s1, 201) << r1.dump();
  auto [s2, r2] = running->Upload("C:\\Users\\anna\\visits.csv", Slurp(ExampleDir() + "/visits.csv"));
  ASSERT_EQ(s2, 201) << r2.dump();
  EXPECT_EQ(r2["file_name"], "visits.csv");
  auto store = store::Store::Open(db, /*create=*/false);
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto batches = store->Batches();
  ASSERT_TRUE(batches.ok()) << batches.status().message();
  ASSERT_EQ(batches->size(), 2u);
  EXPECT_EQ((*batches)[0].file_name, "phone_calls_2024.csv");
  EXPECT_EQ((*batches)[0].loaded_by, "kontroller") << "the signed-in user";
  EXPECT_EQ((*batches)[1].file_name, "visits.csv");
  // The journal too.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "SELECT detail FROM journal WHERE action = 'import'", -1, &q, nullptr),
            SQLITE_OK);
  int entries = 0;
  while (sqlite3_step(q) == SQLITE_ROW) {
    std::string detail = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
    EXPECT_EQ(detail.find("nara-upload"), std::string::npos) << detail;
    ++entries;
  }
  sqlite3_finalize(q);
  sqlite3_close(raw);
  EXPECT_EQ(entries, 2);
}

// An upload (its body kept in a file as it came, the file part copied from there into
// a file of its own) stores what `nara import` stores of the same file: the same table,
// rows, bytes and SHA-256. Refused uploads (a broken file, a bad field, no form) leave
// nothing in the upload folder either.
TEST(DatabaseApiTest, AnUploadStoresWhatAnImportOfTheFileStores) {
  TempDir dir;
  const std::string path = ExampleDir() + "/visits.csv";
  auto direct = store::Store::Open(dir / "direct.db", /*create=*/true);
  ASSERT_TRUE(direct.ok()) << direct.status().message();
  ASSERT_TRUE(direct->StoreConfig(ConfigDir(), "test").ok());
  store::ImportRequest request;
  request.path = path;
  auto imported = direct->Import({request}, "test");
  ASSERT_TRUE(imported.ok()) << imported.status().message();
  const store::ImportResult& expected = imported->front();

  std::string db = dir / "nara.db";
  auto running = OnDatabase(db);
  ASSERT_TRUE(running->ok());
  const std::string csv = Slurp(path);
  auto [status, answer] = running->Upload("visits.csv", csv);
  ASSERT_EQ(status, 201) << answer.dump();
  EXPECT_EQ(answer["table"], expected.table);
  EXPECT_EQ(answer["rows"], expected.rows);
  EXPECT_EQ(answer["bytes"], expected.bytes);
  EXPECT_EQ(answer["sha256"], expected.sha256);
  EXPECT_GT(expected.rows, 0);
  const fs::path uploads = db + ".uploads";
  EXPECT_TRUE(fs::is_empty(uploads));

  std::string broken = Slurp(ExampleDir() + "/phone_calls.csv");
  broken.replace(broken.find("2023-01-02"), 10, "2023-02-30");
  EXPECT_EQ(running->Upload("phone_calls.csv", broken).first, 422);
  EXPECT_TRUE(fs::is_empty(uploads));
  EXPECT_EQ(running->Upload("visits.csv", csv, "x").first, 400);
  EXPECT_TRUE(fs::is_empty(uploads));
  EXPECT_EQ(running->PostJson("/api/import", "{}").first, 400);
  EXPECT_TRUE(fs::is_empty(uploads));
}

// A multipart body with the file between the other fields, a second file part, and a
// Windows path for a name.
std::string UploadForm(const std::string& csv, const std::string& user) {
  return "--B\r\nContent-Disposition: form-data; name=\"table\"\r\n\r\nphone_calls\r\n"
         "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\Users\\anna\\calls.csv\"\r\n"
         "Content-Type: text/csv\r\n\r\n" +
         csv +
         "\r\n--B\r\nContent-Disposition: form-data; name=\"supersede\"\r\n\r\n7\r\n"
         "--B\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\n" +
         user +
         "\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"second.csv\"\r\n"
         "\r\nnot this\r\n--B--\r\n";
}

// An upload read from the body's file is the upload read from memory: the same names
// and fields, and the file part's bytes in a private file of its own beside the body's,
// removed with the Upload; a field too long is a 400 that leaves no file of its own.
TEST(ParseUploadTest, FromTheBodysFileAsFromMemory) {
  TempDir dir;
  const std::string folder = dir / "uploads";
  fs::create_directory(folder);
  const std::string csv = Slurp(ExampleDir() + "/phone_calls.csv");
  http::Request in_memory;
  in_memory.method = "POST";
  in_memory.path = "/api/import";
  in_memory.headers = {{"Content-Type", "multipart/form-data; boundary=B"}};
  in_memory.body = UploadForm(csv, "anna");
  http::Request in_file = in_memory;
  in_file.body.clear();
  auto body_file = http::TempFile::Create(folder, "body-");
  ASSERT_TRUE(body_file.ok()) << body_file.status().message();
  ASSERT_TRUE((*body_file)->Append(in_memory.body).ok());
  in_file.body_file = std::move(body_file).value();

  std::string kept;
  for (const http::Request* req : {&in_memory, &in_file}) {
    api::Parsed<Upload> parsed = api::ParseUpload(*req, Lang::kEn);
    ASSERT_TRUE(std::holds_alternative<Upload>(parsed)) << std::get<api::ApiError>(parsed).message;
    const Upload& up = std::get<Upload>(parsed);
    EXPECT_EQ(up.file_name, "C:\\Users\\anna\\calls.csv");
    EXPECT_EQ(up.table, "phone_calls");
    EXPECT_EQ(up.supersede, 7);
    EXPECT_EQ(up.user, "anna");
    EXPECT_TRUE(Slurp(up.path) == csv) << up.path;
    EXPECT_EQ(fs::status(up.path).permissions(), fs::perms::owner_read | fs::perms::owner_write);
    if (req == &in_file) {
      EXPECT_EQ(fs::path(up.path).parent_path(), fs::path(folder));
      EXPECT_EQ(std::distance(fs::directory_iterator(folder), {}), 2);  // the body's file and this
    }
    kept = up.path;
  }
  EXPECT_FALSE(fs::exists(kept));
  EXPECT_EQ(std::distance(fs::directory_iterator(folder), {}), 1);  // the body's file

  http::Request too_long = in_memory;
  too_long.body = UploadForm(csv, std::string(5000, 'u'));
  api::Parsed<Upload> refused = api::ParseUpload(too_long, Lang::kEn);
  ASSERT_TRUE(std::holds_alternative<api::ApiError>(refused));
  EXPECT_EQ(std::get<api::ApiError>(refused).status, 400);
  EXPECT_NE(std::get<api::ApiError>(refused).message.find("'user' is longer than 4096 bytes"),
            std::string::npos)
      << std::get<api::ApiError>(refused).message;
  EXPECT_EQ(std::distance(fs::directory_iterator(folder), {}), 1);
}

// A `nara import` or `remove-batch` by another process on the database served (here
// another connection through the store's API) is seen by the next request; a comment,
// written to the same file, recomputes nothing.
TEST(DatabaseApiTest, ChangesByAnotherConnectionAreSeenByTheNextRequest) {
  TempDir dir;
  std::string db = dir / "nara.db";
  auto running = OnDatabase(db);
  ASSERT_TRUE(running->ok());
  const std::string card = "/api/scorecard?period=2024-T1&unit=vc_kungsbacka";
  auto [s0, before] = running->Get(card);
  ASSERT_EQ(s0, 200);
  EXPECT_TRUE(ValueOf(before, "phone_same_day").is_null());
  EXPECT_EQ(before["data_version"], 1);

  auto other = store::Store::Open(db, /*create=*/false);
  ASSERT_TRUE(other.ok()) << other.status().message();
  auto imported = other->Import(ExampleDir() + "/phone_calls.csv", "", std::nullopt, "cli");
  ASSERT_TRUE(imported.ok()) << imported.status().message();
  auto [s1, after] = running->Get(card);
  ASSERT_EQ(s1, 200);
  EXPECT_TRUE(ValueOf(after, "phone_same_day").is_number()) << after.dump();
  EXPECT_EQ(after["data_version"], 2);
  auto [s2, batches] = running->Get("/api/batches");
  EXPECT_EQ(batches["batches"].size(), 1u);

  // A comment changes the file but not the data: no new version.
  auto [s3, c] =
      running->PostJson("/api/comments", R"({"subject_kind":"indicator","subject_id":"visits_total",
      "unit":"nsh","period":"2024","text":"Besöken ökar."})");
  ASSERT_EQ(s3, 201) << c.dump();
  EXPECT_EQ(running->Get("/api/info").second["data_version"], 2);

  ASSERT_TRUE(other->RemoveBatch(imported->batch_id, "cli").ok());
  auto [s4, removed] = running->Get(card);
  ASSERT_EQ(s4, 200);
  EXPECT_TRUE(ValueOf(removed, "phone_same_day").is_null()) << removed.dump();
  EXPECT_EQ(removed["data_version"], 3);
  EXPECT_EQ(running->server().data_version(), 3);
}

// Which configuration the results were computed with: the store's version in force,
// in /api/info and every scorecard, and a new one after the tree is replaced.
TEST(DatabaseApiTest, InfoAndScorecardNameTheConfigurationVersion) {
  TempDir dir;
  std::string db = dir / "nara.db";
  auto running = OnDatabase(db);
  ASSERT_TRUE(running->ok());
  auto other = store::Store::Open(db, /*create=*/false);
  ASSERT_TRUE(other.ok());
  auto current = other->CurrentConfig();
  ASSERT_TRUE(current.ok() && current->has_value());
  const int64_t first = (*current)->version;
  auto [s1, info] = running->Get("/api/info");
  ASSERT_EQ(s1, 200);
  EXPECT_EQ(info["config_version"], first);
  EXPECT_EQ(info["config_sha256"], (*current)->sha256);
  auto [s2, card] = running->Get("/api/scorecard?period=2024-T1");
  ASSERT_EQ(s2, 200);
  EXPECT_EQ(card["config_version"], first);

  // An edited catalogue stored by another process is a new version, seen by the next request.
  fs::create_directories(dir / "config");
  for (const char* f : {"units.toml", "plans.toml", "indicators.toml"})
    fs::copy_file(ConfigDir() + "/" + f, dir / ("config/" + std::string(f)));
  std::ofstream(dir / "config/indicators.toml", std::ios::app) << "\n# edited\n";
  auto stored = other->StoreConfig(dir / "config", "cli");
  ASSERT_TRUE(stored.ok()) << stored.status().message();
  EXPECT_GT(stored->version, first);
  auto [s3, info2] = running->Get("/api/info");
  EXPECT_EQ(info2["config_version"], stored->version);
  EXPECT_EQ(info2["config_sha256"], stored->sha256);
  auto [s4, card2] = running->Get("/api/scorecard?period=2024-T1");
  EXPECT_EQ(card2["config_version"], stored->version);
}

// Readers during an import see either the old or the new results, never an error.
TEST(DatabaseApiTest, ReadersDuringAnImportSeeOneVersionOrTheOther) {
  TempDir dir;
  auto running = OnDatabase(dir / "nara.db");
  ASSERT_TRUE(running->ok());
  ASSERT_EQ(running->Upload("visits.csv", Slurp(ExampleDir() + "/visits.csv")).first, 201);
  std::atomic<bool> stop{false};
  std::atomic<int> answers{0}, bad{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      auto own = running->NewClient();  // one client per thread
      httplib::Client& client = *own;
      while (!stop) {
        auto [status, card] = Running::Get(client, "/api/scorecard?period=2024-T1&unit=vc_kungsbacka");
        int64_t v =
            card.is_object() && card.contains("data_version") ? card["data_version"].get<int64_t>() : -1;
        if (status != 200 || (v != 2 && v != 3)) ++bad;
        ++answers;
      }
    });
  }
  auto [s, r] = running->Upload("phone_calls.csv", Slurp(ExampleDir() + "/phone_calls.csv"));
  EXPECT_EQ(s, 201) << r.dump();
  // Keep reading a little after the swap.
  for (int i = 0; i < 50 && running->server().data_version() < 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_GT(answers.load(), 3);
  EXPECT_EQ(bad.load(), 0);
  auto [s2, card] = running->Get("/api/scorecard?period=2024-T1&unit=vc_kungsbacka");
  EXPECT_EQ(card["data_version"], 3);
}

// A clock the test moves itself: the folder backend's "once a second" without waiting.
struct ManualClock {
  std::shared_ptr<std::atomic<int64_t>> ms = std::make_shared<std::atomic<int64_t>>(0);
  SteadyClock Clock() const {
    return [ms = ms] { return std::chrono::steady_clock::time_point(std::chrono::milliseconds(ms->load())); };
  }
  void Advance(std::chrono::milliseconds by) const { *ms += by.count(); }
};

// A folder served with --data: a file removed from it (or dropped into it, or changed)
// is noticed once a second has passed, and the next request answers from the new data.
TEST(FolderChangeTest, AChangedFolderIsReloadedForTheNextRequest) {
  TempDir dir;
  fs::create_directories(dir / "data");
  for (const auto& entry : fs::directory_iterator(ExampleDir())) {
    fs::copy_file(entry.path(), fs::path(dir / "data") / entry.path().filename());
  }
  ManualClock clock;
  Running running(MakeFolderBackend(dir / "data", ConfigDir(), clock.Clock()), MakeMemoryCommentStore());
  ASSERT_TRUE(running.ok());
  const std::string card = "/api/scorecard?period=2024-T1&unit=vc_kungsbacka";
  auto [s0, before] = running.Get(card);
  ASSERT_EQ(s0, 200);
  EXPECT_TRUE(ValueOf(before, "phone_same_day").is_number()) << before.dump();
  EXPECT_EQ(before["data_version"], 1);

  fs::remove(fs::path(dir / "data") / "phone_calls.csv");
  // Within the second the folder is not looked at again.
  clock.Advance(std::chrono::milliseconds(900));
  EXPECT_EQ(running.Get(card).second["data_version"], 1);
  clock.Advance(std::chrono::milliseconds(200));
  auto [s1, after] = running.Get(card);
  EXPECT_EQ(after["data_version"], 2);
  EXPECT_TRUE(ValueOf(after, "phone_same_day").is_null()) << after.dump();
  // Nothing changed since: the version stays.
  clock.Advance(std::chrono::seconds(5));
  EXPECT_EQ(running.Get("/api/info").second["data_version"], 2);
}

// The built pages: files with their type and caching, "/" as index.html, nothing
// outside the folder, and only GET and HEAD.
TEST(PagesTest, ServesTheBuiltPagesAndNothingElse) {
  TempDir dir;
  fs::create_directories(dir / "web/assets");
  std::ofstream(dir / "web/index.html") << "<!doctype html><title>nara</title>";
  std::ofstream(dir / "web/assets/index-1a2b.js") << "console.log('nara');";
  std::ofstream(dir / "secret.txt") << "not a page";
  Running running(MakeFolderBackend(ExampleDir(), ConfigDir()), MakeMemoryCommentStore(), dir / "web");
  ASSERT_TRUE(running.ok());
  httplib::Client client("127.0.0.1", running.port());
  auto index = client.Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->body, "<!doctype html><title>nara</title>");
  EXPECT_EQ(index->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index->get_header_value("Cache-Control"), "no-cache");
  auto script = client.Get("/assets/index-1a2b.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_EQ(script->get_header_value("Content-Type"), "application/javascript");
  EXPECT_EQ(script->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  // Both answered 304 to a request naming their ETag, with the same caching headers.
  for (const auto& [path, answer] :
       {std::pair<std::string, httplib::Result*>{"/", &index}, {"/assets/index-1a2b.js", &script}}) {
    const std::string etag = (*answer)->get_header_value("ETag");
    ASSERT_FALSE(etag.empty()) << path;
    auto again = client.Get(path, {{"If-None-Match", etag}});
    ASSERT_TRUE(again) << path;
    EXPECT_EQ(again->status, 304) << path;
    EXPECT_TRUE(again->body.empty()) << path;
    EXPECT_EQ(again->get_header_value("ETag"), etag) << path;
    EXPECT_EQ(again->get_header_value("Cache-Control"), (*answer)->get_header_value("Cache-Control")) << path;
    EXPECT_EQ(client.Get(path, {{"If-None-Match", "W/\"other\""}})->status, 200) << path;
  }
  EXPECT_NE(index->get_header_value("ETag"), script->get_header_value("ETag"));
  const std::string secret = fs::absolute(dir / "secret.txt").string();
  for (const std::string& path : {std::string("/../secret.txt"), std::string("/assets/../../secret.txt"),
                                  std::string("/%2e%2e/secret.txt"), "/" + secret, "/%2F" + secret.substr(1),
                                  std::string("/./index.html"), std::string("/missing.js")}) {
    auto res = client.Get(path.c_str());
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path;
    EXPECT_EQ(res->body.find("not a page"), std::string::npos) << path;
  }
  auto post = client.Post("/", "x", "text/plain");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");
  auto head = client.Head("/api/info");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  EXPECT_GT(std::stoul(head->get_header_value("Content-Length")), 10u);
}

TEST(PagesTest, WithoutBuiltPagesTheStartPageSaysHowToBuildThem) {
  Running running(MakeFolderBackend(ExampleDir(), ConfigDir()), MakeMemoryCommentStore(), "/nonexistent");
  ASSERT_TRUE(running.ok());
  httplib::Client client("127.0.0.1", running.port());
  auto res = client.Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("npm ci"), std::string::npos);
  EXPECT_EQ(client.Get("/other")->status, 404);
}

// A file in the folder that breaks the contract: the earlier data stays served (and
// the fault is printed once); a fixed file is then read.
TEST(FolderChangeTest, ABrokenFileKeepsTheEarlierDataUntilItIsFixed) {
  TempDir dir;
  fs::create_directories(dir / "data");
  for (const auto& entry : fs::directory_iterator(ExampleDir())) {
    fs::copy_file(entry.path(), fs::path(dir / "data") / entry.path().filename());
  }
  const std::string calls = fs::path(dir / "data") / "phone_calls.csv";
  const std::string good = Slurp(calls);
  ManualClock clock;
  Running running(MakeFolderBackend(dir / "data", ConfigDir(), clock.Clock()), MakeMemoryCommentStore());
  ASSERT_TRUE(running.ok());
  std::ofstream(calls, std::ios::trunc) << good.substr(0, good.find('\n') + 1) << "this;is;no;call\n";
  clock.Advance(std::chrono::seconds(2));
  auto [s1, info1] = running.Get("/api/info");
  EXPECT_EQ(s1, 200);
  EXPECT_EQ(info1["data_version"], 1);
  auto [s2, card] = running.Get("/api/scorecard?period=2024-T1&unit=vc_kungsbacka");
  EXPECT_EQ(s2, 200);
  EXPECT_TRUE(ValueOf(card, "phone_same_day").is_number()) << card.dump();
  std::ofstream(calls, std::ios::trunc) << good;
  clock.Advance(std::chrono::seconds(2));
  EXPECT_EQ(running.Get("/api/info").second["data_version"], 2);
}

TEST(DatabaseApiTest, CommentsWrittenAndRead) {
  TempDir dir;
  auto running = OnDatabase(dir / "nara.db");
  ASSERT_TRUE(running->ok());
  ASSERT_EQ(running->Upload("visits.csv", Slurp(ExampleDir() + "/visits.csv")).first, 201);
  auto [s1, c1] =
      running->PostJson("/api/comments", R"({"subject_kind":"indicator","subject_id":"phone_same_day",
      "unit":"vc_varberg","period":"2024-T1","text":"Fler sjuka i personalen i februari.","author":"Anna"})");
  ASSERT_EQ(s1, 201) << c1.dump();
  EXPECT_EQ(c1["comment"]["text"], "Fler sjuka i personalen i februari.");
  auto [s2, c2] = running->PostJson("/api/comments", R"({"subject_kind":"goal","subject_id":"p2024_fa1_g1",
      "unit":"nsh","period":"2024-t1","text":"Målet följs."})");
  ASSERT_EQ(s2, 201) << c2.dump();
  EXPECT_EQ(c2["comment"]["period"], "2024-T1") << "the period in its canonical form";
  // 2023 still follows the plan of 2022.
  auto [s2b, c2b] = running->PostJson("/api/comments", R"({"subject_kind":"goal","subject_id":"p2022_fa1_g1",
      "unit":"nsh","period":"2023","text":"Följs upp."})");
  EXPECT_EQ(s2b, 201) << c2b.dump();
  auto [s3, list] = running->Get("/api/comments?unit=vc_varberg&period=2024-T1");
  ASSERT_EQ(s3, 200);
  ASSERT_EQ(list["comments"].size(), 1u);
  EXPECT_EQ(list["comments"][0]["author"], "kontroller") << "the signed-in user, not the body's author";
  // Writing again replaces.
  running->PostJson("/api/comments", R"({"subject_kind":"indicator","subject_id":"phone_same_day",
      "unit":"vc_varberg","period":"2024-T1","text":"Ny text"})");
  auto [s4, list2] = running->Get("/api/comments?subject_id=phone_same_day");
  ASSERT_EQ(list2["comments"].size(), 1u);
  EXPECT_EQ(list2["comments"][0]["text"], "Ny text");
  // Bad bodies.
  for (const char* body :
       {"not json", "[1]", R"({"subject_kind":"x"})",
        R"({"subject_kind":"indicator","subject_id":"nope","unit":"nsh","period":"2024"})",
        R"({"subject_kind":"indicator","subject_id":"phone_same_day","unit":"nope","period":"2024"})",
        R"({"subject_kind":"indicator","subject_id":"phone_same_day","unit":"nsh","period":"2024-T4"})",
        R"({"subject_kind":"indicator","subject_id":"phone_same_day","unit":"nsh","period":2024})",
        // Outside the years served, as for the GET parameters.
        R"({"subject_kind":"indicator","subject_id":"phone_same_day","unit":"nsh","period":"1900"})",
        R"({"subject_kind":"indicator","subject_id":"phone_same_day","unit":"nsh","period":"2099-T1"})",
        R"({"subject_kind":"indicator","subject_id":"phone_same_day","unit":"nsh","period":"R12-2021-06"})",
        // A goal of another plan year than the one in force.
        R"({"subject_kind":"goal","subject_id":"p2022_fa1_g1","unit":"nsh","period":"2024-T1"})",
        R"({"subject_kind":"goal","subject_id":"p2024_fa1_g1","unit":"nsh","period":"2023"})"}) {
    auto [s, j] = running->PostJson("/api/comments", body);
    EXPECT_EQ(s, 400) << body;
    EXPECT_EQ(j["error"]["status"], 400) << body;
    EXPECT_FALSE(j["error"]["message"].get<std::string>().empty()) << body;
  }
  auto [s5, j5] = running->PostJson(
      "/api/comments",
      R"({"subject_kind":"indicator","subject_id":"phone_same_day","unit":"nsh","period":"2099","text":"x"})");
  EXPECT_NE(j5["error"]["message"].get<std::string>().find("2022–2024"), std::string::npos) << j5.dump();
  auto [s6, j6] = running->PostJson(
      "/api/comments", R"({"subject_kind":"goal","subject_id":"p2022_fa1_g1","unit":"nsh","period":"2024"})");
  EXPECT_EQ(j6["error"]["code"], "goal_not_in_plan") << j6.dump();
  EXPECT_EQ(j6["error"]["message"], "målet 'p2022_fa1_g1' finns inte i planen som gäller 2024 (planen för 2024)");
  auto [s6en, j6en] = running->PostJson(
      "/api/comments?lang=en",
      R"({"subject_kind":"goal","subject_id":"p2022_fa1_g1","unit":"nsh","period":"2024"})");
  EXPECT_EQ(j6en["error"]["message"], "goal 'p2022_fa1_g1' is not in the plan in force in 2024 (the plan of 2024)");
  // Nothing of the refused bodies was kept.
  auto [s7, all] = running->Get("/api/comments");
  ASSERT_EQ(s7, 200);
  EXPECT_EQ(all["comments"].size(), 3u) << all.dump();
}

TEST(DatabaseApiTest, CommentsSurviveARestart) {
  TempDir dir;
  std::string db = dir / "nara.db";
  {
    auto running = OnDatabase(db);
    ASSERT_TRUE(running->ok());
    auto [s, c] =
        running->PostJson("/api/comments", R"({"subject_kind":"indicator","subject_id":"visits_total",
        "unit":"nsh","period":"2024","text":"Besöken ökar.","author":"Per"})");
    ASSERT_EQ(s, 201) << c.dump();
  }
  auto running = OnDatabase(db);
  ASSERT_TRUE(running->ok());
  auto [s, list] = running->Get("/api/comments?subject_kind=indicator&subject_id=visits_total");
  ASSERT_EQ(s, 200);
  ASSERT_EQ(list["comments"].size(), 1u);
  EXPECT_EQ(list["comments"][0]["text"], "Besöken ökar.");
  EXPECT_EQ(list["comments"][0]["period"], "2024");
}

// Every write of a comment is a version; a removal is a version marked deleted; a
// comment shows for every period of its year when asked by year.
TEST(DatabaseApiTest, CommentsKeepTheirHistoryAndTravelWithinTheYear) {
  TempDir dir;
  auto running = OnDatabase(dir / "nara.db");
  ASSERT_TRUE(running->ok());
  const std::string key = R"("subject_kind":"indicator","subject_id":"phone_same_day","unit":"vc_varberg")";
  auto [s1, c1] = running->PostJson("/api/comments", "{" + key + R"(,"period":"2024-T3","text":"Första"})");
  ASSERT_EQ(s1, 201) << c1.dump();
  EXPECT_EQ(c1["comment"]["version"], 1);
  auto [s2, c2] = running->PostJson("/api/comments", "{" + key + R"(,"period":"2024-T3","text":"Andra"})");
  EXPECT_EQ(c2["comment"]["version"], 2);
  auto [s3, c3] = running->PostJson("/api/comments", "{" + key + R"(,"period":"2024-T3","text":""})");
  EXPECT_EQ(c3["comment"]["version"], 3);
  EXPECT_EQ(c3["comment"]["deleted"], true);
  auto [s4, history] = running->Get(
      "/api/comments/history?subject_kind=indicator&subject_id=phone_same_day&unit=vc_varberg&period=2024-T3");
  ASSERT_EQ(s4, 200) << history.dump();
  ASSERT_EQ(history["versions"].size(), 3u) << history.dump();
  EXPECT_EQ(history["versions"][0]["text"], "Första");
  EXPECT_EQ(history["versions"][1]["text"], "Andra");
  EXPECT_EQ(history["versions"][2]["deleted"], true);
  EXPECT_EQ(history["versions"][2]["author"], "kontroller");
  EXPECT_EQ(running->Get("/api/comments?unit=vc_varberg").second["comments"].size(), 0u);
  EXPECT_EQ(running->Get("/api/comments/history?subject_kind=indicator&unit=vc_varberg").first, 400);

  ASSERT_EQ(running->PostJson("/api/comments", "{" + key + R"(,"period":"2024-T1","text":"Skrivet för T1"})").first,
            201);
  ASSERT_EQ(running->PostJson("/api/comments", "{" + key + R"(,"period":"2023-T3","text":"Förra året"})").first,
            201);
  auto [s5, year] = running->Get("/api/comments?unit=vc_varberg&subject_id=phone_same_day&year=2024");
  ASSERT_EQ(s5, 200);
  ASSERT_EQ(year["comments"].size(), 1u) << year.dump();
  EXPECT_EQ(year["comments"][0]["period"], "2024-T1");
  EXPECT_EQ(running->Get("/api/comments?unit=vc_varberg&year=2023").second["comments"].size(), 1u);
  EXPECT_EQ(running->Get("/api/comments?year=1999").first, 400);
}

TEST(DatabaseApiTest, ActionsAreAddedDoneAndRemoved) {
  TempDir dir;
  auto running = OnDatabase(dir / "nara.db");
  ASSERT_TRUE(running->ok());
  auto [s1, a1] = running->PostJson("/api/actions", R"({"subject_kind":"indicator","subject_id":"phone_same_day",
      "unit":"vc_varberg","period":"2024-t1","what":"Fler telefontider","responsible":"Anna","due":"2024-06-30"})");
  ASSERT_EQ(s1, 201) << a1.dump();
  const int64_t id = a1["action"]["id"];
  EXPECT_GT(id, 0);
  EXPECT_EQ(a1["action"]["period"], "2024-T1");
  EXPECT_EQ(a1["action"]["done"], false);
  EXPECT_TRUE(a1["action"]["done_at"].is_null());
  EXPECT_EQ(a1["action"]["author"], "kontroller");
  auto [s2, own] = running->Get("/api/actions?unit=vc_varberg");
  ASSERT_EQ(s2, 200) << own.dump();
  ASSERT_EQ(own["actions"].size(), 1u);
  EXPECT_EQ(own["actions"][0]["unit_ref"]["id"], "vc_varberg");
  EXPECT_EQ(running->Get("/api/actions?unit=nsh").second["actions"].size(), 0u);
  EXPECT_EQ(running->Get("/api/actions?unit=nsh&subtree=1").second["actions"].size(), 1u);
  EXPECT_EQ(running->Get("/api/actions?unit=vc_kungsbacka&subtree=1").second["actions"].size(), 0u);
  // The comment's listing carries its actions.
  EXPECT_EQ(running->Get("/api/comments?unit=vc_varberg&year=2024").second["actions"].size(), 1u);

  auto [s3, a3] = running->PostJson("/api/actions", "{\"id\":" + std::to_string(id) +
                                                        R"(,"what":"Fler telefontider","responsible":"Anna",
      "due":"2024-06-30","done":true})");
  ASSERT_EQ(s3, 200) << a3.dump();
  EXPECT_EQ(a3["action"]["done"], true);
  EXPECT_TRUE(a3["action"]["done_at"].is_string());
  EXPECT_EQ(a3["action"]["unit"], "vc_varberg") << "an action stays with its comment";

  for (const char* body :
       {R"({"id":999,"what":"x"})", R"({"id":"1","what":"x"})", R"({"subject_kind":"indicator",
        "subject_id":"phone_same_day","unit":"vc_varberg","period":"2024-T1","what":""})",
        R"({"subject_kind":"indicator","subject_id":"phone_same_day","unit":"vc_varberg","period":"2024-T1",
        "what":"x","due":"30/6"})",
        R"({"subject_kind":"indicator","subject_id":"phone_same_day","unit":"vc_varberg","period":"2024-T1",
        "what":"x","done":"ja"})"}) {
    auto [s, j] = running->PostJson("/api/actions", body);
    EXPECT_TRUE(s == 400 || s == 404) << body << " → " << j.dump();
    EXPECT_FALSE(j["error"]["message"].get<std::string>().empty()) << body;
  }
  EXPECT_EQ(running->PostJson("/api/actions", R"({"id":999,"what":"x"})").second["error"]["code"], "action_not_found");

  auto [s4, a4] = running->PostJson("/api/actions", "{\"id\":" + std::to_string(id) + R"(,"what":""})");
  ASSERT_EQ(s4, 200) << a4.dump();
  EXPECT_EQ(running->Get("/api/actions?unit=vc_varberg").second["actions"].size(), 0u);
}

TEST(DatabaseApiTest, GoalAssessmentsNeedAJustificationWhenTheyDiffer) {
  TempDir dir;
  auto running = OnDatabase(dir / "nara.db");
  ASSERT_TRUE(running->ok());
  for (const char* f : {"phone_calls.csv", "assessments.csv", "chats.csv", "visits.csv", "listings.csv"}) {
    ASSERT_EQ(running->Upload(f, Slurp(ExampleDir() + "/" + f)).first, 201) << f;
  }
  auto [s0, goals] = running->Get("/api/goals?period=2024-T1&unit=vc_varberg");
  ASSERT_EQ(s0, 200);
  std::string computed;
  for (const json& g : goals["goals"]) {
    if (g["id"] == "p2024_fa1_g1") computed = g["status"];
  }
  ASSERT_FALSE(computed.empty()) << goals.dump();
  const std::string other = computed == "met" ? "not_met" : "met";
  const std::string head = R"({"goal_id":"p2024_fa1_g1","unit":"vc_varberg","period":"2024-T1",)";
  auto [s1, e1] = running->PostJson("/api/assessments", head + R"("status":")" + other + R"(","justification":"  "})");
  EXPECT_EQ(s1, 400) << e1.dump();
  EXPECT_EQ(e1["error"]["code"], "justification_required");
  auto [s2, a2] = running->PostJson("/api/assessments", head + R"("status":")" + other +
                                                            R"(","justification":"Nya rutiner från mars",
      "responsible":"Verksamhetschef Varberg"})");
  ASSERT_EQ(s2, 201) << a2.dump();
  EXPECT_EQ(a2["assessment"]["version"], 1);
  EXPECT_EQ(a2["assessment"]["computed_status"], computed);
  EXPECT_EQ(a2["assessment"]["status"], other);
  EXPECT_EQ(a2["assessment"]["author"], "kontroller");
  // Agreeing with the computed status needs no justification.
  if (computed == "met" || computed == "near" || computed == "not_met") {
    auto [s3, a3] = running->PostJson("/api/assessments", head + R"("status":")" + computed + R"("})");
    ASSERT_EQ(s3, 201) << a3.dump();
    EXPECT_EQ(a3["assessment"]["version"], 2);
  }
  auto [s4, list] = running->Get("/api/assessments?unit=vc_varberg&period=2024-T1");
  ASSERT_EQ(s4, 200);
  ASSERT_EQ(list["assessments"].size(), 1u) << list.dump();
  auto [s5, history] = running->Get("/api/assessments/history?goal_id=p2024_fa1_g1&unit=vc_varberg&period=2024-T1");
  ASSERT_EQ(s5, 200);
  EXPECT_EQ(history["versions"].size(), list["assessments"][0]["version"].get<size_t>());
  EXPECT_EQ(history["versions"][0]["justification"], "Nya rutiner från mars");
  for (const char* body : {R"({"goal_id":"p2024_fa1_g1","unit":"vc_varberg","period":"2024-T1","status":"ok"})",
                           R"({"goal_id":"p2022_fa1_g1","unit":"vc_varberg","period":"2024-T1","status":"met"})",
                           R"({"goal_id":"p2024_fa1_g1","unit":"nope","period":"2024-T1","status":"met"})"}) {
    EXPECT_EQ(running->PostJson("/api/assessments", body).first, 400) << body;
  }
}

// --- the trash: remove, restore, purge, previews --------------------------------------

// `n` calls at vc_kungsbacka through 2024, the same number each month; three in four
// answered the same day. `handled` replaces every call's handling.
std::string CallsOf2024(int first, int last, int per_month, const std::string& handled = "") {
  std::string s = "call_id,unit_id,received_at,in_opening_hours,topic,handled_at,handled_by\n";
  char line[200];
  for (int i = first; i <= last; ++i) {
    const int month = 1 + (i - 1) / per_month, day = 1 + i % 28;
    std::string done = handled;
    if (done.empty()) {
      char at[40];
      std::snprintf(at, sizeof at, "2024-%02d-%02d 09:00,callback", month, day);
      done = i % 4 == 0 ? std::string(",") : std::string(at);
    }
    std::snprintf(line, sizeof line, "c%d,vc_kungsbacka,2024-%02d-%02d 08:00,ja,advice,%s\n", i, month, day,
                  done.c_str());
    s += line;
  }
  return s;
}

// A request as another user (a bearer token of theirs), checked against the document.
Running::Answer As(const Running& running, const std::string& token, const std::string& method,
                   const std::string& target, const std::string& body = "") {
  httplib::Client client("127.0.0.1", running.port());
  client.set_read_timeout(std::chrono::seconds(120));
  httplib::Request req;
  req.method = method;
  req.path = target;
  req.headers = Bearer(token);
  if (method != "GET") {
    req.body = body;
    req.set_header("Content-Type", "application/json");
  }
  auto res = client.send(req);
  if (!res) {
    ADD_FAILURE() << "no answer to " << method << " " << target;
    return {};
  }
  Running::Answer a{res->status, json::parse(res->body, nullptr, false), res->headers};
  if (a.body.is_discarded()) a.body = nullptr;
  ExpectDocumented(method, target, a.status, a.body);
  return a;
}

const json* BatchIn(const json& list, int64_t id) {
  for (const json& b : list["batches"]) {
    if (b["id"] == id) return &b;
  }
  return nullptr;
}

// The incident of issue 13: a one-row correction imported with "supersede 1" replaced
// all 2 088 rows of batch 1. Previewed first, the numbers say so; done anyway, the old
// batch waits in the trash, and restoring it gives back the figures of before.
TEST(TrashApiTest, ASupersedeIsPreviewedAndUndone) {
  TempDir dir;
  std::string db = dir / "nara.db";
  auto running = OnDatabase(db);
  ASSERT_TRUE(running->ok());
  auto [s0, first] = running->Upload("phone_calls_2024.csv", CallsOf2024(1, 2088, 174));
  ASSERT_EQ(s0, 201) << first.dump();
  ASSERT_EQ(first["batch_id"], 1);
  const std::string card = "/api/scorecard?period=2024-T1&unit=vc_kungsbacka";
  auto [s1, before] = running->Get(card);
  ASSERT_EQ(s1, 200);
  const json figure = ValueOf(before, "phone_same_day");
  ASSERT_TRUE(figure.is_number()) << figure;
  const int64_t version = running->server().data_version();

  // The correction: one call of January, handled the next day.
  const std::string fix = CallsOf2024(100, 100, 174, "2024-01-02 09:00,callback");
  auto [s2, preview] = running->Upload("phone_calls_fix.csv", fix, "1", "dry_run=1");
  ASSERT_EQ(s2, 200) << preview.dump();
  EXPECT_EQ(preview["action"], "import");
  EXPECT_EQ(preview["table"], "phone_calls");
  EXPECT_EQ(preview["file_name"], "phone_calls_fix.csv");
  EXPECT_EQ(preview["batches_out"], json::array({1}));
  EXPECT_EQ(preview["rows_out"], 2088);
  EXPECT_EQ(preview["rows_in"], 1);
  EXPECT_EQ(preview["months_before"].size(), 12u);
  EXPECT_EQ(preview["months_after"], json::array({"2024-01"}));
  ASSERT_EQ(preview["months"].size(), 12u);
  EXPECT_EQ(preview["months"][0], json({{"month", "2024-01"}, {"rows_before", 174}, {"rows_after", 1}}));
  EXPECT_EQ(preview["months"][11], json({{"month", "2024-12"}, {"rows_before", 174}, {"rows_after", 0}}));
  const json& indicators = preview["indicators"];
  EXPECT_NE(std::find(indicators.begin(), indicators.end(), "phone_same_day"), indicators.end())
      << preview.dump();
  // Nothing was written.
  EXPECT_EQ(running->server().data_version(), version);
  auto [s3, listed] = running->Get("/api/batches");
  EXPECT_EQ(listed["batches"].size(), 1u);
  EXPECT_EQ(ValueOf(running->Get(card).second, "phone_same_day"), figure);
  // A dry run refused as the import would be: without supersede the key collides.
  auto [s4, refused] = running->Upload("phone_calls_fix.csv", fix, "", "dry_run=1");
  EXPECT_EQ(s4, 422) << refused.dump();
  EXPECT_EQ(running->Upload("phone_calls_fix.csv", fix, "1", "dry_run=maybe").first, 400);

  // Done anyway.
  auto [s5, fixed] = running->Upload("phone_calls_fix.csv", fix, "1");
  ASSERT_EQ(s5, 201) << fixed.dump();
  EXPECT_EQ(fixed["superseded"], json::array({1}));
  EXPECT_NE(ValueOf(running->Get(card).second, "phone_same_day"), figure);
  auto [s6, trash] = running->Get("/api/batches");
  ASSERT_EQ(s6, 200);
  const json* old = BatchIn(trash, 1);
  ASSERT_NE(old, nullptr) << trash.dump();
  EXPECT_EQ((*old)["state"], "superseded");
  EXPECT_EQ((*old)["superseded_by"], 2);
  EXPECT_EQ((*old)["removed_by"], "kontroller");
  EXPECT_TRUE((*old)["removed_at"].is_string());
  const json* now = BatchIn(trash, 2);
  ASSERT_NE(now, nullptr);
  EXPECT_EQ((*now)["state"], "active");
  EXPECT_TRUE((*now)["removed_at"].is_null());

  // The correction is still active: it goes first, deliberately.
  auto [s7, blocked] = running->PostJson("/api/batches/restore", R"({"batch_id": 1})");
  EXPECT_EQ(s7, 409) << blocked.dump();
  EXPECT_EQ(blocked["error"]["code"], "restore_superseder_active");
  EXPECT_EQ(blocked["error"]["message"],
            "batch 1 ersattes av batch 2, som är aktiv: ta bort batch 2 först (den går att återställa), "
            "återställ sedan batch 1");
  auto [s8, gone] = running->Get("/api/batches/preview-remove?batch_id=2");
  ASSERT_EQ(s8, 200) << gone.dump();
  EXPECT_EQ(gone["action"], "remove");
  EXPECT_EQ(gone["batch_id"], 2);
  EXPECT_EQ(gone["rows_out"], 1);
  EXPECT_EQ(gone["rows_in"], 0);
  EXPECT_TRUE(gone["months_after"].empty());
  auto [s9, removed] = running->PostJson("/api/batches/remove", R"({"batch_id": 2})");
  ASSERT_EQ(s9, 200) << removed.dump();
  EXPECT_EQ(removed["batch"]["state"], "removed");
  EXPECT_EQ(removed["batch"]["removed_by"], "kontroller");
  EXPECT_GT(removed["data_version"].get<int64_t>(), version);
  auto [s10, restored] = running->PostJson("/api/batches/restore", R"({"batch_id": 1})");
  ASSERT_EQ(s10, 200) << restored.dump();
  EXPECT_EQ(restored["batch"]["state"], "active");
  EXPECT_TRUE(restored["batch"]["superseded_by"].is_null());
  EXPECT_EQ(restored["data_version"], running->server().data_version());
  auto [s11, after] = running->Get(card);
  ASSERT_EQ(s11, 200);
  EXPECT_EQ(ValueOf(after, "phone_same_day"), figure) << "the figures of before";
  // And the correction cannot come back over it: its key is batch 1's.
  auto [s12, clash] = running->PostJson("/api/batches/restore?lang=en", R"({"batch_id": 2})");
  EXPECT_EQ(s12, 409);
  EXPECT_EQ(clash["error"]["code"], "restore_key_held");
  EXPECT_EQ(clash["error"]["message"],
            "the key (call_id 'c100') is held by active batch 1 (phone_calls_2024.csv)\n"
            "batch 2 was not restored; remove batch 1 first, whose rows have the same keys");
  EXPECT_EQ(clash["error"]["problems"].size(), 2u);

  // Every step is in the audit trail, by the controller.
  const std::string admin = AddAccount(db, "admin", store::Role::kAdmin);
  auto audit = As(*running, admin, "GET", "/api/audit?limit=1000");
  ASSERT_EQ(audit.status, 200);
  std::vector<std::string> steps;
  for (const json& e : audit.body["entries"]) {
    if (e["by"] == "kontroller")
      steps.push_back(e["action"].get<std::string>() + " " + e["subject"].get<std::string>());
  }
  for (const char* step : {"supersede batch 1", "import batch 2", "remove batch 2", "restore batch 1"}) {
    EXPECT_NE(std::find(steps.begin(), steps.end(), step), steps.end()) << step;
  }
}

// Controllers and admins remove and restore; a reader does neither; only an admin
// purges. Bad requests say what is wrong.
TEST(TrashApiTest, WhoMayRemoveRestoreAndPurge) {
  TempDir dir;
  std::string db = dir / "nara.db";
  auto running = OnDatabase(db);
  ASSERT_TRUE(running->ok());
  ASSERT_EQ(running->Upload("phone_calls_a.csv", CallsOf2024(1, 24, 4)).first, 201);
  ASSERT_EQ(running->Upload("phone_calls_b.csv", CallsOf2024(25, 48, 4)).first, 201);
  const std::string reader = AddAccount(db, "lasare", store::Role::kReader);
  const std::string controller = AddAccount(db, "kontroller2", store::Role::kController);
  const std::string admin = AddAccount(db, "admin", store::Role::kAdmin);
  const std::string one = R"({"batch_id": 1})";

  for (const char* route : {"/api/batches/remove", "/api/batches/restore"}) {
    auto denied = As(*running, reader, "POST", route, one);
    EXPECT_EQ(denied.status, 403) << route;
    EXPECT_EQ(denied.body["error"]["code"], "forbidden") << route;
  }
  EXPECT_EQ(As(*running, reader, "GET", "/api/batches/preview-remove?batch_id=1").status, 403);
  auto removed = As(*running, controller, "POST", "/api/batches/remove", one);
  ASSERT_EQ(removed.status, 200) << removed.body.dump();
  EXPECT_EQ(removed.body["batch"]["removed_by"], "kontroller2");
  auto twice = As(*running, controller, "POST", "/api/batches/remove", one);
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(twice.body["error"]["code"], "already_removed");
  EXPECT_EQ(As(*running, controller, "GET", "/api/batches/preview-remove?batch_id=1").status, 409);

  const std::string purge_one = R"({"batch_ids": [1]})";
  auto not_theirs = As(*running, controller, "POST", "/api/batches/purge", purge_one);
  EXPECT_EQ(not_theirs.status, 403);
  EXPECT_EQ(not_theirs.body["error"]["code"], "forbidden");
  auto active = As(*running, admin, "POST", "/api/batches/purge", R"({"batch_ids": [1, 2]})");
  EXPECT_EQ(active.status, 409) << active.body.dump();
  EXPECT_EQ(active.body["error"]["code"], "purge_active");
  const int64_t version = running->server().data_version();
  auto purged = As(*running, admin, "POST", "/api/batches/purge", purge_one);
  ASSERT_EQ(purged.status, 200) << purged.body.dump();
  ASSERT_EQ(purged.body["purged"].size(), 1u);
  EXPECT_EQ(purged.body["purged"][0]["id"], 1);
  EXPECT_EQ(purged.body["purged"][0]["state"], "removed");
  EXPECT_EQ(purged.body["data_version"], version) << "nothing the results are computed from changed";
  auto [s, listed] = running->Get("/api/batches");
  ASSERT_EQ(listed["batches"].size(), 1u);
  EXPECT_EQ(listed["batches"][0]["id"], 2);
  auto again = As(*running, admin, "POST", "/api/batches/purge", purge_one);
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(again.body["error"]["code"], "no_batch");
  auto by_age = As(*running, admin, "POST", "/api/batches/purge", R"({"older_than_days": 0})");
  EXPECT_EQ(by_age.status, 200) << by_age.body.dump();
  EXPECT_TRUE(by_age.body["purged"].empty());

  // What is wrong with a request.
  auto unknown = running->PostJson("/api/batches/restore", R"({"batch_id": 99})");
  EXPECT_EQ(unknown.first, 404);
  EXPECT_EQ(unknown.second["error"]["code"], "no_batch");
  EXPECT_EQ(unknown.second["error"]["message"], "det finns ingen batch 99");
  auto bad = running->PostJson("/api/batches/remove", R"({"batch_id": "2"})");
  EXPECT_EQ(bad.first, 400);
  EXPECT_EQ(bad.second["error"]["code"], "bad_batch_id");
  EXPECT_EQ(running->PostJson("/api/batches/remove", "{}").second["error"]["code"], "parameter_required");
  EXPECT_EQ(running->PostJson("/api/batches/remove", "[2]").first, 400);
  EXPECT_EQ(running->Get("/api/batches/preview-remove").first, 400);
  EXPECT_EQ(running->Get("/api/batches/preview-remove?batch_id=x").second["error"]["code"], "bad_batch_id");
  EXPECT_EQ(As(*running, admin, "POST", "/api/batches/purge", "{}").body["error"]["code"], "purge_fields");
  auto active_restore = running->PostJson("/api/batches/restore", R"({"batch_id": 2})");
  EXPECT_EQ(active_restore.first, 409);
  EXPECT_EQ(active_restore.second["error"]["code"], "not_in_trash");
  // A form across sites cannot send JSON: the body must say it is.
  auto form = running->Send("POST", "/api/batches/remove", "batch_id=2", {}, "text/plain");
  EXPECT_EQ(form.status, 415);
  EXPECT_EQ(form.body["error"]["code"], "content_type");
  auto [s2, still] = running->Get("/api/batches");
  EXPECT_EQ((*BatchIn(still, 2))["state"], "active") << "none of the refused requests changed anything";
}

}  // namespace
}  // namespace nara::serve
