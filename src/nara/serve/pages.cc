#include "nara/serve/pages.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "nara/base/text.h"
#include "nara/serve/etag.h"

namespace nara::serve {
namespace {

namespace fs = std::filesystem;

const char* const kNotBuilt =
    "<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>nara</title></head><body>"
    "<main><h1>nara</h1><p>Webbsidorna är inte byggda. Kör <code>npm ci &amp;&amp; npm run build</code> i "
    "<code>web/</code>, eller starta med <code>--web DIR</code>.</p><p>The web pages are not built. API: "
    "<a href=\"/api/openapi.json\">/api/openapi.json</a>.</p></main></body></html>";

const char* const kNotFound =
    "<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>Sidan finns inte – nara</title>"
    "</head><body><main><h1>Sidan finns inte</h1><p>Det finns ingen sida här. <a href=\"/\">Till "
    "översikten</a>.</p><p lang=\"en\">There is no page here.</p></main></body></html>";

}  // namespace

Pages::Pages(std::string dir) : dir_(std::move(dir)) {
  std::error_code ec;
  built_ = !dir_.empty() && fs::is_regular_file(fs::path(dir_) / "index.html", ec);
  if (!built_) return;
  // Symbolic links are not followed, so nothing outside the folder is listed; a few
  // thousand files at most (Vite writes a handful).
  for (auto it = fs::recursive_directory_iterator(dir_, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    std::error_code fec;
    if (listed_.size() >= 10000) break;
    if (!it->is_regular_file(fec) || it->is_symlink(fec)) continue;
    std::string relative = it->path().lexically_relative(dir_).generic_string();
    if (relative.empty() || relative.rfind("..", 0) == 0) continue;
    listed_.emplace("/" + relative, it->path().string());
  }
}

std::string Pages::ContentType(const std::string& name) {
  std::string ext = AsciiLower(fs::path(name).extension().string());
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "application/javascript";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt" || ext == ".map") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

void Pages::Serve(const std::string& path, std::string_view if_none_match, http::Response& res) {
  if (!built_) {
    res.status = path == "/" || path == "/index.html" ? 200 : 404;
    res.SetBody(kNotBuilt, "text/html; charset=utf-8");
    res.SetHeader("Cache-Control", "no-store");
    return;
  }
  std::string wanted = path.empty() ? "/" : path;
  if (wanted.back() == '/') wanted += "index.html";
  auto listed = listed_.find(wanted);
  if (listed == listed_.end()) {
    res.status = 404;
    res.SetBody(kNotFound, "text/html; charset=utf-8");
    return;
  }
  File file;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = files_.find(wanted);
    if (it != files_.end()) file = it->second;
  }
  if (!file.bytes) {
    std::ifstream in(listed->second, std::ios::binary);
    auto read = std::make_shared<const std::string>(std::istreambuf_iterator<char>(in),
                                                    std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      res.status = 500;
      res.SetBody("cannot read " + wanted, "text/plain; charset=utf-8");
      return;
    }
    std::string etag = BodyETag(*read);
    std::lock_guard<std::mutex> lock(mutex_);
    file = files_.emplace(wanted, File{std::move(read), std::move(etag)}).first->second;
  }
  res.SetHeader("Cache-Control",
                wanted.rfind("/assets/", 0) == 0 ? "public, max-age=31536000, immutable" : "no-cache");
  res.SetHeader("ETag", file.etag);
  if (IfNoneMatchHits(if_none_match, file.etag)) {
    NotModified(res, ContentType(wanted));
    return;
  }
  res.status = 200;
  res.SetStableBody(file.bytes, ContentType(wanted));
}

}  // namespace nara::serve
