#include "nara/serve/http_server.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

namespace nara::serve::http {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kReadChunk = 64 * 1024;
// Answers queued and unsent beyond this stop the reading of pipelined requests until
// the client takes them.
constexpr size_t kMaxPendingOutput = 1 << 20;
// How long, and how much, a closing connection's input is read and dropped.
constexpr auto kDrainTime = std::chrono::seconds(2);
constexpr size_t kDrainBytes = size_t{64} << 20;

struct Connection {
  // kDraining: the answer is sent and the connection is closing, but the client may
  // still be sending (a refused upload); its bytes are read and dropped for a moment,
  // since closing with unread input makes the kernel reset the connection, and a reset
  // can destroy the answer before the client has read it.
  enum class State { kHead, kBody, kBusy, kDraining };
  int fd = -1;
  uint64_t id = 0;
  State state = State::kHead;
  std::string in;
  size_t in_start = 0;  // bytes of `in` before this are read
  std::string out;
  size_t out_sent = 0;
  Request request;
  bool close_after_write = false;
  bool peer_done = false;  // the client sent its last byte: close once it is answered
  uint32_t interest = 0;   // the events watched; 0: not in the loop's epoll
  Clock::time_point last_activity;
  Clock::time_point request_started;  // when the first byte of the request being read came
  Clock::time_point drain_until;      // kDraining
  size_t drained = 0;                 // kDraining: bytes dropped
  size_t reserved = 0;                // of max_bodies_in_flight, for the request's body
};

// Per request, what is needed to write its answer once the request itself is gone.
struct AnswerFor {
  bool keep_alive = true;
  bool head_only = false;
  bool gzip = false;
  bool http10 = false;  // a kept HTTP/1.0 connection is announced (Connection: keep-alive)
};

// What a worker hands back to the connection's I/O thread.
struct Completion {
  int fd = -1;
  uint64_t id = 0;
  Response response;
  AnswerFor answer;
};

AnswerFor AnswerOf(const Request& r) {
  return {r.keep_alive, r.method == "HEAD", AcceptsGzip(r.Header("Accept-Encoding")), r.minor_version == 0};
}

}  // namespace

struct Server::Impl {
  struct Loop {
    int epoll_fd = -1;
    int wake_fd = -1;
    std::unordered_map<int, std::unique_ptr<Connection>> connections;
    std::mutex inbox_mutex;
    std::vector<int> accepted;          // sockets handed over by the accepting loop
    std::vector<Completion> completed;  // answers of workers
    Clock::time_point last_sweep;
    int64_t date_second = -1;  // the Date header, made once a second
    std::string date;
  };
  struct Job {
    size_t loop = 0;
    int fd = -1;
    uint64_t id = 0;
    Request request;
  };

  ServerOptions options;
  Handler handler;
  IsSlow is_slow;
  ErrorAnswer error_answer;
  int listen_fd = -1;
  std::atomic<bool> stopping{false};
  std::vector<std::unique_ptr<Loop>> loops;
  std::atomic<uint64_t> next_id{1};
  std::atomic<size_t> bodies_in_flight{0};
  size_t next_loop = 0;  // used by the accepting loop only
  // Out of file descriptors: the listening socket is left alone until then, instead
  // of waking the accepting loop without end (used by the accepting loop only).
  std::optional<Clock::time_point> accept_paused_until;

  std::mutex jobs_mutex;
  std::condition_variable jobs_cv;
  std::deque<Job> jobs;
  bool workers_done = false;

  // Compressed forms of stable bodies, keyed by the body's address and valid while
  // the body it was made from is alive.
  struct Compressed {
    std::weak_ptr<const std::string> source;
    std::shared_ptr<const std::string> gzip;
  };
  std::mutex gzip_mutex;
  std::unordered_map<const std::string*, Compressed> gzip_cache;
  size_t gzip_prune_at = 256;

  ~Impl() {
    for (auto& loop : loops) {
      for (auto& [fd, c] : loop->connections) ::close(fd);
      if (loop->epoll_fd >= 0) ::close(loop->epoll_fd);
      if (loop->wake_fd >= 0) ::close(loop->wake_fd);
    }
    if (listen_fd >= 0) ::close(listen_fd);
  }

  void Wake(Loop& loop) {
    uint64_t one = 1;
    ssize_t n = ::write(loop.wake_fd, &one, sizeof one);
    (void)n;  // a full counter still wakes the loop
  }

  std::shared_ptr<const std::string> GzipOf(const std::shared_ptr<const std::string>& body, bool stable) {
    if (!stable) return std::make_shared<const std::string>(Gzip(*body));
    {
      std::lock_guard<std::mutex> lock(gzip_mutex);
      auto it = gzip_cache.find(body.get());
      if (it != gzip_cache.end() && it->second.source.lock() == body) return it->second.gzip;
    }
    auto gz = std::make_shared<const std::string>(Gzip(*body));
    std::lock_guard<std::mutex> lock(gzip_mutex);
    gzip_cache[body.get()] = {body, gz};
    if (gzip_cache.size() >= gzip_prune_at) {
      for (auto it = gzip_cache.begin(); it != gzip_cache.end();) {
        it = it->second.source.expired() ? gzip_cache.erase(it) : std::next(it);
      }
      gzip_prune_at = std::max<size_t>(256, 2 * gzip_cache.size());
    }
    return gz;
  }

  void Watch(Loop& loop, Connection& c, uint32_t events) {
    epoll_event ev{};
    ev.events = events;
    ev.data.fd = c.fd;
    if (c.interest == 0) {
      ::epoll_ctl(loop.epoll_fd, EPOLL_CTL_ADD, c.fd, &ev);
    } else if (c.interest != events) {
      ::epoll_ctl(loop.epoll_fd, EPOLL_CTL_MOD, c.fd, &ev);
    }
    c.interest = events;
  }

  void Unwatch(Loop& loop, Connection& c) {
    if (c.interest != 0) ::epoll_ctl(loop.epoll_fd, EPOLL_CTL_DEL, c.fd, nullptr);
    c.interest = 0;
  }

  void Release(Connection& c) {
    bodies_in_flight -= c.reserved;
    c.reserved = 0;
  }

  void Close(Loop& loop, int fd) {
    auto it = loop.connections.find(fd);
    if (it == loop.connections.end()) return;
    Release(*it->second);
    Unwatch(loop, *it->second);
    ::close(fd);
    loop.connections.erase(it);
  }

  void Adopt(Loop& loop, int fd) {
    auto c = std::make_unique<Connection>();
    c->fd = fd;
    c->id = next_id++;
    c->last_activity = Clock::now();
    Connection& ref = *c;
    loop.connections[fd] = std::move(c);
    Watch(loop, ref, EPOLLIN | EPOLLRDHUP);
  }

  void Accept(size_t self) {
    while (true) {
      int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
          ::epoll_ctl(loops[self]->epoll_fd, EPOLL_CTL_DEL, listen_fd, nullptr);
          accept_paused_until = Clock::now() + std::chrono::milliseconds(100);
        }
        return;  // EAGAIN: all taken
      }
      int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      size_t target = next_loop++ % loops.size();
      if (target == self) {
        Adopt(*loops[self], fd);
      } else {
        Loop& other = *loops[target];
        {
          std::lock_guard<std::mutex> lock(other.inbox_mutex);
          other.accepted.push_back(fd);
        }
        Wake(other);
      }
    }
  }

  static const std::string& DateNow(Loop& loop) {
    int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    if (now != loop.date_second) {
      loop.date_second = now;
      loop.date = HttpDate(now);
    }
    return loop.date;
  }

  // Queues the answer to a request on the connection.
  void Answer(Loop& loop, Connection& c, Response& r, const AnswerFor& a) {
    std::shared_ptr<const std::string> body = r.body ? r.body : std::make_shared<const std::string>();
    bool gzip = a.gzip && body->size() >= options.gzip_min_bytes && Compressible(r.content_type) &&
                r.status != 204 && r.status != 304;
    if (gzip) {
      auto gz = GzipOf(body, r.stable);
      if (!gz->empty()) {
        body = std::move(gz);
      } else {
        gzip = false;
      }
    }
    bool keep_alive = a.keep_alive && !c.close_after_write && !stopping;
    if (keep_alive && a.http10) r.SetHeader("Connection", "keep-alive");
    c.out += ResponseHead(r, body->size(), gzip, keep_alive, DateNow(loop));
    if (!a.head_only) c.out += *body;
    if (!keep_alive) c.close_after_write = true;
  }

  // An error answer, after which the connection closes.
  void AnswerError(Loop& loop, Connection& c, int status, const std::string& message,
                   bool head_only = false) {
    Response r;
    ErrorResponse(status, message, r);
    Answer(loop, c, r, {false, head_only, false});
  }

  // The error answer's response, or a plain one should that fail too: nothing a
  // client sends may end the server.
  void ErrorResponse(int status, const std::string& message, Response& r) {
    r = Response();
    r.status = status;
    try {
      error_answer(status, message, r);
    } catch (...) {
      r = Response();
      r.status = status;
      r.SetBody(std::to_string(status) + " " + ReasonPhrase(status) + "\n", "text/plain; charset=utf-8");
    }
  }

  void Dispatch(size_t self, Connection& c) {
    if (is_slow(c.request)) {
      c.state = Connection::State::kBusy;
      Unwatch(*loops[self], c);
      {
        std::lock_guard<std::mutex> lock(jobs_mutex);
        jobs.push_back({self, c.fd, c.id, std::move(c.request)});
      }
      jobs_cv.notify_one();
      c.request = Request();
      return;
    }
    Response r;
    Call(c.request, r);
    AnswerFor a = AnswerOf(c.request);
    c.request = Request();
    Release(c);
    c.state = Connection::State::kHead;
    Answer(*loops[self], c, r, a);
  }

  void Call(const Request& req, Response& r) {
    try {
      handler(req, r);
    } catch (const std::exception& e) {
      ErrorResponse(500, std::string("internal error: ") + e.what(), r);
    } catch (...) {
      ErrorResponse(500, "internal error", r);
    }
  }

  // Reads whole requests out of the connection's input and answers them, until the
  // input ends inside one, a request goes to a worker, or the output is backed up.
  // Returns true in the last case: more may be answered once the output is sent.
  bool Process(size_t self, Connection& c) {
    while (!c.close_after_write && c.state != Connection::State::kBusy && c.out.size() < kMaxPendingOutput) {
      std::string_view pending(c.in.data() + c.in_start, c.in.size() - c.in_start);
      if (c.state == Connection::State::kHead) {
        if (pending.empty()) break;
        if (c.request_started == Clock::time_point()) c.request_started = Clock::now();
        HeadResult h = ParseHead(pending, options.max_head, &c.request);
        if (h.kind == HeadResult::Kind::kIncomplete) break;
        if (h.kind == HeadResult::Kind::kError) {
          AnswerError(*loops[self], c, h.status, h.message);
          break;
        }
        c.in_start += h.consumed;
        if (c.request.content_length > options.max_body) {
          AnswerError(*loops[self], c, 413,
                      "the request body of " + std::to_string(c.request.content_length) +
                          " bytes is over the limit of " + std::to_string(options.max_body),
                      c.request.method == "HEAD");
          break;
        }
        size_t length = c.request.content_length;
        if (length > 0) {
          if (bodies_in_flight.fetch_add(length) + length > options.max_bodies_in_flight) {
            bodies_in_flight -= length;
            Response busy;
            ErrorResponse(503, "the server is receiving too many request bodies at once; try again shortly",
                          busy);
            busy.SetHeader("Retry-After", "5");
            Answer(*loops[self], c, busy, {false, c.request.method == "HEAD", false});
            break;
          }
          c.reserved = length;
        }
        c.state = Connection::State::kBody;
        if (c.request.expect_continue && c.in.size() - c.in_start < c.request.content_length) {
          c.out += "HTTP/1.1 100 Continue\r\n\r\n";
        }
        continue;
      }
      // kBody
      size_t need = c.request.content_length;
      if (pending.size() < need) {
        // Room for the whole body at once, but for a large one only when a good part
        // of it has come (a Content-Length alone reserves no gigabyte).
        constexpr size_t kTrusted = size_t{64} << 20;
        size_t room = pending.size() >= kTrusted ? need : std::min(need, kTrusted);
        if (c.in.capacity() < c.in_start + room) c.in.reserve(c.in_start + room);
        break;
      }
      if (pending.size() == need && need >= kReadChunk) {
        // The body ends the input (an upload, typically): move it rather than copy.
        c.in.erase(0, c.in_start);
        c.request.body = std::move(c.in);
        c.in = std::string();
        c.in_start = 0;
      } else {
        c.request.body.assign(pending.data(), need);
        c.in_start += need;
      }
      c.request_started = Clock::time_point();
      Dispatch(self, c);
    }
    if (c.in_start == c.in.size()) {
      c.in.clear();
      c.in_start = 0;
    } else if (c.in_start > kReadChunk) {
      c.in.erase(0, c.in_start);
      c.in_start = 0;
    }
    return !c.close_after_write && c.state != Connection::State::kBusy && c.out.size() >= kMaxPendingOutput;
  }

  // Answers what the input holds and sends it, for as long as the client takes the
  // answers; closes the connection when the client is done and everything is sent.
  void Pump(size_t self, Connection& c) {
    Loop& loop = *loops[self];
    while (true) {
      bool backed_up = Process(self, c);
      if (!Flush(loop, c)) return;                                        // closed
      if (c.state == Connection::State::kBusy || !c.out.empty()) return;  // a worker, or EPOLLOUT, goes on
      if (backed_up) continue;
      if (c.peer_done) Close(loop, c.fd);
      return;
    }
  }

  // Sends what is queued; closes the connection when it is done with. Returns false
  // when the connection is gone.
  bool Flush(Loop& loop, Connection& c) {
    while (c.out_sent < c.out.size()) {
      ssize_t n = ::send(c.fd, c.out.data() + c.out_sent, c.out.size() - c.out_sent, MSG_NOSIGNAL);
      if (n > 0) {
        c.out_sent += static_cast<size_t>(n);
        c.last_activity = Clock::now();
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        // Not EPOLLRDHUP: a client that stopped sending but still reads would wake
        // the loop for nothing until it reads.
        if (c.state != Connection::State::kBusy) Watch(loop, c, EPOLLOUT);
        return true;
      }
      Close(loop, c.fd);
      return false;
    }
    c.out.clear();
    c.out_sent = 0;
    if (c.close_after_write) {
      if (c.peer_done) {
        Close(loop, c.fd);
        return false;
      }
      ::shutdown(c.fd, SHUT_WR);  // the answer is complete; the client sees its end
      c.state = Connection::State::kDraining;
      c.drain_until = Clock::now() + kDrainTime;
      c.in.clear();
      c.in_start = 0;
      Watch(loop, c, EPOLLIN | EPOLLRDHUP);
      return false;  // done with, as far as the caller goes
    }
    if (c.state != Connection::State::kBusy) Watch(loop, c, EPOLLIN | EPOLLRDHUP);
    return true;
  }

  void OnReadable(size_t self, Connection& c) {
    char buffer[kReadChunk];
    if (c.state == Connection::State::kDraining) {
      for (int reads = 0; reads < 16; ++reads) {
        ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;  // until more, or the deadline
        c.drained += n > 0 ? static_cast<size_t>(n) : 0;
        if (n <= 0 || c.drained > kDrainBytes) {  // the client's end, or enough
          Close(*loops[self], c.fd);
          return;
        }
      }
      return;  // the rest on the next wake
    }
    // At most 1 MB per wake, so that one fast upload does not keep the loop from the
    // other connections (the socket stays readable and wakes the loop again).
    for (int reads = 0; reads < 16; ++reads) {
      ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
      if (n > 0) {
        c.in.append(buffer, static_cast<size_t>(n));
        c.last_activity = Clock::now();
        if (static_cast<size_t>(n) < sizeof buffer) break;
        if (c.state == Connection::State::kHead && c.in.size() - c.in_start > options.max_head) break;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      // The client closed (or the connection failed): answer what is complete, then go.
      c.peer_done = true;
      break;
    }
    Pump(self, c);
  }

  void OnWritable(size_t self, Connection& c) {
    Loop& loop = *loops[self];
    if (!Flush(loop, c)) return;
    if (c.out.empty()) Pump(self, c);
  }

  void TakeInbox(size_t self) {
    Loop& loop = *loops[self];
    uint64_t count;
    while (::read(loop.wake_fd, &count, sizeof count) > 0) {
    }
    std::vector<int> accepted;
    std::vector<Completion> completed;
    {
      std::lock_guard<std::mutex> lock(loop.inbox_mutex);
      accepted.swap(loop.accepted);
      completed.swap(loop.completed);
    }
    for (int fd : accepted) Adopt(loop, fd);
    for (Completion& done : completed) {
      auto it = loop.connections.find(done.fd);
      if (it == loop.connections.end() || it->second->id != done.id) continue;
      Connection& c = *it->second;
      c.state = Connection::State::kHead;
      Release(c);
      Answer(loop, c, done.response, done.answer);
      Pump(self, c);  // sends it, and answers what was pipelined behind it
    }
  }

  void Sweep(Loop& loop) {
    Clock::time_point now = Clock::now();
    if (now - loop.last_sweep < std::chrono::seconds(1)) return;
    loop.last_sweep = now;
    std::vector<int> idle;
    const auto timeout = std::chrono::seconds(options.idle_timeout_seconds);
    for (auto& [fd, c] : loop.connections) {
      if (c->state == Connection::State::kBusy) continue;
      // Idle, or a head that trickles in (a byte now and then) for longer than the
      // timeout: a body may take longer, as long as it keeps coming.
      bool trickling = c->state == Connection::State::kHead && c->request_started != Clock::time_point() &&
                       now - c->request_started > timeout;
      bool drained = c->state == Connection::State::kDraining && now > c->drain_until;
      if (now - c->last_activity > timeout || trickling || drained) idle.push_back(fd);
    }
    for (int fd : idle) Close(loop, fd);
  }

  // The listening socket is watched by the accepting loop, loop 0.
  void WatchListener() {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = listen_fd;
    ::epoll_ctl(loops[0]->epoll_fd, EPOLL_CTL_ADD, listen_fd, &ev);
  }

  void RunLoop(size_t self) {
    Loop& loop = *loops[self];
    epoll_event events[256];
    while (!stopping) {
      if (self == 0 && accept_paused_until && Clock::now() >= *accept_paused_until) {
        WatchListener();
        accept_paused_until.reset();
      }
      int n = ::epoll_wait(loop.epoll_fd, events, 256, self == 0 && accept_paused_until ? 100 : 1000);
      if (n < 0 && errno != EINTR) break;
      for (int i = 0; i < n && !stopping; ++i) {
        int fd = events[i].data.fd;
        if (fd == listen_fd) {
          Accept(self);
          continue;
        }
        if (fd == loop.wake_fd) {
          TakeInbox(self);
          continue;
        }
        auto it = loop.connections.find(fd);
        if (it == loop.connections.end()) continue;
        Connection& c = *it->second;
        uint32_t e = events[i].events;
        try {
          if (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
            if (c.interest & EPOLLOUT) {
              if (e & (EPOLLHUP | EPOLLERR))
                Close(loop, fd);
              else
                OnWritable(self, c);
            } else {
              OnReadable(self, c);
            }
          } else if (e & EPOLLOUT) {
            OnWritable(self, c);
          }
        } catch (const std::exception& ex) {
          // Out of memory for this connection's request or answer: it goes, the
          // server stays. (Busy connections are not here: their work is on a worker.)
          std::fprintf(stderr, "nara serve: a connection was closed: %s\n", ex.what());
          Close(loop, fd);
        }
      }
      Sweep(loop);
    }
  }

  void RunWorker() {
    while (true) {
      Job job;
      {
        std::unique_lock<std::mutex> lock(jobs_mutex);
        jobs_cv.wait(lock, [&] { return workers_done || !jobs.empty(); });
        if (jobs.empty()) return;
        job = std::move(jobs.front());
        jobs.pop_front();
      }
      Completion done;
      done.fd = job.fd;
      done.id = job.id;
      Call(job.request, done.response);
      done.answer = AnswerOf(job.request);
      Loop& loop = *loops[job.loop];
      {
        std::lock_guard<std::mutex> lock(loop.inbox_mutex);
        loop.completed.push_back(std::move(done));
      }
      Wake(loop);
    }
  }
};

Server::Server(ServerOptions options, Handler handler, IsSlow is_slow, ErrorAnswer error_answer)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  impl_->handler = std::move(handler);
  impl_->is_slow = std::move(is_slow);
  impl_->error_answer = std::move(error_answer);
  Impl& m = *impl_;
  size_t io = m.options.io_threads > 0 ? static_cast<size_t>(m.options.io_threads)
                                       : std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  for (size_t i = 0; i < io; ++i) {
    auto loop = std::make_unique<Impl::Loop>();
    loop->epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
    loop->wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = loop->wake_fd;
    ::epoll_ctl(loop->epoll_fd, EPOLL_CTL_ADD, loop->wake_fd, &ev);
    loop->last_sweep = Clock::now();
    m.loops.push_back(std::move(loop));
  }
}

Server::~Server() = default;

StatusOr<int> Server::Bind(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV | AI_NUMERICHOST;  // no name lookups
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  const std::string& numeric = host == "localhost" ? std::string("127.0.0.1") : host;
  int rc = ::getaddrinfo(numeric.c_str(), service.c_str(), &hints, &found);
  if (rc != 0) {
    return Status::IoError("cannot listen on '" + host +
                           "': give a numeric address such as 127.0.0.1 or 0.0.0.0 (" + ::gai_strerror(rc) +
                           ")");
  }
  std::string why = "no address";
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      why = std::strerror(errno);
      continue;
    }
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, 1024) != 0) {
      why = errno == EADDRINUSE      ? "the port is in use; choose another with --port"
            : errno == EADDRNOTAVAIL ? "not an address of this machine"
            : errno == EACCES        ? "permission denied; ports below 1024 need privileges"
                                     : std::strerror(errno);
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  if (fd < 0) {
    return Status::IoError("cannot listen on " + host + ":" + service + ": " + why);
  }
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int bound = addr.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port)
                                         : ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  if (impl_->listen_fd >= 0) ::close(impl_->listen_fd);
  impl_->listen_fd = fd;
  return bound;
}

void Server::Run() {
  Impl& m = *impl_;
  if (m.listen_fd < 0 || m.stopping) return;
  size_t io = m.loops.size();
  m.WatchListener();

  std::vector<std::thread> workers;
  for (int i = 0; i < std::max(1, m.options.workers); ++i) workers.emplace_back([&m] { m.RunWorker(); });
  std::vector<std::thread> others;
  for (size_t i = 1; i < io; ++i) others.emplace_back([&m, i] { m.RunLoop(i); });
  m.RunLoop(0);
  for (std::thread& t : others) t.join();
  {
    std::lock_guard<std::mutex> lock(m.jobs_mutex);
    m.workers_done = true;
  }
  m.jobs_cv.notify_all();
  for (std::thread& t : workers) t.join();
  for (auto& loop : m.loops) {
    for (auto& [fd, c] : loop->connections) ::close(fd);
    loop->connections.clear();
    std::lock_guard<std::mutex> lock(loop->inbox_mutex);
    for (int fd : loop->accepted) ::close(fd);
    loop->accepted.clear();
  }
}

void Server::Stop() {
  impl_->stopping = true;
  for (auto& loop : impl_->loops) impl_->Wake(*loop);
}

}  // namespace nara::serve::http
