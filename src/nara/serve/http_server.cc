#include "nara/serve/http_server.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <vector>

namespace nara::serve::http {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using ErrorCode = boost::system::error_code;

// A connection's handlers run on its I/O thread's io_context, which that one thread
// alone runs: the io_context's executor is the connection's strand (Asio's implicit
// strand), and a worker's answer is posted to it. An explicit strand would only add a
// lock and a queue to every handler.
using Executor = asio::io_context::executor_type;
using Socket = asio::basic_stream_socket<tcp, Executor>;
using TlsStream = ssl::stream<Socket>;
using Timer = asio::basic_waitable_timer<Clock, asio::wait_traits<Clock>, Executor>;

// Reads of a request head (and of a closing connection's input) are this large.
constexpr size_t kReadChunk = 16 * 1024;
// A request body is read straight into the request (or through a buffer of this size
// into its file), this much at a time.
constexpr size_t kBodyStep = 64 * 1024;
// Room is made for a body as it comes, but at most this much before a good part of it
// has come: a Content-Length alone reserves no gigabyte.
constexpr size_t kTrusted = size_t{64} << 20;
// How long, and how much, a closing connection's input is read and dropped.
constexpr auto kDrainTime = std::chrono::seconds(2);
constexpr size_t kDrainBytes = size_t{64} << 20;
// Out of file descriptors, accepting waits this long before it tries again.
constexpr auto kAcceptPause = std::chrono::milliseconds(100);

// Per request, what is needed to write its answer once the request itself is gone.
struct AnswerFor {
  bool keep_alive = true;
  bool head_only = false;
  bool gzip = false;
  bool http10 = false;  // a kept HTTP/1.0 connection is announced (Connection: keep-alive)
};

AnswerFor AnswerOf(const Request& r) {
  return {r.keep_alive, r.method == "HEAD", AcceptsGzip(r.Header("Accept-Encoding")), r.minor_version == 0};
}

// The Date header's value, made once a second per I/O thread.
const std::string& DateNow() {
  thread_local int64_t second = -1;
  thread_local std::string date;
  int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  if (now != second) {
    second = now;
    date = HttpDate(now);
  }
  return date;
}

// OpenSSL's reason for the last failure, for an error message.
std::string OpenSslReason(const ErrorCode& ec) {
  unsigned long e = ERR_peek_last_error();
  std::string reason =
      e != 0 && ERR_reason_error_string(e) != nullptr ? ERR_reason_error_string(e) : ec.message();
  ERR_clear_error();
  return reason;
}

StatusOr<std::string> ReadPem(const std::string& path, const char* what) {
  std::error_code fs_error;
  if (!std::filesystem::exists(path, fs_error)) {
    return Status::IoError(std::string("the TLS ") + what + " file '" + path + "' does not exist");
  }
  if (std::filesystem::is_directory(path, fs_error)) {
    return Status::IoError(std::string("the TLS ") + what + " file '" + path + "' is a folder");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IoError(std::string("cannot read the TLS ") + what + " file '" + path +
                           "': " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IoError(std::string("cannot read the TLS ") + what + " file '" + path + "'");
  return text.str();
}

// A server TLS context from PEM files: TLS 1.2 or later, no renegotiation.
StatusOr<std::unique_ptr<ssl::context>> MakeTlsContext(const std::string& cert_file,
                                                       const std::string& key_file) {
  if (cert_file.empty() || key_file.empty()) {
    return Status::Invalid("TLS needs both a certificate file and its private key file");
  }
  NARA_ASSIGN_OR_RETURN(std::string cert, ReadPem(cert_file, "certificate"));
  NARA_ASSIGN_OR_RETURN(std::string key, ReadPem(key_file, "key"));
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = context->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  // An encrypted key fails here instead of OpenSSL asking for a pass phrase on the terminal.
  context->set_password_callback([](size_t, ssl::context::password_purpose) { return std::string(); });
  ErrorCode ec;
  ERR_clear_error();
  // The key first: a certificate loaded after it that does not match it drops it, and
  // the check below then names the mismatch.
  context->use_private_key(asio::buffer(key), ssl::context::pem, ec);
  if (ec) {
    return Status::Invalid("the TLS key file '" + key_file +
                           "' holds no unencrypted PEM private key OpenSSL can use (" + OpenSslReason(ec) +
                           ")");
  }
  context->use_certificate_chain(asio::buffer(cert), ec);
  if (ec) {
    return Status::Invalid("the TLS certificate file '" + cert_file +
                           "' holds no PEM certificate OpenSSL can use (" + OpenSslReason(ec) + ")");
  }
  if (SSL_CTX_check_private_key(native) != 1) {
    ERR_clear_error();
    return Status::Invalid("the TLS key file '" + key_file + "' is not the key of the certificate in '" +
                           cert_file + "'");
  }
  return context;
}

}  // namespace

Status CheckTlsFiles(const std::string& cert_file, const std::string& key_file) {
  return MakeTlsContext(cert_file, key_file).status();
}

struct Server::Impl {
  struct Job {
    Request request;
    // Hands the response back to the connection's strand.
    std::function<void(Response&&, const AnswerFor&)> done;
  };

  ServerOptions options;
  Handler handler;
  IsSlow is_slow;
  ErrorAnswer error_answer;
  std::unique_ptr<ssl::context> tls;  // set when the server speaks TLS
  std::atomic<bool> stopping{false};
  std::atomic<size_t> bodies_in_flight{0};

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

  // Declared last: destroyed first, with the connections whose handlers they hold.
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::unique_ptr<tcp::acceptor> acceptor;  // on contexts[0]
  std::unique_ptr<asio::steady_timer> accept_pause;
  size_t next_context = 0;  // used on contexts[0] only

  ~Impl() {
    accept_pause.reset();
    acceptor.reset();
    contexts.clear();
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

  void Call(const Request& req, Response& r) {
    try {
      handler(req, r);
    } catch (const std::exception& e) {
      ErrorResponse(500, std::string("internal error: ") + e.what(), r);
    } catch (...) {
      ErrorResponse(500, "internal error", r);
    }
  }

  // The body limit of a request: the route's, never over max_body.
  size_t BodyLimitOf(const Request& req) {
    if (!options.body_limit) return options.max_body;
    return std::min(options.max_body, options.body_limit(req));
  }

  // Whether a request's body goes to a file in body_dir.
  bool BodyToFile(const Request& req) {
    return options.body_to_file && !options.body_dir.empty() && options.body_to_file(req);
  }

  void Accept();

  void RunContext(size_t i) {
    asio::io_context& context = *contexts[i];
    auto work = asio::make_work_guard(context);
    while (!stopping) {
      try {
        context.run();
        break;
      } catch (const std::exception& e) {
        // A connection's fault that escaped it: the others go on.
        std::fprintf(stderr, "nara serve: %s\n", e.what());
      }
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
      Response response;
      Call(job.request, response);
      AnswerFor answer = AnswerOf(job.request);
      job.request = Request();  // the body's memory goes before the answer is queued
      job.done(std::move(response), answer);
    }
  }
};

namespace {

// One connection: reads a request (head, then body), has it answered, writes the
// answer, and reads the next. Everything runs on the connection's strand; the session
// is kept alive by the handlers of its pending operations. `Owner` is Server::Impl.
template <typename Owner, bool kTls>
class Session : public std::enable_shared_from_this<Session<Owner, kTls>> {
 public:
  using Stream = std::conditional_t<kTls, TlsStream, Socket>;

  Session(Owner& server, Socket socket)
      : server_(server), stream_(MakeStream(server, std::move(socket))), timer_(Lowest().get_executor()) {}

  ~Session() { Release(); }

  void Start() {
    Safely([&] {
      ErrorCode ec;
      Lowest().set_option(tcp::no_delay(true), ec);
      tcp::endpoint peer = Lowest().remote_endpoint(ec);
      if (!ec) remote_ = peer.address().to_string();
      if constexpr (kTls) {
        phase_ = Phase::kHandshake;
        SetDeadline(Clock::now() + Idle());
        stream_.async_handshake(ssl::stream_base::server,
                                [self = this->shared_from_this()](const ErrorCode& e) {
                                  self->Safely([&] {
                                    if (self->closed_) return;
                                    if (e) return self->Close();
                                    self->NextRequest();
                                  });
                                });
      } else {
        NextRequest();
      }
    });
  }

 private:
  enum class Phase { kHandshake, kHead, kBody, kBusy, kWrite, kDrain };

  static Stream MakeStream(Owner& server, Socket socket) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *server.tls);
    } else {
      (void)server;
      return socket;
    }
  }

  Socket& Lowest() {
    if constexpr (kTls) {
      return stream_.next_layer();
    } else {
      return stream_;
    }
  }

  std::chrono::seconds Idle() const { return std::chrono::seconds(server_.options.idle_timeout_seconds); }

  // Runs `f`; a fault in it (out of memory for this connection's request or answer)
  // closes this connection, and the server stays.
  template <typename F>
  void Safely(F&& f) {
    try {
      f();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "nara serve: a connection was closed: %s\n", e.what());
      Close();
    }
  }

  // --- time -------------------------------------------------------------------------------
  // One timer per connection waits for `deadline_`. Moving the deadline later costs
  // nothing (the timer, waking early, waits again); only an earlier one re-arms it.
  void SetDeadline(Clock::time_point at) {
    deadline_ = at;
    if (at < timer_at_) Arm(at);
  }

  void Arm(Clock::time_point at) {
    timer_at_ = at;
    uint64_t generation = ++timer_generation_;
    timer_.expires_at(at);
    timer_.async_wait([self = this->shared_from_this(), generation](const ErrorCode& ec) {
      self->Safely([&] { self->OnTimer(ec, generation); });
    });
  }

  void OnTimer(const ErrorCode& ec, uint64_t generation) {
    if (closed_ || ec || generation != timer_generation_) return;  // re-armed or closed meanwhile
    timer_at_ = Clock::time_point::max();
    if (Clock::now() >= deadline_) OnDeadline();
    if (!closed_ && timer_at_ == Clock::time_point::max() && deadline_ != Clock::time_point::max()) {
      Arm(deadline_);
    }
  }

  void OnDeadline() {
    switch (phase_) {
      case Phase::kBody: {
        // The body is late: the read is cancelled and its handler answers 408.
        timed_out_ = true;
        deadline_ = Clock::time_point::max();
        ErrorCode ignored;
        Lowest().cancel(ignored);
        return;
      }
      case Phase::kBusy:
        return;
      default:  // idle, a head trickling in, a client not reading, a drain done
        Close();
    }
  }

  // The body's deadline: body_timeout_seconds from its head, one second more for each
  // body_min_bytes_per_second bytes that came.
  Clock::time_point BodyDeadline() const {
    size_t rate = server_.options.body_min_bytes_per_second;
    auto earned = std::chrono::seconds(rate == 0 ? 0 : static_cast<int64_t>(body_received_ / rate));
    return body_started_ + std::chrono::seconds(server_.options.body_timeout_seconds) + earned;
  }

  // --- reading ----------------------------------------------------------------------------
  void NextRequest() {
    phase_ = Phase::kHead;
    // Idle and head together: a head trickling in a byte at a time is closed as an
    // idle connection is.
    SetDeadline(Clock::now() + Idle());
    ProcessInput();
  }

  // Reads the next request's head from what has come, or more of it from the client.
  void ProcessInput() {
    std::string_view pending(in_.data() + in_start_, in_.size() - in_start_);
    // Parsed only when a blank line may end a head in it (or it is over the limit), so
    // that a head arriving a byte at a time is not parsed once per byte.
    size_t from = scanned_ > 2 ? scanned_ - 2 : 0;
    bool may_end = pending.find("\n\r\n", from) != std::string_view::npos ||
                   pending.find("\n\n", from) != std::string_view::npos;
    scanned_ = pending.size();
    if (pending.empty() || (!may_end && pending.size() <= server_.options.max_head)) return ReadMore();
    HeadResult h = ParseHead(pending, server_.options.max_head, &request_);
    if (h.kind == HeadResult::Kind::kIncomplete) return ReadMore();
    if (h.kind == HeadResult::Kind::kError) return AnswerError(h.status, h.message);
    in_start_ += h.consumed;
    scanned_ = 0;
    OnHead();
  }

  void ReadMore() {
    if (in_start_ == in_.size()) {
      in_.clear();
      in_start_ = 0;
    } else if (in_start_ > 0) {
      in_.erase(0, in_start_);
      in_start_ = 0;
    }
    stream_.async_read_some(asio::buffer(chunk_),
                            [self = this->shared_from_this()](const ErrorCode& ec, size_t n) {
                              self->Safely([&] {
                                if (self->closed_) return;
                                if (ec) return self->Close();  // the client's end, or a failure
                                self->in_.append(self->chunk_.data(), n);
                                self->ProcessInput();
                              });
                            });
  }

  void OnHead() {
    request_.remote_address = remote_;
    request_.tls = kTls;
    bool head_only = request_.method == "HEAD";
    size_t limit = server_.BodyLimitOf(request_);
    size_t length = request_.content_length;
    if (length > limit) {
      return AnswerError(413,
                         "the request body of " + std::to_string(length) + " bytes is over the limit of " +
                             std::to_string(limit),
                         head_only);
    }
    if (length > 0) {
      if (server_.bodies_in_flight.fetch_add(length) + length > server_.options.max_bodies_in_flight) {
        server_.bodies_in_flight -= length;
        Response busy;
        server_.ErrorResponse(
            503, "the server is receiving too many request bodies at once; try again shortly", busy);
        busy.SetHeader("Retry-After", "5");
        return Answer(busy, {false, head_only, false, false});
      }
      reserved_ = length;
    }
    // What has come of the body already.
    size_t have = std::min(length, in_.size() - in_start_);
    std::string_view came(in_.data() + in_start_, have);
    if (length > 0 && server_.BodyToFile(request_)) {
      auto file = TempFile::Create(server_.options.body_dir, "body-");
      if (!file.ok()) return BodyNotKept(file.status());
      body_file_ = std::move(file).value();
      if (Status written = body_file_->Append(came); !written.ok()) return BodyNotKept(written);
    } else {
      request_.body.reserve(std::min(length, kTrusted));
      request_.body.assign(came);
    }
    body_received_ = have;
    in_start_ += have;
    if (have == length) return Dispatch();
    phase_ = Phase::kBody;
    body_started_ = Clock::now();
    SetDeadline(BodyDeadline());
    if (request_.expect_continue) {
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(stream_, asio::buffer(kContinue),
                        [self = this->shared_from_this()](const ErrorCode& ec, size_t) {
                          self->Safely([&] {
                            if (self->closed_) return;
                            if (self->timed_out_) return self->BodyTimedOut();
                            if (ec) return self->Close();
                            self->ReadBody();
                          });
                        });
      return;
    }
    ReadBody();
  }

  // Reads the rest of the body straight into the request, or into its file.
  void ReadBody() {
    if (body_file_) {
      if (!file_chunk_) file_chunk_ = std::make_unique<char[]>(kBodyStep);
      size_t step = std::min(request_.content_length - body_received_, kBodyStep);
      stream_.async_read_some(asio::buffer(file_chunk_.get(), step),
                              [self = this->shared_from_this()](const ErrorCode& ec, size_t n) {
                                self->Safely([&] { self->BodyRead(ec, n); });
                              });
      return;
    }
    std::string& body = request_.body;
    size_t length = request_.content_length;
    if (body.capacity() < length && body.size() + kBodyStep > body.capacity()) {
      body.reserve(body.size() >= kTrusted ? length
                                           : std::min(length, std::max(2 * body.capacity(), kTrusted)));
    }
    size_t old = body.size();
    size_t step = std::min(length - old, kBodyStep);
    body.resize(old + step);
    stream_.async_read_some(asio::buffer(body.data() + old, step),
                            [self = this->shared_from_this(), old](const ErrorCode& ec, size_t n) {
                              self->Safely([&] {
                                self->request_.body.resize(old + n);
                                self->BodyRead(ec, n);
                              });
                            });
  }

  // `n` more bytes of the body came: in the request's body already, or in file_chunk_
  // for its file.
  void BodyRead(const ErrorCode& ec, size_t n) {
    if (closed_) return;
    if (timed_out_) return BodyTimedOut();
    if (body_file_ && n > 0) {
      if (Status written = body_file_->Append({file_chunk_.get(), n}); !written.ok()) {
        return BodyNotKept(written);
      }
    }
    body_received_ += n;
    if (ec) return Close();  // the client went inside the body
    if (body_received_ == request_.content_length) return Dispatch();
    SetDeadline(BodyDeadline());
    ReadBody();
  }

  // The body's file could not be made or written (a full disk): the request is
  // answered 500, its file removed, and the connection closed after the answer.
  void BodyNotKept(const Status& why) {
    bool head_only = request_.method == "HEAD";
    request_ = Request();
    body_file_.reset();
    Release();
    AnswerError(500, "the request body could not be kept: " + why.message(), head_only);
  }

  void BodyTimedOut() {
    size_t came = body_received_;
    bool head_only = request_.method == "HEAD";
    request_ = Request();
    body_file_.reset();
    Release();
    AnswerError(
        408,
        "the request body did not arrive in time (" + std::to_string(came) + " bytes came in " +
            std::to_string(
                std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - body_started_).count()) +
            " s)",
        head_only);
  }

  // --- answering --------------------------------------------------------------------------
  void Dispatch() {
    if (body_file_) {
      request_.body_file = std::move(body_file_);
      file_chunk_.reset();
    }
    bool slow = false;
    try {
      slow = server_.is_slow(request_);
    } catch (...) {
      slow = true;  // a worker's time is only lost time
    }
    if (slow) {
      phase_ = Phase::kBusy;
      deadline_ = Clock::time_point::max();
      typename Owner::Job job;
      job.request = std::move(request_);
      request_ = Request();
      job.done = [self = this->shared_from_this()](Response&& response, const AnswerFor& answer) {
        asio::post(self->Lowest().get_executor(), [self, response = std::move(response), answer]() mutable {
          self->Safely([&] {
            if (self->closed_) return;
            self->Release();
            self->Answer(response, answer);
          });
        });
      };
      {
        std::lock_guard<std::mutex> lock(server_.jobs_mutex);
        server_.jobs.push_back(std::move(job));
      }
      server_.jobs_cv.notify_one();
      return;
    }
    Response r;
    server_.Call(request_, r);
    AnswerFor a = AnswerOf(request_);
    request_ = Request();
    Release();
    Answer(r, a);
  }

  // An error answer, after which the connection closes.
  void AnswerError(int status, const std::string& message, bool head_only = false) {
    Response r;
    server_.ErrorResponse(status, message, r);
    Answer(r, {false, head_only, false, false});
  }

  // Writes the answer to a request; then reads the next, or closes.
  void Answer(Response& r, const AnswerFor& a) {
    std::shared_ptr<const std::string> body = r.body ? r.body : std::make_shared<const std::string>();
    bool bodiless = r.status < 200 || r.status == 204 || r.status == 304;
    if (bodiless) body = std::make_shared<const std::string>();
    bool gzip =
        a.gzip && !bodiless && body->size() >= server_.options.gzip_min_bytes && Compressible(r.content_type);
    if (gzip) {
      auto gz = server_.GzipOf(body, r.stable);
      if (!gz->empty()) {
        body = std::move(gz);
      } else {
        gzip = false;
      }
    }
    bool keep_alive = a.keep_alive && !server_.stopping;
    if (keep_alive && a.http10) r.SetHeader("Connection", "keep-alive");
    close_after_ = !keep_alive;
    out_head_ = ResponseHead(r, body->size(), gzip, keep_alive, DateNow());
    out_body_ = a.head_only ? nullptr : std::move(body);
    phase_ = Phase::kWrite;
    // A client that does not take its answer is closed as an idle one is, with more
    // time for a large answer.
    size_t bytes = out_head_.size() + (out_body_ ? out_body_->size() : 0);
    size_t rate = std::max<size_t>(1, server_.options.body_min_bytes_per_second);
    SetDeadline(Clock::now() + Idle() + std::chrono::seconds(static_cast<int64_t>(bytes / rate)));
    std::array<asio::const_buffer, 2> buffers = {asio::buffer(out_head_),
                                                 out_body_ ? asio::buffer(*out_body_) : asio::const_buffer()};
    asio::async_write(stream_, buffers, [self = this->shared_from_this()](const ErrorCode& ec, size_t) {
      self->Safely([&] {
        if (self->closed_) return;
        self->out_body_.reset();
        if (ec) return self->Close();
        if (self->close_after_) return self->Finish();
        self->NextRequest();
      });
    });
  }

  // --- closing ----------------------------------------------------------------------------
  // The last answer is sent. The client may still be sending (a refused upload): its
  // bytes are read and dropped for a moment, since closing with unread input makes the
  // kernel reset the connection, and a reset can destroy the answer before the client
  // has read it. Over TLS the close is announced first (close_notify).
  void Finish() {
    phase_ = Phase::kDrain;
    SetDeadline(Clock::now() + kDrainTime);
    if constexpr (kTls) {
      stream_.async_shutdown([self = this->shared_from_this()](const ErrorCode&) {
        self->Safely([&] {
          if (self->closed_) return;
          self->Drain();
        });
      });
    } else {
      Drain();
    }
  }

  void Drain() {
    ErrorCode ignored;
    Lowest().shutdown(tcp::socket::shutdown_send, ignored);  // the client sees the answer's end
    DrainMore();
  }

  void DrainMore() {
    Lowest().async_read_some(asio::buffer(chunk_),
                             [self = this->shared_from_this()](const ErrorCode& ec, size_t n) {
                               self->Safely([&] {
                                 if (self->closed_) return;
                                 self->drained_ += n;
                                 if (ec || self->drained_ > kDrainBytes)
                                   return self->Close();  // the client's end, or enough
                                 self->DrainMore();
                               });
                             });
  }

  void Release() {
    if (reserved_ == 0) return;
    server_.bodies_in_flight -= reserved_;
    reserved_ = 0;
  }

  void Close() {
    if (closed_) return;
    closed_ = true;
    // A body being written to a file is removed now, not when the last pending
    // operation lets go of the session. (A body in memory stays until then: a read
    // may still be pending into it.)
    body_file_.reset();
    Release();
    ErrorCode ignored;
    timer_.cancel();
    Lowest().close(ignored);
  }

  Owner& server_;
  Stream stream_;
  Timer timer_;
  Phase phase_ = Phase::kHead;
  Clock::time_point deadline_ = Clock::time_point::max();
  Clock::time_point timer_at_ = Clock::time_point::max();  // when the pending wait ends; max: none
  uint64_t timer_generation_ = 0;
  std::string remote_;
  std::string in_;  // bytes read and not yet taken by a request
  size_t in_start_ = 0;
  size_t scanned_ = 0;  // bytes of in_ (from in_start_) looked at for a blank line
  std::array<char, kReadChunk> chunk_;
  Request request_;
  std::unique_ptr<TempFile> body_file_;  // the request's body, while it is written to a file
  std::unique_ptr<char[]> file_chunk_;   // kBodyStep bytes, while a body is read into a file
  size_t body_received_ = 0;             // of the request's body
  size_t reserved_ = 0;                  // of max_bodies_in_flight, for the request's body
  Clock::time_point body_started_;
  bool timed_out_ = false;
  std::string out_head_;
  std::shared_ptr<const std::string> out_body_;
  bool close_after_ = false;
  size_t drained_ = 0;
  bool closed_ = false;
};

}  // namespace

void Server::Impl::Accept() {
  asio::io_context& target = *contexts[next_context++ % contexts.size()];
  acceptor->async_accept(target.get_executor(), [this](const ErrorCode& ec, Socket socket) {
    if (stopping) return;
    if (ec == asio::error::no_descriptors || ec.value() == ENFILE || ec == asio::error::no_buffer_space ||
        ec == asio::error::no_memory) {
      // Out of file descriptors: the listening socket is left alone for a moment,
      // instead of failing in a tight loop.
      accept_pause->expires_after(kAcceptPause);
      accept_pause->async_wait([this](const ErrorCode& e) {
        if (!e && !stopping) Accept();
      });
      return;
    }
    if (!ec) {
      try {
        Executor executor = socket.get_executor();
        if (tls) {
          auto session = std::make_shared<Session<Impl, true>>(*this, std::move(socket));
          asio::post(executor, [session] { session->Start(); });
        } else {
          auto session = std::make_shared<Session<Impl, false>>(*this, std::move(socket));
          asio::post(executor, [session] { session->Start(); });
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "nara serve: a connection was refused: %s\n", e.what());
      }
    }
    Accept();
  });
}

Server::Server(ServerOptions options, Handler handler, IsSlow is_slow, ErrorAnswer error_answer)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
  impl_->is_slow = std::move(is_slow);
  impl_->error_answer = std::move(error_answer);
  Impl& m = *impl_;
  size_t io = m.options.io_threads > 0 ? static_cast<size_t>(m.options.io_threads)
                                       : std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  // One thread runs each io_context: it needs no locking of its own.
  for (size_t i = 0; i < io; ++i) m.contexts.push_back(std::make_unique<asio::io_context>(1));
  m.accept_pause = std::make_unique<asio::steady_timer>(*m.contexts[0]);
}

Server::~Server() = default;

StatusOr<int> Server::Bind(const std::string& host, int port) {
  Impl& m = *impl_;
  if (!m.options.tls_cert_file.empty() || !m.options.tls_key_file.empty()) {
    NARA_ASSIGN_OR_RETURN(m.tls, MakeTlsContext(m.options.tls_cert_file, m.options.tls_key_file));
  }
  ErrorCode ec;
  asio::ip::address address = asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
  if (ec) {
    return Status::IoError("cannot listen on '" + host +
                           "': give a numeric address such as 127.0.0.1 or 0.0.0.0");
  }
  std::string where = host + ":" + std::to_string(port);
  if (port < 0 || port > 65535) return Status::IoError("cannot listen on " + where + ": not a port");
  tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
  auto acceptor = std::make_unique<tcp::acceptor>(*m.contexts[0]);
  acceptor->open(endpoint.protocol(), ec);
  if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor->bind(endpoint, ec);
  if (!ec) acceptor->listen(1024, ec);
  if (ec) {
    std::string why = ec == asio::error::address_in_use ? "the port is in use; choose another with --port"
                      : ec.value() == EADDRNOTAVAIL     ? "not an address of this machine"
                      : ec == asio::error::access_denied
                          ? "permission denied; ports below 1024 need privileges"
                          : ec.message();
    return Status::IoError("cannot listen on " + where + ": " + why);
  }
  int bound = acceptor->local_endpoint(ec).port();
  m.acceptor = std::move(acceptor);
  return bound;
}

void Server::Run() {
  Impl& m = *impl_;
  if (!m.acceptor || m.stopping) return;
  asio::post(*m.contexts[0], [&m] { m.Accept(); });
  std::vector<std::thread> workers;
  for (int i = 0; i < std::max(1, m.options.workers); ++i) workers.emplace_back([&m] { m.RunWorker(); });
  std::vector<std::thread> others;
  for (size_t i = 1; i < m.contexts.size(); ++i) others.emplace_back([&m, i] { m.RunContext(i); });
  m.RunContext(0);
  for (std::thread& t : others) t.join();
  {
    std::lock_guard<std::mutex> lock(m.jobs_mutex);
    m.workers_done = true;
  }
  m.jobs_cv.notify_all();
  for (std::thread& t : workers) t.join();
}

void Server::Stop() {
  impl_->stopping = true;
  for (auto& context : impl_->contexts) context->stop();
}

}  // namespace nara::serve::http
