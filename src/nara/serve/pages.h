// The built web pages (web/dist) as `nara serve` hands them out. The folder's files are
// listed once, when the server starts, and only those are served: no request path can
// name anything else (an absolute path, "..", a symbolic link out of the folder). Each
// is read on its first request and kept in memory (the pages are a few hundred kB).
// Caching headers fit Vite's output: files under /assets/ carry a content hash in their
// name and are cached for a year, everything else (index.html) is revalidated on every
// visit. Pages built anew while the server runs are served after a restart.
#pragma once

#include <memory>
#include <mutex>
#include <string>
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
  // in "/") as that folder's index.html, else 404.
  void Serve(const std::string& path, http::Response& res);

  // The type a file of that name is sent with.
  static std::string ContentType(const std::string& name);

 private:
  std::string dir_;
  bool built_ = false;
  std::unordered_map<std::string, std::string> listed_;  // "/assets/x.js" → the file
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const std::string>> files_;  // read ones, by path
};

}  // namespace nara::serve
