// The request head parser, query strings, multipart bodies, gzip and the response
// head, as bytes in and values out.
#include "nara/serve/http_message.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <random>

#include "nara/serve/test_gunzip.h"

namespace nara::serve::http {
namespace {

using Kind = HeadResult::Kind;

HeadResult Parse(std::string_view text, Request* r, size_t max_head = 64 * 1024) {
  return ParseHead(text, max_head, r);
}

using testing::Gunzip;

TEST(ParseHeadTest, ReadsARequest) {
  const std::string text =
      "GET /api/scorecard?year=2024&period=2024-T1&unit=vc%20kungsbacka&x HTTP/1.1\r\n"
      "Host: 127.0.0.1:8080\r\n"
      "Accept-Encoding:  gzip, br \r\n"
      "\r\n"
      "NEXT";
  Request r;
  HeadResult h = Parse(text, &r);
  ASSERT_EQ(h.kind, Kind::kComplete) << h.message;
  EXPECT_EQ(h.consumed, text.size() - 4);
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.path, "/api/scorecard");
  EXPECT_EQ(r.target, "/api/scorecard?year=2024&period=2024-T1&unit=vc%20kungsbacka&x");
  EXPECT_EQ(r.Param("year"), "2024");
  EXPECT_EQ(r.Param("unit"), "vc kungsbacka");
  EXPECT_TRUE(r.HasParam("x"));
  EXPECT_EQ(r.Param("x"), "");
  EXPECT_FALSE(r.HasParam("y"));
  EXPECT_EQ(r.Header("accept-encoding"), "gzip, br");
  EXPECT_EQ(r.Header("HOST"), "127.0.0.1:8080");
  EXPECT_EQ(r.Header("Cookie"), "");
  EXPECT_EQ(r.minor_version, 1);
  EXPECT_TRUE(r.keep_alive);
  EXPECT_EQ(r.content_length, 0u);
}

// A head cut anywhere before its blank line is incomplete, and never an error; whole,
// it reads the same however it arrived.
TEST(ParseHeadTest, IsIncompleteUntilTheBlankLineWhereverItIsCut) {
  const std::string text =
      "\r\nPOST /api/import HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=x\r\n"
      "Content-Length: 12\r\nExpect: 100-continue\r\n\r\n";
  for (size_t cut = 0; cut < text.size(); ++cut) {
    Request r;
    EXPECT_EQ(Parse(text.substr(0, cut), &r).kind, Kind::kIncomplete) << cut;
  }
  Request r;
  HeadResult h = Parse(text, &r);
  ASSERT_EQ(h.kind, Kind::kComplete) << h.message;
  EXPECT_EQ(h.consumed, text.size());
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.content_length, 12u);
  EXPECT_TRUE(r.expect_continue);
}

// Lines end with CRLF (RFC 9112 §2.2 lets a server refuse a bare LF, and Beast does);
// obsolete line folding is read as spaces (§5.2).
TEST(ParseHeadTest, RefusesBareLineFeedsAndUnfoldsFoldedLines) {
  Request r;
  HeadResult h = Parse("GET / HTTP/1.0\nConnection: keep-alive\n\n", &r);
  EXPECT_EQ(h.kind, Kind::kError);
  EXPECT_EQ(h.status, 400);
  h = Parse("GET / HTTP/1.1\r\nX-Note: a\r\n  b\r\nHost: x\r\n\r\n", &r);
  ASSERT_EQ(h.kind, Kind::kComplete) << h.message;
  EXPECT_EQ(r.Header("X-Note").find('\n'), std::string_view::npos);
  EXPECT_EQ(r.Header("X-Note").substr(0, 1), "a");
  EXPECT_EQ(r.Header("X-Note").substr(r.Header("X-Note").size() - 1), "b");
  EXPECT_EQ(r.Header("Host"), "x");
}

TEST(ParseHeadTest, KeepAliveFollowsTheVersionAndConnection) {
  struct Case {
    const char* text;
    bool keep_alive;
  };
  for (const Case& c :
       {Case{"GET / HTTP/1.1\r\n\r\n", true}, Case{"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", false},
        Case{"GET / HTTP/1.1\r\nConnection: TE, Close\r\n\r\n", false}, Case{"GET / HTTP/1.0\r\n\r\n", false},
        Case{"GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true}}) {
    Request r;
    ASSERT_EQ(Parse(c.text, &r).kind, Kind::kComplete) << c.text;
    EXPECT_EQ(r.keep_alive, c.keep_alive) << c.text;
  }
}

TEST(ParseHeadTest, AbsoluteFormTargetsAreReadAsTheirPath) {
  Request r;
  ASSERT_EQ(Parse("GET http://nara.example:8080/api/info?x=1 HTTP/1.1\r\n\r\n", &r).kind, Kind::kComplete);
  EXPECT_EQ(r.path, "/api/info");
  EXPECT_EQ(r.Param("x"), "1");
  ASSERT_EQ(Parse("GET http://nara.example HTTP/1.1\r\n\r\n", &r).kind, Kind::kComplete);
  EXPECT_EQ(r.path, "/");
  ASSERT_EQ(Parse("GET http://nara.example?year=2024 HTTP/1.1\r\n\r\n", &r).kind, Kind::kComplete);
  EXPECT_EQ(r.path, "/");
  EXPECT_EQ(r.Param("year"), "2024");
}

TEST(ParseHeadTest, RefusesWhatIsNotAnHttp11RequestWithTheRightStatus) {
  struct Case {
    std::string text;
    int status;
  };
  const std::vector<Case> cases = {
      {"GET /\r\n\r\n", 400},
      {"GET  / HTTP/1.1\r\n\r\n", 400},
      {"GET / HTTP/1.1 extra\r\n\r\n", 400},
      {"G(T / HTTP/1.1\r\n\r\n", 400},
      {"GET / HTTP/2.0\r\n\r\n", 505},
      {"GET / HTTP/1.2\r\n\r\n", 505},
      {"GET / HTXP/1.1\r\n\r\n", 400},
      {"GET api HTTP/1.1\r\n\r\n", 400},
      {"GET /a%2 HTTP/1.1\r\n\r\n", 400},
      {"GET /a%zz HTTP/1.1\r\n\r\n", 400},
      {"GET /a%00b HTTP/1.1\r\n\r\n", 400},
      {"GET /?q=%g1 HTTP/1.1\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400},  // space before the colon (RFC 9112 §5.1)
      {"GET / HTTP/1.1\r\nNo colon here\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nX: a\x01"
       "b\r\n\r\n",
       400},
      {"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411},
      // Both lengths: the request smuggling case; refused, never read by one of them.
      {"POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 411},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 411},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
      {"POST / HTTP/1.1\r\nExpect: 200-ok\r\n\r\n", 417},
  };
  for (const Case& c : cases) {
    Request r;
    HeadResult h = Parse(c.text, &r);
    EXPECT_EQ(h.kind, Kind::kError) << c.text;
    EXPECT_EQ(h.status, c.status) << c.text << " → " << h.message;
    EXPECT_FALSE(h.message.empty()) << c.text;
  }
  // The same length twice is one length.
  Request r;
  EXPECT_EQ(Parse("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n", &r).kind,
            Kind::kComplete);
  EXPECT_EQ(r.content_length, 3u);
}

TEST(ParseHeadTest, AHeadOverTheLimitIs431EvenBeforeItEnds) {
  std::string head = "GET / HTTP/1.1\r\nX: " + std::string(2000, 'a');
  Request r;
  HeadResult h = Parse(head, &r, 1024);
  EXPECT_EQ(h.kind, Kind::kError);
  EXPECT_EQ(h.status, 431);
  EXPECT_EQ(Parse(head + "\r\n\r\n", &r, 1024).status, 431);
  EXPECT_EQ(Parse(head + "\r\n\r\n", &r, 4096).kind, Kind::kComplete);
  // Empty lines before the request line count toward the limit: an endless stream of
  // them is refused, not kept.
  EXPECT_EQ(Parse(std::string(1100, '\n'), &r, 1024).status, 431);
  EXPECT_EQ(Parse(std::string(600, '\r') + std::string(600, '\n'), &r, 1024).status, 431);
  EXPECT_EQ(Parse(std::string(100, '\n'), &r, 1024).kind, Kind::kIncomplete);
  std::string many = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 101; ++i) many += "X-" + std::to_string(i) + ": 1\r\n";
  EXPECT_EQ(Parse(many + "\r\n", &r).status, 431);
}

TEST(PercentDecodeTest, DecodesAndRefuses) {
  EXPECT_EQ(*PercentDecode("a%20b+c%C3%A5", false), "a b+c\xC3\xA5");
  EXPECT_EQ(*PercentDecode("a%20b+c", true), "a b c");
  EXPECT_FALSE(PercentDecode("%", false).ok());
  EXPECT_FALSE(PercentDecode("%4", false).ok());
  EXPECT_FALSE(PercentDecode("%4g", false).ok());
  EXPECT_FALSE(PercentDecode("%00", false).ok());
  EXPECT_EQ(*PercentDecode("100%25", false), "100%");
}

TEST(ParseQueryTest, KeepsOrderAndEmptyValues) {
  auto q = ParseQuery("a=1&&b=x+y&a=2&c&=v");
  ASSERT_TRUE(q.ok());
  std::vector<std::pair<std::string, std::string>> want = {
      {"a", "1"}, {"b", "x y"}, {"a", "2"}, {"c", ""}, {"", "v"}};
  EXPECT_EQ(*q, want);
}

TEST(MultipartTest, ReadsTheBoundaryFromTheContentType) {
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=----abc"), "----abc");
  EXPECT_EQ(MultipartBoundary("Multipart/Form-Data;charset=utf-8; boundary=\"a b;c\""), "a b;c");
  EXPECT_EQ(MultipartBoundary("application/json"), "");
  EXPECT_EQ(MultipartBoundary("multipart/form-data"), "");
}

TEST(MultipartTest, SplitsPartsAsBrowsersSendThem) {
  const std::string body =
      "preamble\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"file\"; filename=\"C:\\Users\\anna\\visits.csv\"\r\n"
      "Content-Type: text/csv\r\n"
      "\r\n"
      "a;b\r\n1;2\r\n--Xy\r\n"  // a near-boundary inside the content
      "\r\n--XyZ\r\n"
      "Content-Disposition: form-data; name=supersede\r\n"
      "\r\n"
      "7\r\n"
      "--XyZ--\r\n"
      "epilogue";
  auto parts = ParseMultipart(body, "XyZ");
  ASSERT_TRUE(parts.ok()) << parts.status().message();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "file");
  EXPECT_EQ((*parts)[0].filename, "C:\\Users\\anna\\visits.csv");
  EXPECT_EQ((*parts)[0].content_type, "text/csv");
  EXPECT_EQ((*parts)[0].content, "a;b\r\n1;2\r\n--Xy\r\n");
  EXPECT_EQ((*parts)[1].name, "supersede");
  EXPECT_EQ((*parts)[1].filename, "");
  EXPECT_EQ((*parts)[1].content, "7");
}

TEST(MultipartTest, SaysWhatIsWrong) {
  for (const char* body :
       {"no boundary at all", "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nabc",
        "--b\r\nContent-Disposition: form-data\r\n\r\nabc\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=\"f\"", "--bX"}) {
    auto parts = ParseMultipart(body, "b");
    EXPECT_FALSE(parts.ok()) << body;
  }
  auto empty = ParseMultipart("--b--\r\n", "b");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  EXPECT_FALSE(ParseMultipart("--b--", "").ok());
}

// Any bytes: no crash, and every part's content is a piece of the body.
TEST(MultipartTest, RandomBodiesNeverBreakIt) {
  std::mt19937 rng(7);
  const std::string alphabet = "-b\r\n\"=;: nameContent-Disposition";
  for (int i = 0; i < 20000; ++i) {
    std::string body;
    size_t len = rng() % 120;
    for (size_t k = 0; k < len; ++k) body += alphabet[rng() % alphabet.size()];
    auto parts = ParseMultipart(body, "b");
    if (!parts.ok()) continue;
    for (const FormPart& p : *parts) EXPECT_NE(body.find(p.content), std::string::npos);
  }
}

// --- multipart bodies read as they come, and from a file --------------------------------

// The parts a MultipartReader hands on, put together; checks the sink's side of the
// contract as it goes.
class CollectParts : public MultipartSink {
 public:
  Status BeginPart(const FormPart& part) override {
    EXPECT_FALSE(part.name.empty());
    EXPECT_TRUE(part.content.empty());
    EXPECT_FALSE(open_);
    open_ = true;
    parts.push_back(part);
    return Status::Ok();
  }
  Status PartContent(std::string_view piece) override {
    EXPECT_TRUE(open_);
    EXPECT_FALSE(piece.empty());
    parts.back().content.append(piece);
    return Status::Ok();
  }
  Status EndPart() override {
    EXPECT_TRUE(open_);
    open_ = false;
    return Status::Ok();
  }

  std::vector<FormPart> parts;

 private:
  bool open_ = false;
};

// The parts, or the error, as one comparable text.
std::string Show(const StatusOr<std::vector<FormPart>>& parts) {
  if (!parts.ok()) return "error: " + parts.status().message();
  std::string out;
  for (const FormPart& p : *parts) {
    out += "[" + p.name + "|" + p.filename + "|" + p.content_type + "|" + p.content + "]";
  }
  return out;
}

// Reads `body` through a MultipartReader fed the pieces that `cuts` (ascending
// positions) make of it.
StatusOr<std::vector<FormPart>> ReadInPieces(std::string_view body, std::string_view boundary,
                                             const std::vector<size_t>& cuts) {
  CollectParts sink;
  MultipartReader reader(boundary, &sink);
  size_t from = 0;
  for (size_t cut : cuts) {
    NARA_RETURN_IF_ERROR(reader.Feed(body.substr(from, cut - from)));
    from = cut;
  }
  NARA_RETURN_IF_ERROR(reader.Feed(body.substr(from)));
  NARA_RETURN_IF_ERROR(reader.Finish());
  return std::move(sink.parts);
}

// A folder of the test's own, removed after it.
class TempFolder {
 public:
  TempFolder() {
    path_ = std::filesystem::temp_directory_path() /
            ("nara-http-message-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(path_);
  }
  ~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string path() const { return path_.string(); }
  size_t files() const {
    return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(path_), {}));
  }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

// `bytes` in a new TempFile in `dir`.
std::unique_ptr<TempFile> FileWith(const std::string& dir, std::string_view bytes) {
  auto file = TempFile::Create(dir, "test-");
  EXPECT_TRUE(file.ok()) << file.status().message();
  if (!file.ok()) return nullptr;
  EXPECT_TRUE((*file)->Append(bytes).ok());
  return std::move(file).value();
}

StatusOr<std::vector<FormPart>> ReadFromFile(const TempFile& file, std::string_view boundary, size_t chunk) {
  CollectParts sink;
  NARA_RETURN_IF_ERROR(ReadMultipartFile(file, boundary, &sink, chunk));
  return std::move(sink.parts);
}

// A random form as a browser or curl could send it, and its parts: contents that hold
// line ends, dashes and beginnings of the boundary; preambles, padding and epilogues.
struct Form {
  std::string body;
  std::vector<FormPart> parts;
};

Form RandomForm(std::mt19937& rng, const std::string& boundary) {
  auto pick = [&](std::initializer_list<std::string> options) {
    return *(options.begin() + rng() % options.size());
  };
  std::vector<std::string> pieces = {"a", ";", "\r\n", "\r", "\n", "-", "--", "å", " ", "1"};
  pieces.push_back("--" + boundary.substr(0, 2));
  pieces.push_back("\r\n--" + boundary.substr(0, boundary.size() - 1));  // all of it but its last byte
  Form f;
  if (rng() % 3 == 0) f.body += pick({"", "preamble", "--x", "\r\n"}) + "\r\n";
  size_t n = rng() % 4;
  for (size_t i = 0; i < n; ++i) {
    FormPart p;
    p.name = pick({"file", "table", "supersede", "user", "a b"});
    if (rng() % 2 == 0) p.filename = pick({"visits.csv", "C:\\Users\\anna\\v.csv", ""});
    if (rng() % 2 == 0) p.content_type = pick({"text/csv", "application/octet-stream"});
    size_t len = rng() % 12;
    for (size_t k = 0; k < len; ++k) p.content += pieces[rng() % pieces.size()];
    f.body += "--" + boundary + (rng() % 4 == 0 ? " \t" : "") + "\r\n";
    f.body += "Content-Disposition: form-data; name=\"" + p.name + "\"";
    if (!p.filename.empty()) f.body += "; filename=\"" + p.filename + "\"";
    f.body += "\r\n";
    if (!p.content_type.empty()) f.body += "Content-Type: " + p.content_type + "\r\n";
    f.body += "\r\n" + p.content + "\r\n";
    f.parts.push_back(std::move(p));
  }
  f.body += "--" + boundary + "--";
  if (rng() % 2 == 0) f.body += pick({"\r\n", "\r\nepilogue --", "--" + boundary});
  return f;
}

// The property: whole, in pieces cut at every place (one cut, and a byte at a time),
// and from a file read in chunks of any size, a body gives the parts it was made of;
// a broken one (cut short, or a byte changed) gives the same error every way.
TEST(MultipartReaderTest, AsItComesGivesWhatTheWholeBodyGives) {
  std::mt19937 rng(11);
  TempFolder folder;
  int broken = 0;
  for (int i = 0; i < 400; ++i) {
    const std::string boundary = i % 2 ? "XyZ" : "----WebKitFormBoundary7MA4YWxkTrZu0gW";
    Form form = RandomForm(rng, boundary);
    std::vector<std::string> bodies = {form.body};
    bodies.push_back(form.body.substr(0, rng() % (form.body.size() + 1)));  // cut short
    std::string changed = form.body;
    changed[rng() % changed.size()] = "-\r\n bX"[rng() % 6];
    bodies.push_back(changed);
    for (size_t b = 0; b < bodies.size(); ++b) {
      const std::string& body = bodies[b];
      auto whole = ParseMultipart(body, boundary);
      if (b == 0) {
        ASSERT_TRUE(whole.ok()) << whole.status().message() << "\n" << body;
        StatusOr<std::vector<FormPart>> made = form.parts;
        ASSERT_EQ(Show(whole), Show(made)) << body;
      }
      if (!whole.ok()) ++broken;
      const std::string expected = Show(whole);
      for (size_t cut = 0; cut <= body.size(); ++cut) {
        ASSERT_EQ(Show(ReadInPieces(body, boundary, {cut})), expected) << "cut at " << cut << " of\n" << body;
      }
      std::vector<size_t> every(body.size());
      for (size_t k = 0; k < body.size(); ++k) every[k] = k;
      ASSERT_EQ(Show(ReadInPieces(body, boundary, every)), expected) << body;
      std::unique_ptr<TempFile> file = FileWith(folder.path(), body);
      ASSERT_TRUE(file);
      for (size_t chunk : {size_t{1}, size_t{2}, size_t{5}, size_t{64} << 10}) {
        ASSERT_EQ(Show(ReadFromFile(*file, boundary, chunk)), expected) << "chunks of " << chunk;
      }
    }
  }
  EXPECT_GT(broken, 100);  // the broken bodies were broken
}

// The fixed cases of ParseMultipart's tests, read a byte at a time: the same answers.
TEST(MultipartReaderTest, TheFixedCasesAByteAtATime) {
  for (const char* body :
       {"no boundary at all", "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nabc",
        "--b\r\nContent-Disposition: form-data\r\n\r\nabc\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=\"f\"", "--bX", "--b--\r\n", "--b", "",
        "x\r\n--b\r\n\r\nno head\r\n--b--",
        "--b  \t\r\nContent-Disposition: form-data; name=f\r\n\r\n\r\n--b--"}) {
    std::string text(body);
    std::vector<size_t> every(text.size());
    for (size_t k = 0; k < text.size(); ++k) every[k] = k;
    EXPECT_EQ(Show(ReadInPieces(text, "b", every)), Show(ParseMultipart(text, "b"))) << text;
  }
  EXPECT_EQ(Show(ReadInPieces("--b--", "", {})), "error: the multipart body has no boundary");
}

// The one part of a body held whole is a part's head: a longer one is refused, however
// the body comes; the content of a part may be of any length.
TEST(MultipartReaderTest, APartsHeadIsBoundedItsContentIsNot) {
  const std::string long_head =
      "--b\r\nContent-Disposition: form-data; name=\"f\"\r\nX-Pad: " + std::string(kMaxPartHead, 'p') +
      "\r\n\r\nabc\r\n--b--";
  auto whole = ParseMultipart(long_head, "b");
  ASSERT_FALSE(whole.ok());
  EXPECT_NE(whole.status().message().find("head is longer than 65536 bytes"), std::string::npos)
      << whole.status().message();
  EXPECT_EQ(Show(ReadInPieces(long_head, "b", {100, 40000})), Show(whole));

  const std::string content(3 * kMaxPartHead, 'c');
  const std::string body =
      "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n" + content + "\r\n--b--";
  auto parts = ParseMultipart(body, "b");
  ASSERT_TRUE(parts.ok()) << parts.status().message();
  EXPECT_EQ((*parts)[0].content, content);
}

// A sink's error ends the reading with it.
TEST(MultipartReaderTest, TheSinksErrorStopsIt) {
  class Refuses : public MultipartSink {
   public:
    Status BeginPart(const FormPart&) override { return Status::Ok(); }
    Status PartContent(std::string_view) override { return Status::IoError("disk full"); }
    Status EndPart() override { return Status::Ok(); }
  } sink;
  MultipartReader reader("b", &sink);
  Status st = reader.Feed("--b\r\nContent-Disposition: form-data; name=f\r\n\r\n" + std::string(100, 'x'));
  EXPECT_EQ(st.code(), StatusCode::kIoError);
  EXPECT_EQ(reader.Feed("more").message(), "disk full");
  EXPECT_EQ(reader.Finish().message(), "disk full");
}

// A TempFile is new, private to its user, in the folder given, read back at any
// offset, and gone when destroyed.
TEST(TempFileTest, IsPrivateAndRemovedWhenDestroyed) {
  TempFolder folder;
  std::string path;
  {
    auto a = TempFile::Create(folder.path(), "body-");
    auto b = TempFile::Create(folder.path(), "body-");
    ASSERT_TRUE(a.ok() && b.ok());
    path = (*a)->path();
    EXPECT_NE(path, (*b)->path());
    EXPECT_EQ(std::filesystem::path(path).parent_path(), std::filesystem::path(folder.path()));
    EXPECT_EQ(std::filesystem::path(path).filename().string().rfind("body-", 0), 0u) << path;
    EXPECT_EQ(std::filesystem::status(path).permissions(),
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    ASSERT_TRUE((*a)->Append("hej ").ok());
    ASSERT_TRUE((*a)->Append("hallå").ok());
    EXPECT_EQ((*a)->size(), 10u);
    char out[16] = {};
    auto n = (*a)->ReadAt(4, out, sizeof out);
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(std::string(out, *n), "hallå");
    auto end = (*a)->ReadAt(10, out, sizeof out);
    ASSERT_TRUE(end.ok());
    EXPECT_EQ(*end, 0u);
    EXPECT_EQ(folder.files(), 2u);
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_EQ(folder.files(), 0u);
  auto nowhere = TempFile::Create(folder.path() + "/missing", "body-");
  ASSERT_FALSE(nowhere.ok());
  EXPECT_NE(nowhere.status().message().find(folder.path() + "/missing"), std::string::npos);
}

TEST(GzipTest, AcceptEncoding) {
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br"));
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip; q=0.0, br"));
  EXPECT_FALSE(AcceptsGzip("br, deflate"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("x-gzip2"));
}

TEST(GzipTest, RoundTrips) {
  std::string text;
  for (int i = 0; i < 5000; ++i)
    text += "{\"indicator\":\"phone_same_day\",\"value\":" + std::to_string(i) + "},";
  std::string gz = Gzip(text);
  ASSERT_GT(gz.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
  EXPECT_LT(gz.size(), text.size() / 4);
  EXPECT_EQ(Gunzip(gz), text);
  EXPECT_EQ(Gunzip(Gzip("")), "");
  EXPECT_TRUE(Compressible("application/json"));
  EXPECT_TRUE(Compressible("text/html; charset=utf-8"));
  EXPECT_FALSE(Compressible("image/png"));
}

TEST(ResponseHeadTest, WritesStatusLengthAndHeaders) {
  Response r;
  r.status = 405;
  r.SetBody("{}", "application/json");
  r.SetHeader("Allow", "GET");
  r.SetHeader("allow", "GET, POST");  // replaces, whatever the case
  EXPECT_EQ(ResponseHead(r, 2, false, true),
            "HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
            "Vary: Accept-Encoding\r\nAllow: GET, POST\r\n\r\n");
  Response png;
  png.SetBody("x", "image/png");
  EXPECT_EQ(ResponseHead(png, 1, false, false),
            "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 1\r\nConnection: close\r\n\r\n");
  EXPECT_NE(ResponseHead(r, 9, true, true).find("Content-Encoding: gzip\r\n"), std::string::npos);
  // No Content-Length where no body can be (RFC 9110 §8.6).
  Response not_modified;
  not_modified.status = 304;
  not_modified.SetHeader("ETag", "W/\"5-abc\"");
  EXPECT_EQ(ResponseHead(not_modified, 0, false, true),
            "HTTP/1.1 304 Not Modified\r\nETag: W/\"5-abc\"\r\n\r\n");
  Response no_content;
  no_content.status = 204;
  EXPECT_EQ(ResponseHead(no_content, 0, false, true), "HTTP/1.1 204 No Content\r\n\r\n");
  EXPECT_EQ(ResponseHead(png, 1, false, true, "Sun, 06 Nov 1994 08:49:37 GMT")
                .rfind("HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n", 0),
            0u);
}

TEST(ResponseHeadTest, HttpDates) {
  EXPECT_EQ(HttpDate(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");  // RFC 9110's example
  EXPECT_EQ(HttpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(HttpDate(951782400), "Tue, 29 Feb 2000 00:00:00 GMT");
  EXPECT_EQ(HttpDate(1798761599), "Thu, 31 Dec 2026 23:59:59 GMT");
}

}  // namespace
}  // namespace nara::serve::http
