// nara's HTTP/1.1 server: event-driven connections in front of the API's handlers.
//
// Why not a thread per connection: a browser, or wrk at 200 connections, keeps its
// connections open between requests. Holding a thread for each (as cpp-httplib does)
// puts hundreds of threads in the run queue of a 2-core machine, and the kernel's
// switching between them, not the handlers, sets the latency. Here a few I/O threads
// (one per core) each watch their connections with epoll: they read requests, run the
// handler for those that are quick (every GET: answers come from the snapshot in
// memory), and write the answers, without a thread switch per request. Requests the
// handler may spend long on (uploads, writes to the database) are handed to a small
// pool of worker threads; their connection waits, the others go on.
//
// Connections: keep-alive (HTTP/1.1 by default, HTTP/1.0 on request), pipelined
// requests answered in order, Expect: 100-continue, HEAD answered as GET without the
// body. Answers are gzip-compressed when the client accepts it and the type is text;
// a stable body (Response::stable) is compressed once and the result kept while the
// body lives. Connections idle (or stalled inside a request head) longer than
// `idle_timeout_seconds` are closed. A connection closed after an error answer first
// reads and drops what the client still sends, for up to 2 s, so that the answer
// arrives instead of a reset.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "nara/base/status.h"
#include "nara/serve/http_message.h"

namespace nara::serve::http {

struct ServerOptions {
  int io_threads = 0;  // 0: one per core (at most 8)
  int workers = 4;     // threads for slow requests
  size_t max_head = 64 * 1024;
  size_t max_body = size_t{1} << 30;
  // All request bodies being received or handled at once; a request that would go
  // over it is answered 503 (try again) before its body is read.
  size_t max_bodies_in_flight = size_t{2} << 30;
  int idle_timeout_seconds = 30;
  size_t gzip_min_bytes = 1024;  // smaller bodies are sent as they are
};

// Fills the response to a request. Called on an I/O thread, or on a worker when
// `IsSlow` said so; it must be safe to call from several threads at once.
using Handler = std::function<void(const Request&, Response&)>;
// Whether a request (its head read, its body not yet) is to be handled on a worker.
using IsSlow = std::function<bool(const Request&)>;
// The answer the server itself gives to a request it cannot read (400, 411, 413,
// 431, 505), or when the handler throws (500).
using ErrorAnswer = std::function<void(int status, const std::string& message, Response&)>;

class Server {
 public:
  Server(ServerOptions options, Handler handler, IsSlow is_slow, ErrorAnswer error_answer);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Listens on `host:port` (a numeric IPv4 or IPv6 address, or "localhost"); port 0
  // picks a free one. Returns the port.
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
