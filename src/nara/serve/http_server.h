// nara's HTTP/1.1 server, on Boost.Asio (sockets, timers, TLS through OpenSSL) and
// Boost.Beast (the request parser, see http_message.h), in front of the API's handlers.
//
// Why not a thread per connection: a browser, or wrk at 200 connections, keeps its
// connections open between requests. Holding a thread for each (as cpp-httplib does)
// puts hundreds of threads in the run queue of a 2-core machine, and the kernel's
// switching between them, not the handlers, sets the latency. Here each I/O thread (one
// per core) runs an io_context of its own, and a connection lives on one of them, whose
// executor is the connection's strand (one thread runs it: Asio's implicit strand): its
// requests are read, answered by the handler when they are quick
// (every GET: answers come from the snapshot in memory) and written without a thread
// switch. Requests the handler may spend long on (uploads, writes to the database) are
// handed to a small pool of worker threads; the answer is written back on the
// connection's strand; the connection waits, the others go on.
//
// Connections: keep-alive (HTTP/1.1 by default, HTTP/1.0 on request, and then
// announced), pipelined requests answered in order, Expect: 100-continue, HEAD answered
// as GET without the body. Every answer has a Date. Answers are gzip-compressed when the
// client accepts it and the type is text; a stable body (Response::stable) is
// compressed once and the result kept while the body lives. With a certificate and key
// (ServerOptions::tls_*), the server speaks only TLS (1.2 and later).
//
// Limits: a request head over `max_head` is 431; a body over the request's limit
// (`body_limit`, at most `max_body`) is 413 before it is read; a chunked body is 411;
// bodies being received and handled share `max_bodies_in_flight`, and a request that
// would go over it is 503 with Retry-After. Time: a connection idle, or inside a request
// head, longer than `idle_timeout_seconds` is closed; a request body must arrive within
// `body_timeout_seconds`, plus a second for every `body_min_bytes_per_second` bytes that
// came, or it is answered 408 and closed (its share of the budget given back). A
// connection closed after an error answer first reads and drops what the client still
// sends, for up to 2 s, so that the answer arrives instead of a reset. Out of file
// descriptors, accepting pauses for 100 ms. A fault on one connection (out of memory
// for its body) closes that connection only.
//
// Bodies are held in memory (Request::body), but those of the requests `body_to_file`
// picks (an upload: up to a gigabyte), which are written as they arrive to a new
// private file in `body_dir` (TempFile: mode 0600, made with O_EXCL) and handed to the
// handler as Request::body_file, so that such a body is never in memory whole. The file
// is removed when the request is done: once the handler has returned (before the answer
// is sent), or when the request fails (408, a closed connection, the server stopping).
// A body file that cannot be made or written is answered 500 and the connection closed.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "nara/base/status.h"
#include "nara/serve/http_message.h"

namespace nara::serve::http {

// The largest body a request may send (its head read, its body not yet): a route
// taking uploads allows more than one taking a comment. Capped by max_body.
using BodyLimit = std::function<size_t(const Request&)>;
// Whether a request's body (its head read, its body not yet) is to be written to a
// file instead of memory.
using BodyToFile = std::function<bool(const Request&)>;

struct ServerOptions {
  int io_threads = 0;  // 0: one per core (at most 8)
  int workers = 4;     // threads for slow requests
  size_t max_head = 64 * 1024;
  size_t max_body = size_t{1} << 30;
  BodyLimit body_limit;  // empty: max_body for every request
  // The requests whose bodies go to a file in `body_dir` (a folder only this user can
  // read); either empty: every body is held in memory.
  BodyToFile body_to_file;
  std::string body_dir;
  // All request bodies being received or handled at once; a request that would go
  // over it is answered 503 (try again) before its body is read.
  size_t max_bodies_in_flight = size_t{2} << 30;
  int idle_timeout_seconds = 30;
  // A body has this long, and one second more for every `body_min_bytes_per_second`
  // bytes received (0: no more), to arrive whole.
  int body_timeout_seconds = 60;
  size_t body_min_bytes_per_second = 32 * 1024;
  size_t gzip_min_bytes = 1024;  // smaller bodies are sent as they are
  // PEM files of the certificate (chain) and its private key, unencrypted. When set,
  // the server speaks only TLS 1.2 or later; Bind fails when they cannot be used.
  std::string tls_cert_file;
  std::string tls_key_file;
};

// Whether a certificate (chain) and a private key, PEM files, make a TLS server: both
// readable, parsed, and the key the certificate's. The error says which file and why.
Status CheckTlsFiles(const std::string& cert_file, const std::string& key_file);

// Fills the response to a request. Called on an I/O thread, or on a worker when
// `IsSlow` said so; it must be safe to call from several threads at once.
using Handler = std::function<void(const Request&, Response&)>;
// Whether a request (its head read, its body not yet) is to be handled on a worker.
using IsSlow = std::function<bool(const Request&)>;
// The answer the server itself gives to a request it cannot read (400, 408, 411, 413,
// 417, 431, 501, 503, 505), or when the handler throws or a body cannot be kept in its
// file (500).
using ErrorAnswer = std::function<void(int status, const std::string& message, Response&)>;

class Server {
 public:
  Server(ServerOptions options, Handler handler, IsSlow is_slow, ErrorAnswer error_answer);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Listens on `host:port` (a numeric IPv4 or IPv6 address, or "localhost"); port 0
  // picks a free one. Returns the port. With TLS files in the options, they are loaded
  // here, and an error says what is wrong with them.
  StatusOr<int> Bind(const std::string& host, int port);
  // Serves until Stop(); returns at once when not bound. Requests handed to workers,
  // queued ones too, are finished before it returns; their answers are not sent.
  void Run();
  // From any thread, also before Run().
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nara::serve::http
