// The built web pages (web/dist) as `nara serve` hands them out. The folder's files are
// listed once, when the server starts, and only those are served: no request path can
// name anything else (an absolute path, "..", a symbolic link out of the folder). Each
// is read on its first request and kept in memory (the pages are a few hundred kB).
// Caching headers fit Vite's output: files under /assets/ carry a content hash in their
// name and are cached for a year, everything else (index.html) is revalidated on every
// visit. Every file carries an ETag (a hash of its bytes, etag.h), and a GET whose
// If-None-Match names it is answered 304 Not Modified without the body. Pages built
// anew while the server runs are served after a restart.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "nara/serve/http_message.h"

namespace nara::serve {

class Pages {
 public:
  // Lists the files under `dir`. Empty or without an index.html: no pages (Serve
  // answers a page saying how to build them).
  explicit Pages(std::string dir);

  bool built() const { return built_; }

  // Answers a GET for `path` (percent-decoded): a listed file, "/" (and a path ending
  // in "/") as that folder's index.html, else 404. `if_none_match`: the request's
  // If-None-Match; naming the file's ETag, the answer is 304 without a body.
  void Serve(const std::string& path, std::string_view if_none_match, http::Response& res);

  // The type a file of that name is sent with.
  static std::string ContentType(const std::string& name);

 private:
  std::string dir_;
  bool built_ = false;
  std::unordered_map<std::string, std::string> listed_;  // "/assets/x.js" → the file
  std::mutex mutex_;
  struct File {
    std::shared_ptr<const std::string> bytes;
    std::string etag;
  };
  std::unordered_map<std::string, File> files_;  // read ones, by path
};

}  // namespace nara::serve
