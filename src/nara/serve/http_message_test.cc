// The request head parser, query strings, multipart bodies, gzip and the response
// head, as bytes in and values out.
#include "nara/serve/http_message.h"

#include <gtest/gtest.h>

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
