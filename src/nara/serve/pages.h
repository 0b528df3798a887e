// The built web pages (web/dist) as `nara serve` hands them out: files under one
// folder, read once and kept in memory (the pages are a few hundred kB), with their
// type, and caching headers that fit Vite's output — files under /assets/ carry a
// content hash in their name and are cached for a year, everything else (index.html)
// is revalidated on every visit.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "nara/serve/http_message.h"

namespace nara::serve {

class Pages {
 public:
  // `dir` empty or without an index.html: no pages (Serve answers the fallback page).
  explicit Pages(std::string dir);

  bool built() const { return built_; }

  // Answers a GET for `path` (percent-decoded): the file, "/" and folders as their
  // index.html, 404 for a missing file or a path that leaves the folder.
  void Serve(const std::string& path, http::Response& res);

  // The type a file of that name is sent with.
  static std::string ContentType(const std::string& name);

 private:
  std::string dir_;
  bool built_ = false;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const std::string>> files_;  // by path
};

}  // namespace nara::serve
