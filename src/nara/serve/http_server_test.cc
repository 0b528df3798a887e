// The HTTP server over loopback with raw sockets: what goes over the wire, byte for
// byte, for keep-alive, pipelining, partial requests, bad requests, workers, gzip,
// timeouts, limits and stopping; and over TLS with a certificate made by the test.
#include "nara/serve/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "nara/serve/test_gunzip.h"

namespace nara::serve::http {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;

// One client connection, reading answers with a deadline so that a server fault
// fails the test instead of hanging it.
class RawClient {
 public:
  explicit RawClient(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~RawClient() { ::close(fd_); }
  bool connected() const { return connected_; }
  void ShutdownSending() { ::shutdown(fd_, SHUT_WR); }

  // Returns how many bytes went out (fewer when the server reset the connection).
  size_t Send(std::string_view bytes) {
    size_t sent = 0;
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return sent;
      bytes.remove_prefix(static_cast<size_t>(n));
      sent += static_cast<size_t>(n);
    }
    return sent;
  }

  // Reads until `want` bytes are buffered or the peer closes; false on a timeout.
  bool Fill(size_t want, std::chrono::milliseconds timeout = 5000ms) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (buffer_.size() < want && !closed_) {
      auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      char chunk[65536];
      ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) {
        closed_ = true;
      } else {
        buffer_.append(chunk, static_cast<size_t>(n));
      }
    }
    return buffer_.size() >= want;
  }

  struct Answer {
    int status = 0;
    std::string head;
    std::string body;
    std::string Header(const std::string& name) const {
      size_t at = head.find("\r\n" + name + ": ");
      if (at == std::string::npos) return "";
      size_t from = at + name.size() + 4;
      return head.substr(from, head.find("\r\n", from) - from);
    }
  };

  // One answer: its head, and as many body bytes as its Content-Length says (none
  // when `head_only`). Status 0 when none came.
  Answer Read(bool head_only = false) {
    Answer a;
    size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill(buffer_.size() + 1)) return a;
    }
    a.head = buffer_.substr(0, end + 2);
    buffer_.erase(0, end + 4);
    a.status = std::stoi(a.head.substr(9, 3));
    std::string length = a.Header("Content-Length");
    size_t n = head_only || length.empty() ? 0 : std::stoul(length);
    if (!Fill(n)) return Answer();
    a.body = buffer_.substr(0, n);
    buffer_.erase(0, n);
    return a;
  }

  // Whether the server closes the connection within `timeout` (after what is buffered).
  bool ClosedWithin(std::chrono::milliseconds timeout) {
    Fill(buffer_.size() + 1, timeout);
    return closed_;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool closed_ = false;
  std::string buffer_;
};

// A folder of the test's own, removed after it.
class TempFolder {
 public:
  TempFolder() {
    path_ = std::filesystem::temp_directory_path() /
            ("nara-http-server-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(path_);
  }
  ~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string path() const { return path_.string(); }
  size_t files() const {
    std::error_code ec;
    return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(path_, ec), {}));
  }
  // Whether the folder comes to hold `n` files; the bound guards against a hang only.
  bool ComesToHold(size_t n) const {
    for (int i = 0; i < 1000; ++i) {
      if (files() == n) return true;
      std::this_thread::sleep_for(10ms);
    }
    return files() == n;
  }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

bool EndsWith(std::string_view text, std::string_view end) {
  return text.size() >= end.size() && text.substr(text.size() - end.size()) == end;
}

// Options that send the bodies of POST /file to files in `dir`.
ServerOptions BodiesToFiles(const std::string& dir) {
  ServerOptions o;
  o.body_to_file = [](const Request& req) { return req.path == "/file"; };
  o.body_dir = dir;
  return o;
}

// A server with a small test handler, on its own thread:
//   GET /echo?x=…  → x;   POST /echo → the body;   /throw → throws;
//   /stable → one shared 20 kB text body;   POST /slow → waits for Release();
//   /peer → the peer's address and "tls" or "plain";   /not-modified → a 304;
//   POST /file → what the handler sees of a body in a file (see FileAnswer); with
//   worker=1 on a worker, with refuse=1 a 400.
class TestServer {
 public:
  explicit TestServer(ServerOptions options = {}) {
    server_ = std::make_unique<Server>(
        options, [this](const Request& req, Response& res) { Handle(req, res); },
        [](const Request& req) { return req.path == "/slow" || req.Param("worker") == "1"; },
        [](int status, const std::string& message, Response& res) {
          res.status = status;
          res.SetBody("error " + std::to_string(status) + ": " + message, "text/plain");
        });
    auto port = server_->Bind("127.0.0.1", 0);
    EXPECT_TRUE(port.ok()) << port.status().message();
    port_ = port.ok() ? *port : 0;
    thread_ = std::thread([this] { server_->Run(); });
    std::string text;
    for (int i = 0; i < 1000; ++i) text += "rad " + std::to_string(i) + " i en stabil text\n";
    stable_ = std::make_shared<const std::string>(text);
  }
  ~TestServer() {
    Release();
    server_->Stop();
    thread_.join();
  }
  int port() const { return port_; }
  const std::string& stable() const { return *stable_; }
  Server& server() { return *server_; }
  void Release() {
    std::lock_guard<std::mutex> lock(mutex_);
    released_ = true;
    cv_.notify_all();
  }
  bool slow_started() {
    std::lock_guard<std::mutex> lock(mutex_);
    return slow_started_;
  }

 private:
  void Handle(const Request& req, Response& res) {
    if (req.path == "/echo") {
      res.SetBody(req.method == "POST" ? req.body : req.Param("x"), "text/plain");
    } else if (req.path == "/file") {
      res.status = req.Param("refuse") == "1" ? 400 : 200;
      res.SetBody(FileAnswer(req), "application/octet-stream");
    } else if (req.path == "/peer") {
      res.SetBody(req.remote_address + (req.tls ? " tls" : " plain"), "text/plain");
    } else if (req.path == "/not-modified") {
      res.status = 304;
      res.SetHeader("ETag", "W/\"1\"");
    } else if (req.path == "/throw") {
      throw std::runtime_error("handler fault");
    } else if (req.path == "/stable") {
      res.SetStableBody(stable_, "text/plain; charset=utf-8");
    } else if (req.path == "/slow") {
      std::unique_lock<std::mutex> lock(mutex_);
      slow_started_ = true;
      cv_.wait_for(lock, 10s, [&] { return released_; });
      res.SetBody("slow done", "text/plain");
    } else {
      res.status = 404;
      res.SetBody("none", "text/plain");
    }
  }

  // "<path>|<mode>|<content>" of the body's file ("0600" when only its owner may read
  // and write it), or "in memory|<body>".
  static std::string FileAnswer(const Request& req) {
    if (!req.body_file) return "in memory|" + req.body;
    namespace fs = std::filesystem;
    const std::string& path = req.body_file->path();
    std::string mode =
        fs::status(path).permissions() == (fs::perms::owner_read | fs::perms::owner_write) ? "0600" : "other";
    std::string content(req.body_file->size(), '\0');
    auto n = req.body_file->ReadAt(0, content.data(), content.size());
    if (!n.ok() || *n != content.size() || !req.body.empty()) return "unreadable";
    return path + "|" + mode + "|" + content;
  }

  std::unique_ptr<Server> server_;
  int port_ = 0;
  std::thread thread_;
  std::shared_ptr<const std::string> stable_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool released_ = false;
  bool slow_started_ = false;
};

using testing::Gunzip;

TEST(HttpServerTest, PipelinedRequestsAreAnsweredInOrderOnOneConnection) {
  TestServer s;
  RawClient c(s.port());
  ASSERT_TRUE(c.connected());
  c.Send(
      "GET /echo?x=ett HTTP/1.1\r\nHost: a\r\n\r\n"
      "POST /echo HTTP/1.1\r\nContent-Length: 3\r\n\r\ntv\xC3"
      "GET /echo?x=tre HTTP/1.1\r\n\r\n");
  RawClient::Answer a = c.Read(), b = c.Read(), d = c.Read();
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, "ett");
  EXPECT_EQ(b.body, "tv\xC3");
  EXPECT_EQ(d.body, "tre");
  EXPECT_EQ(a.Header("Connection"), "");  // kept open
  const std::string date = a.Header("Date");
  EXPECT_EQ(date.size(), 29u) << date;  // "Sun, 06 Nov 1994 08:49:37 GMT"
  EXPECT_EQ(date.substr(date.size() - 4), " GMT") << date;
  c.Send("GET /echo?x=fyra HTTP/1.1\r\n\r\n");
  EXPECT_EQ(c.Read().body, "fyra");
}

// RFC 9110 §8.6: no Content-Length on a 304; the answer behind it is read as its own.
TEST(HttpServerTest, A304HasNoContentLengthAndNoBody) {
  TestServer s;
  RawClient c(s.port());
  c.Send("GET /not-modified HTTP/1.1\r\n\r\nGET /echo?x=after HTTP/1.1\r\n\r\n");
  RawClient::Answer a = c.Read();
  EXPECT_EQ(a.status, 304);
  EXPECT_EQ(a.head.find("Content-Length"), std::string::npos) << a.head;
  EXPECT_EQ(a.Header("ETag"), "W/\"1\"");
  EXPECT_EQ(c.Read().body, "after");
}

TEST(HttpServerTest, TheRequestCarriesThePeersAddress) {
  TestServer s;
  RawClient c(s.port());
  c.Send("GET /peer HTTP/1.1\r\n\r\n");
  EXPECT_EQ(c.Read().body, "127.0.0.1 plain");
}

TEST(HttpServerTest, ARequestArrivingByteByByteIsAnswered) {
  TestServer s;
  RawClient c(s.port());
  const std::string request = "POST /echo?x=1 HTTP/1.1\r\nContent-Length: 11\r\n\r\nhej hallå!";
  ASSERT_EQ(request.size() - request.find("\r\n\r\n") - 4, 11u);
  for (char ch : request) {
    c.Send(std::string(1, ch));
    std::this_thread::sleep_for(200us);
  }
  RawClient::Answer a = c.Read();
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, "hej hallå!");
}

TEST(HttpServerTest, ExpectContinueGetsA100BeforeTheBody) {
  TestServer s;
  RawClient c(s.port());
  c.Send("POST /echo HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  RawClient::Answer cont = c.Read();
  EXPECT_EQ(cont.status, 100);
  c.Send("abcde");
  RawClient::Answer a = c.Read();
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, "abcde");
}

TEST(HttpServerTest, HeadIsAnsweredWithTheLengthButNoBody) {
  TestServer s;
  RawClient c(s.port());
  c.Send("HEAD /echo?x=hello HTTP/1.1\r\n\r\nGET /echo?x=next HTTP/1.1\r\n\r\n");
  RawClient::Answer head = c.Read(/*head_only=*/true);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("Content-Length"), "5");
  EXPECT_EQ(c.Read().body, "next");  // so no body bytes came between the two
}

TEST(HttpServerTest, ConnectionCloseAndHttp10AreClosedAfterTheAnswer) {
  TestServer s;
  {
    RawClient c(s.port());
    c.Send("GET /echo?x=a HTTP/1.1\r\nConnection: close\r\n\r\n");
    RawClient::Answer a = c.Read();
    EXPECT_EQ(a.body, "a");
    EXPECT_EQ(a.Header("Connection"), "close");
    EXPECT_TRUE(c.ClosedWithin(2000ms));
  }
  {
    RawClient c(s.port());
    c.Send("GET /echo?x=b HTTP/1.0\r\n\r\n");
    EXPECT_EQ(c.Read().body, "b");
    EXPECT_TRUE(c.ClosedWithin(2000ms));
  }
  {
    RawClient c(s.port());
    c.Send("GET /echo?x=c HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    RawClient::Answer a = c.Read();
    EXPECT_EQ(a.body, "c");
    EXPECT_EQ(a.Header("Connection"), "keep-alive");  // an HTTP/1.0 client waits for the close otherwise
    EXPECT_FALSE(c.ClosedWithin(300ms));
  }
}

TEST(HttpServerTest, AClientThatSendsAndShutsDownStillGetsItsAnswer) {
  TestServer s;
  RawClient c(s.port());
  c.Send("GET /echo?x=bye HTTP/1.1\r\n\r\nGET /echo?x=and-this HTTP/1.1\r\n\r\n");
  c.ShutdownSending();  // the server reads both requests and the end together
  EXPECT_EQ(c.Read().body, "bye");
  EXPECT_EQ(c.Read().body, "and-this");
  EXPECT_TRUE(c.ClosedWithin(2000ms));
}

TEST(HttpServerTest, BadRequestsAreAnsweredThroughTheErrorAnswerAndClosed) {
  TestServer s;
  struct Case {
    std::string bytes;
    int status;
  };
  for (const Case& k : {Case{"BROKEN\r\n\r\n", 400}, Case{"GET / HTTP/3.0\r\n\r\n", 505},
                        Case{"POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411},
                        Case{"GET /" + std::string(70000, 'a'), 431}}) {
    RawClient c(s.port());
    c.Send(k.bytes);
    RawClient::Answer a = c.Read();
    EXPECT_EQ(a.status, k.status) << k.bytes.substr(0, 40);
    EXPECT_EQ(a.body.rfind("error " + std::to_string(k.status) + ": ", 0), 0u) << a.body;
    EXPECT_EQ(a.Header("Connection"), "close");
    EXPECT_TRUE(c.ClosedWithin(2000ms));
  }
}

// Large bodies, alone (moved out of the input) and with a request pipelined behind
// (copied), whose answer is larger than the output the server queues before sending.
TEST(HttpServerTest, LargeBodiesArriveWholeAndWhatFollowsIsAnswered) {
  TestServer s;
  std::string big(5 << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + (i * 7919) % 26);
  for (bool pipelined : {false, true}) {
    RawClient c(s.port());
    std::string request =
        "POST /echo HTTP/1.1\r\nContent-Length: " + std::to_string(big.size()) + "\r\n\r\n" + big;
    if (pipelined) request += "GET /echo?x=next HTTP/1.1\r\n\r\n";
    std::thread sender([&] { c.Send(request); });
    RawClient::Answer a = c.Read();
    sender.join();
    EXPECT_EQ(a.status, 200);
    EXPECT_TRUE(a.body == big) << "pipelined " << pipelined << ": " << a.body.size() << " bytes back";
    if (pipelined) {
      EXPECT_EQ(c.Read().body, "next");
    }
  }
}

TEST(HttpServerTest, ABodyOverTheLimitIs413WithoutReadingIt) {
  ServerOptions o;
  o.max_body = 100;
  TestServer s(o);
  RawClient c(s.port());
  c.Send("POST /echo HTTP/1.1\r\nContent-Length: 101\r\nExpect: 100-continue\r\n\r\n");
  RawClient::Answer a = c.Read();
  EXPECT_EQ(a.status, 413);  // not 100 Continue
  EXPECT_TRUE(c.ClosedWithin(2000ms));
  RawClient ok(s.port());
  ok.Send("POST /echo HTTP/1.1\r\nContent-Length: 100\r\n\r\n" + std::string(100, 'x'));
  EXPECT_EQ(ok.Read().body.size(), 100u);
}

// A route's own limit (a comment, not an upload) is checked on the head, before the
// body is read; max_body stays the ceiling over every route's limit.
TEST(HttpServerTest, APerRouteBodyLimitIs413BeforeTheBody) {
  ServerOptions o;
  o.max_body = 100;
  o.body_limit = [](const Request& req) { return req.Param("small") == "1" ? size_t{10} : SIZE_MAX; };
  TestServer s(o);
  {
    RawClient c(s.port());
    c.Send("POST /echo?small=1 HTTP/1.1\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n");
    RawClient::Answer a = c.Read();
    EXPECT_EQ(a.status, 413);
    EXPECT_NE(a.body.find("limit of 10"), std::string::npos) << a.body;
    EXPECT_TRUE(c.ClosedWithin(2000ms));
  }
  {
    RawClient c(s.port());
    c.Send("POST /echo?small=1 HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789");
    EXPECT_EQ(c.Read().body, "0123456789");
  }
  {
    RawClient c(s.port());
    c.Send("POST /echo HTTP/1.1\r\nContent-Length: 101\r\n\r\n");
    RawClient::Answer a = c.Read();
    EXPECT_EQ(a.status, 413);
    EXPECT_NE(a.body.find("limit of 100"), std::string::npos) << a.body;
  }
}

// Two slow senders announcing large bodies must not hold the budget of every upload:
// a body that does not come in time is answered 408, its connection closed and its
// share of the budget given back.
TEST(HttpServerTest, ABodyThatTricklesIsAnswered408AndItsBudgetGivenBack) {
  ServerOptions o;
  o.body_timeout_seconds = 1;
  o.max_bodies_in_flight = 1000;
  TestServer s(o);
  RawClient slow(s.port());
  slow.Send("POST /echo HTTP/1.1\r\nContent-Length: 1000\r\n\r\nx");
  // A byte now and then, far under body_min_bytes_per_second: it earns no more time,
  // so only the body's deadline can end this (the bound guards against a hang).
  bool answered = false;
  for (int i = 0; i < 300 && !answered; ++i) {
    slow.Send("x");
    answered = slow.Fill(1, 100ms);
  }
  ASSERT_TRUE(answered);
  RawClient::Answer a = slow.Read();
  EXPECT_EQ(a.status, 408);
  EXPECT_EQ(a.body.rfind("error 408: ", 0), 0u) << a.body;
  EXPECT_EQ(a.Header("Connection"), "close");
  EXPECT_TRUE(slow.ClosedWithin(5000ms));
  RawClient next(s.port());
  next.Send("POST /echo HTTP/1.1\r\nContent-Length: 1000\r\n\r\n" + std::string(1000, 'y'));
  EXPECT_EQ(next.Read().body, std::string(1000, 'y'));  // the whole budget is free again
}

// A body that keeps coming at the minimum rate earns time: it may take longer than
// body_timeout_seconds. (The sender sends 100 bytes every 100 ms, each 100 bytes
// earning a second, for 4 s against a 2 s timeout.)
TEST(HttpServerTest, ABodyComingAtTheMinimumRateMayTakeLongerThanTheTimeout) {
  ServerOptions o;
  o.body_timeout_seconds = 2;
  o.body_min_bytes_per_second = 100;
  TestServer s(o);
  RawClient c(s.port());
  const std::string body(4000, 'z');
  c.Send("POST /echo HTTP/1.1\r\nContent-Length: 4000\r\n\r\n");
  for (size_t at = 0; at < body.size(); at += 100) {
    c.Send(body.substr(at, 100));
    std::this_thread::sleep_for(100ms);
  }
  RawClient::Answer a = c.Read();
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, body);
}

// Bodies being received count against one budget: over it, a request is told to come
// back (503) before its body is read; once the others are done, it fits again.
TEST(HttpServerTest, TooManyBodiesAtOnceAre503) {
  ServerOptions o;
  o.max_bodies_in_flight = 1000;
  TestServer s(o);
  RawClient first(s.port()), second(s.port());
  first.Send("POST /echo HTTP/1.1\r\nContent-Length: 800\r\n\r\n" + std::string(100, 'x'));  // still coming
  std::this_thread::sleep_for(100ms);
  second.Send("POST /echo HTTP/1.1\r\nContent-Length: 300\r\n\r\n");
  RawClient::Answer busy = second.Read();
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(busy.Header("Retry-After"), "5");
  first.Send(std::string(700, 'x'));
  EXPECT_EQ(first.Read().body.size(), 800u);
  RawClient third(s.port());
  third.Send("POST /echo HTTP/1.1\r\nContent-Length: 300\r\n\r\n" + std::string(300, 'y'));
  EXPECT_EQ(third.Read().body, std::string(300, 'y'));
}

// A browser sends the body right behind the head, without waiting: the server answers
// 413 and reads what still comes, so that the client's sending ends normally and the
// answer is not lost to a reset.
TEST(HttpServerTest, ARefusedUploadIsDrainedNotReset) {
  ServerOptions o;
  o.max_body = 100;
  TestServer s(o);
  RawClient c(s.port());
  const std::string body(8 << 20, 'x');
  const std::string request =
      "POST /echo HTTP/1.1\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  size_t sent = 0;
  std::thread sender([&] { sent = c.Send(request); });
  RawClient::Answer a = c.Read();
  sender.join();
  EXPECT_EQ(a.status, 413);
  EXPECT_EQ(sent, request.size());
  EXPECT_TRUE(c.ClosedWithin(3000ms));
}

TEST(HttpServerTest, AThrowingHandlerIsA500AndTheConnectionGoesOn) {
  TestServer s;
  RawClient c(s.port());
  c.Send("GET /throw HTTP/1.1\r\n\r\nGET /echo?x=after HTTP/1.1\r\n\r\n");
  RawClient::Answer a = c.Read();
  EXPECT_EQ(a.status, 500);
  EXPECT_NE(a.body.find("handler fault"), std::string::npos) << a.body;
  EXPECT_EQ(c.Read().body, "after");
}

// A slow request runs on a worker: the I/O threads answer other connections, and the
// slow one's own pipelined requests wait their turn.
TEST(HttpServerTest, SlowRequestsDoNotHoldUpOtherConnections) {
  ServerOptions o;
  o.io_threads = 1;  // one loop: were the slow request on it, nothing else would move
  TestServer s(o);
  RawClient slow(s.port());
  slow.Send("POST /slow HTTP/1.1\r\nContent-Length: 0\r\n\r\nGET /echo?x=behind HTTP/1.1\r\n\r\n");
  for (int i = 0; i < 500 && !s.slow_started(); ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(s.slow_started());
  for (int i = 0; i < 5; ++i) {
    RawClient other(s.port());
    other.Send("GET /echo?x=quick HTTP/1.1\r\n\r\n");
    EXPECT_EQ(other.Read().body, "quick");
  }
  EXPECT_FALSE(slow.Fill(1, 100ms));  // nothing yet for the slow connection
  s.Release();
  RawClient::Answer a = slow.Read();
  EXPECT_EQ(a.body, "slow done");
  EXPECT_EQ(slow.Read().body, "behind");
}

TEST(HttpServerTest, GzipWhenAcceptedAndTheSameBytesForAStableBody) {
  TestServer s;
  RawClient c(s.port());
  c.Send(
      "GET /stable HTTP/1.1\r\nAccept-Encoding: gzip, br\r\n\r\n"
      "GET /stable HTTP/1.1\r\nAccept-Encoding: gzip\r\n\r\n"
      "GET /stable HTTP/1.1\r\n\r\n"
      "GET /echo?x=short HTTP/1.1\r\nAccept-Encoding: gzip\r\n\r\n");
  RawClient::Answer a = c.Read(), b = c.Read(), plain = c.Read(), small = c.Read();
  EXPECT_EQ(a.Header("Content-Encoding"), "gzip");
  EXPECT_EQ(a.Header("Vary"), "Accept-Encoding");
  EXPECT_LT(a.body.size(), s.stable().size() / 3);
  EXPECT_EQ(Gunzip(a.body), s.stable());
  EXPECT_EQ(a.body, b.body);
  EXPECT_EQ(plain.Header("Content-Encoding"), "");
  EXPECT_EQ(plain.body, s.stable());
  EXPECT_EQ(small.Header("Content-Encoding"), "");  // under gzip_min_bytes
  EXPECT_EQ(small.body, "short");
}

TEST(HttpServerTest, IdleConnectionsAreClosedAfterTheTimeout) {
  ServerOptions o;
  o.idle_timeout_seconds = 1;
  TestServer s(o);
  RawClient idle(s.port());
  RawClient stalled(s.port());
  stalled.Send("GET /echo?x=1 HTTP/1.1\r\nHost:");  // never finished
  // Closed at all: nothing else would close them. The wait guards against a hang only
  // (how soon after the second is not measured here; a loaded machine is slow).
  EXPECT_TRUE(idle.ClosedWithin(30000ms));
  EXPECT_TRUE(stalled.ClosedWithin(30000ms));
  // A head that keeps trickling in, a byte at most every 200 ms, is closed too: the
  // connection is never idle, so only the head's own timeout can close it.
  RawClient trickle(s.port());
  const std::string head = "GET /echo?x=" + std::string(200, 'a') + " HTTP/1.1\r\n";
  bool closed = false;
  for (size_t i = 0; i < head.size() && !closed; ++i) {
    trickle.Send(head.substr(i, 1));
    closed = trickle.ClosedWithin(200ms);
  }
  EXPECT_TRUE(closed);
}

TEST(HttpServerTest, ManyConnectionsAtOnceAreAllAnswered) {
  ServerOptions o;
  o.io_threads = 3;  // connections handed from the accepting loop to the others, whatever the machine
  TestServer s(o);
  constexpr int kThreads = 4, kConnections = 60, kRequests = 20;
  std::atomic<int> answered{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<std::unique_ptr<RawClient>> clients;
      for (int i = 0; i < kConnections; ++i) clients.push_back(std::make_unique<RawClient>(s.port()));
      for (int r = 0; r < kRequests; ++r) {
        for (int i = 0; i < kConnections; ++i) {
          clients[static_cast<size_t>(i)]->Send("GET /echo?x=" + std::to_string(t * 100000 + i * 100 + r) +
                                                " HTTP/1.1\r\n\r\n");
        }
        for (int i = 0; i < kConnections; ++i) {
          if (clients[static_cast<size_t>(i)]->Read().body == std::to_string(t * 100000 + i * 100 + r))
            ++answered;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(answered.load(), kThreads * kConnections * kRequests);
}

TEST(HttpServerTest, AClientThatHalfClosesDuringASlowRequestGetsItsAnswer) {
  TestServer s;
  RawClient c(s.port());
  c.Send("POST /slow HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
  for (int i = 0; i < 500 && !s.slow_started(); ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(s.slow_started());
  c.ShutdownSending();
  std::this_thread::sleep_for(50ms);
  s.Release();
  EXPECT_EQ(c.Read().body, "slow done");
  EXPECT_TRUE(c.ClosedWithin(2000ms));
}

TEST(HttpServerTest, StopWhileASlowRequestRunsWaitsForIt) {
  TestServer s;
  RawClient c(s.port());
  c.Send("POST /slow HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
  for (int i = 0; i < 500 && !s.slow_started(); ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(s.slow_started());
  std::thread releaser([&] {
    std::this_thread::sleep_for(200ms);
    s.Release();
  });
  s.server().Stop();  // the destructor then joins Run, which waits for the worker
  releaser.join();
}

TEST(HttpServerTest, StopEndsRunWhileConnectionsAreOpen) {
  auto s = std::make_unique<TestServer>();
  RawClient a(s->port()), b(s->port());
  a.Send("GET /echo?x=1 HTTP/1.1\r\n\r\n");
  EXPECT_EQ(a.Read().body, "1");
  s.reset();  // Stop() and join: must not hang on the open connections
  EXPECT_TRUE(a.ClosedWithin(1000ms));
}

TEST(HttpServerTest, BindReportsAPortInUse) {
  TestServer s;
  Server other(
      {}, [](const Request&, Response&) {}, [](const Request&) { return false; },
      [](int, const std::string&, Response&) {});
  auto port = other.Bind("127.0.0.1", s.port());
  EXPECT_FALSE(port.ok());
  auto bad = other.Bind("not an address", 0);
  EXPECT_FALSE(bad.ok());
}

// --- bodies kept in files ------------------------------------------------------------------

// A route's body goes to a private file in the folder given, as it arrives; the handler
// gets the file and an empty body; the file is gone by the time the answer comes, on
// the I/O thread and on a worker alike, with Expect: 100-continue and without, and the
// connection goes on. Other routes' bodies stay in memory.
TEST(HttpServerTest, ABodyToFileIsInAPrivateFileGoneAfterTheRequest) {
  TempFolder folder;
  TestServer s(BodiesToFiles(folder.path()));
  std::string body(300 << 10, '\0');
  for (size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>((i * 7919) % 251);
  RawClient c(s.port());
  for (bool worker : {false, true}) {
    for (bool expect : {false, true}) {
      std::string head = std::string("POST /file?worker=") + (worker ? "1" : "0") +
                         " HTTP/1.1\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
                         (expect ? "Expect: 100-continue\r\n" : "") + "\r\n";
      c.Send(head);
      if (expect) {
        EXPECT_EQ(c.Read().status, 100);
      }
      std::thread sender([&] { c.Send(body); });
      RawClient::Answer a = c.Read();
      sender.join();
      ASSERT_EQ(a.status, 200) << a.body.substr(0, 200);
      size_t bar = a.body.find('|');
      ASSERT_NE(bar, std::string::npos) << a.body.substr(0, 200);
      const std::string path = a.body.substr(0, bar);
      EXPECT_EQ(std::filesystem::path(path).parent_path(), std::filesystem::path(folder.path())) << path;
      EXPECT_EQ(a.body.substr(bar + 1, 5), "0600|");
      EXPECT_TRUE(a.body.substr(bar + 6) == body) << "worker " << worker << ", expect " << expect;
      EXPECT_FALSE(std::filesystem::exists(path)) << path;
      EXPECT_EQ(folder.files(), 0u);
    }
  }
  c.Send("POST /echo HTTP/1.1\r\nContent-Length: 5\r\n\r\nhallo");
  EXPECT_EQ(c.Read().body, "hallo");
  // A body that came with its head, and one pipelined behind another.
  c.Send(
      "POST /file HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
      "POST /file HTTP/1.1\r\nContent-Length: 2\r\n\r\nde");
  RawClient::Answer first = c.Read(), second = c.Read();
  EXPECT_TRUE(EndsWith(first.body, "|0600|abc")) << first.body;
  EXPECT_TRUE(EndsWith(second.body, "|0600|de")) << second.body;
  EXPECT_EQ(folder.files(), 0u);
}

// A client that goes in the middle of a body leaves no file behind.
TEST(HttpServerTest, ABodyFileIsRemovedWhenTheClientGoesMidway) {
  TempFolder folder;
  TestServer s(BodiesToFiles(folder.path()));
  {
    RawClient c(s.port());
    c.Send("POST /file HTTP/1.1\r\nContent-Length: 1000000\r\n\r\n" + std::string(100000, 'x'));
    ASSERT_TRUE(folder.ComesToHold(1));
  }
  EXPECT_TRUE(folder.ComesToHold(0));
  RawClient next(s.port());  // and the server goes on
  next.Send("POST /file HTTP/1.1\r\nContent-Length: 2\r\n\r\nok");
  EXPECT_EQ(next.Read().status, 200);
  EXPECT_EQ(folder.files(), 0u);
}

// Refused requests leave no file: over the limit (413, before any file is made), too
// slow (408), or refused by the handler (400); the server stops with a request queued.
TEST(HttpServerTest, ARefusedBodyLeavesNoFile) {
  TempFolder folder;
  ServerOptions o = BodiesToFiles(folder.path());
  o.max_body = 1000;
  o.body_timeout_seconds = 1;
  TestServer s(o);
  {
    RawClient c(s.port());
    c.Send("POST /file HTTP/1.1\r\nContent-Length: 1001\r\n\r\n" + std::string(1001, 'x'));
    EXPECT_EQ(c.Read().status, 413);
    EXPECT_EQ(folder.files(), 0u);
  }
  {
    RawClient c(s.port());
    c.Send("POST /file HTTP/1.1\r\nContent-Length: 1000\r\n\r\nx");
    ASSERT_TRUE(folder.ComesToHold(1));
    bool answered = false;
    for (int i = 0; i < 300 && !answered; ++i) {
      c.Send("x");
      answered = c.Fill(1, 100ms);
    }
    ASSERT_TRUE(answered);
    EXPECT_EQ(c.Read().status, 408);
    EXPECT_EQ(folder.files(), 0u);
  }
  {
    RawClient c(s.port());
    c.Send("POST /file?refuse=1&worker=1 HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789");
    RawClient::Answer a = c.Read();
    EXPECT_EQ(a.status, 400);
    EXPECT_TRUE(EndsWith(a.body, "|0600|0123456789")) << a.body;
    EXPECT_EQ(folder.files(), 0u);
  }
}

// Queued behind a slow request when the server stops: the body's file goes with it.
TEST(HttpServerTest, ABodyFileIsRemovedWhenTheServerStops) {
  TempFolder folder;
  ServerOptions o = BodiesToFiles(folder.path());
  o.workers = 1;
  auto s = std::make_unique<TestServer>(o);
  RawClient slow(s->port()), queued(s->port());
  slow.Send("POST /slow HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
  for (int i = 0; i < 500 && !s->slow_started(); ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(s->slow_started());
  queued.Send("POST /file?worker=1 HTTP/1.1\r\nContent-Length: 4\r\n\r\nwait");
  ASSERT_TRUE(folder.ComesToHold(1));
  s.reset();  // releases the slow request, stops, and joins
  EXPECT_EQ(folder.files(), 0u);
}

TEST(HttpServerTest, ABodyFileThatCannotBeMadeIs500) {
  TempFolder folder;
  TestServer s(BodiesToFiles(folder.path() + "/missing"));
  RawClient c(s.port());
  c.Send("POST /file HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
  RawClient::Answer a = c.Read();
  EXPECT_EQ(a.status, 500);
  EXPECT_NE(a.body.find("could not be kept"), std::string::npos) << a.body;
  EXPECT_EQ(a.Header("Connection"), "close");
  EXPECT_TRUE(c.ClosedWithin(3000ms));
}

// --- TLS ---------------------------------------------------------------------------------

// A self-signed certificate for localhost and its key (EC P-256), as PEM files in a
// folder of the test's own, made with OpenSSL here so that the test never depends on
// an openssl program.
class TlsFiles {
 public:
  TlsFiles() {
    dir_ = std::filesystem::temp_directory_path() /
           ("nara-tls-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
    cert_ = (dir_ / "cert.pem").string();
    key_ = (dir_ / "key.pem").string();
    other_key_ = (dir_ / "other-key.pem").string();
    EVP_PKEY* key = EVP_EC_gen("P-256");
    EVP_PKEY* other = EVP_EC_gen("P-256");
    X509* x = X509_new();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x), 24 * 3600);
    X509_set_pubkey(x, key);
    X509_NAME* name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"),
                               -1, -1, 0);
    X509_set_issuer_name(x, name);
    ok_ = key != nullptr && other != nullptr && X509_sign(x, key, EVP_sha256()) > 0;
    ok_ = ok_ && WritePem(cert_, [&](FILE* f) { return PEM_write_X509(f, x); }) &&
          WritePem(
              key_,
              [&](FILE* f) { return PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr); }) &&
          WritePem(other_key_, [&](FILE* f) {
            return PEM_write_PrivateKey(f, other, nullptr, nullptr, 0, nullptr, nullptr);
          });
    X509_free(x);
    EVP_PKEY_free(key);
    EVP_PKEY_free(other);
  }
  ~TlsFiles() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  bool ok() const { return ok_; }
  const std::string& cert() const { return cert_; }
  const std::string& key() const { return key_; }
  const std::string& other_key() const { return other_key_; }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

 private:
  template <typename F>
  static bool WritePem(const std::string& path, F write) {
    FILE* f = std::fopen(path.c_str(), "w");
    if (f == nullptr) return false;
    bool ok = write(f) == 1;
    return std::fclose(f) == 0 && ok;
  }

  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::string cert_, key_, other_key_;
  bool ok_ = false;
};

// A TLS client trusting `ca_file`, with a deadline on every exchange so that a server
// fault fails the test instead of hanging it. `max_version` 0: the library's choice.
class TlsClient {
 public:
  TlsClient(int port, const std::string& ca_file, int max_version = 0) : context_(ssl::context::tls_client) {
    context_.set_verify_mode(ssl::verify_peer);
    boost::system::error_code ec;
    context_.load_verify_file(ca_file, ec);
    if (max_version != 0) {
      // Old versions offered for real: the refusal must be the server's.
      SSL_CTX_set_security_level(context_.native_handle(), 0);
      SSL_CTX_set_min_proto_version(context_.native_handle(), TLS1_VERSION);
      SSL_CTX_set_max_proto_version(context_.native_handle(), max_version);
    }
    stream_ = std::make_unique<ssl::stream<tcp::socket>>(io_, context_);
    stream_->next_layer().connect(
        tcp::endpoint(asio::ip::address_v4::loopback(), static_cast<uint16_t>(port)), ec);
    if (ec) return;
    bool done = false;
    stream_->async_handshake(ssl::stream_base::client, [&](const boost::system::error_code& e) {
      handshake_ok_ = !e;
      done = true;
    });
    io_.run_for(5s);
    io_.restart();
    handshake_ok_ = handshake_ok_ && done;
  }
  bool handshake_ok() const { return handshake_ok_; }

  // Sends `bytes` and reads until the server closes (the last request says
  // Connection: close); empty on a timeout.
  std::string Exchange(const std::string& bytes) {
    std::string answer;
    bool done = false;
    asio::async_write(*stream_, asio::buffer(bytes), [&](const boost::system::error_code& ec, size_t) {
      if (ec) {
        done = true;
        return;
      }
      asio::async_read(*stream_, asio::dynamic_buffer(answer),
                       [&](const boost::system::error_code&, size_t) { done = true; });
    });
    io_.run_for(10s);
    io_.restart();
    return done ? answer : std::string();
  }

 private:
  asio::io_context io_;
  ssl::context context_;
  std::unique_ptr<ssl::stream<tcp::socket>> stream_;
  bool handshake_ok_ = false;
};

TEST(HttpServerTlsTest, ServesOnlyTlsWithTheRequestMarkedAsSuch) {
  TlsFiles files;
  ASSERT_TRUE(files.ok());
  ServerOptions o;
  o.tls_cert_file = files.cert();
  o.tls_key_file = files.key();
  TestServer s(o);
  TlsClient client(s.port(), files.cert());
  ASSERT_TRUE(client.handshake_ok());
  // Pipelined, kept alive, then closed by the client's last request.
  std::string answer = client.Exchange(
      "GET /peer HTTP/1.1\r\nHost: localhost\r\n\r\n"
      "POST /echo HTTP/1.1\r\nContent-Length: 6\r\nConnection: close\r\n\r\nhallå");
  EXPECT_EQ(answer.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << answer;
  EXPECT_NE(answer.find("\r\n\r\n127.0.0.1 tlsHTTP/1.1 200 OK\r\n"), std::string::npos) << answer;
  EXPECT_EQ(answer.substr(answer.size() - 6), "hallå") << answer;
  // Plain HTTP gets no answer, only the end of the connection.
  RawClient plain(s.port());
  plain.Send("GET /echo?x=1 HTTP/1.1\r\n\r\n");
  EXPECT_EQ(plain.Read().status, 0);
  EXPECT_TRUE(plain.ClosedWithin(5000ms));
  // TLS before 1.2 is refused.
  TlsClient old(s.port(), files.cert(), TLS1_1_VERSION);
  EXPECT_FALSE(old.handshake_ok());
  TlsClient again(s.port(), files.cert());
  EXPECT_TRUE(again.handshake_ok());
}

TEST(HttpServerTlsTest, ABodyToFileArrivesOverTls) {
  TlsFiles files;
  ASSERT_TRUE(files.ok());
  TempFolder folder;
  ServerOptions o = BodiesToFiles(folder.path());
  o.tls_cert_file = files.cert();
  o.tls_key_file = files.key();
  TestServer s(o);
  TlsClient client(s.port(), files.cert());
  ASSERT_TRUE(client.handshake_ok());
  const std::string body(200000, 'k');
  const std::string head = "POST /file HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: ";
  std::string answer = client.Exchange(head + std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_EQ(answer.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << answer.substr(0, 200);
  EXPECT_TRUE(EndsWith(answer, "|0600|" + body)) << answer.substr(0, 200);
  EXPECT_EQ(folder.files(), 0u);
}

TEST(HttpServerTlsTest, BindSaysWhatIsWrongWithTheCertificateOrKey) {
  TlsFiles files;
  ASSERT_TRUE(files.ok());
  { std::ofstream(files.Path("garbage.pem")) << "not a certificate\n"; }
  struct Case {
    std::string cert, key, says;
  };
  for (const Case& k : {Case{files.Path("missing.pem"), files.key(), "does not exist"},
                        Case{files.cert(), files.Path("missing.pem"), "does not exist"},
                        Case{files.Path("garbage.pem"), files.key(), "no PEM certificate"},
                        Case{files.cert(), files.Path("garbage.pem"), "no unencrypted PEM private key"},
                        Case{files.key(), files.key(), "no PEM certificate"},
                        Case{files.cert(), files.other_key(), "is not the key of the certificate"},
                        Case{files.cert(), "", "both a certificate"}}) {
    Status checked = CheckTlsFiles(k.cert, k.key);
    EXPECT_FALSE(checked.ok()) << k.cert << " " << k.key;
    EXPECT_NE(checked.message().find(k.says), std::string::npos) << checked.message();
    ServerOptions o;
    o.tls_cert_file = k.cert;
    o.tls_key_file = k.key;
    Server server(
        o, [](const Request&, Response&) {}, [](const Request&) { return false; },
        [](int, const std::string&, Response&) {});
    auto port = server.Bind("127.0.0.1", 0);
    ASSERT_FALSE(port.ok());
    EXPECT_EQ(port.status().message(), checked.message());
  }
  EXPECT_TRUE(CheckTlsFiles(files.cert(), files.key()).ok());
}

}  // namespace
}  // namespace nara::serve::http
